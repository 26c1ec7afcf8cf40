import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, drainJobs, SYSTEM_ACTOR, type TestEnv } from '../../test/helpers.ts';
import { fill, validBody } from '../../test/schema-samples.ts';
import { startSmtpFake } from '../../test/fakes/smtp.ts';
import { putChannel } from '../messaging/channels.service.ts';

let env: TestEnv;
let tenantId: string;
let staff: { id: string; token: string };

before(async () => {
  env = await createTestEnv();
  tenantId = (await env.tenant()).id;
  staff = await env.user(tenantId, 'staff');
});
after(() => env.close());

type Method = 'GET' | 'POST' | 'PATCH';
const call = (method: Method, url: string, payload?: object, token = staff.token) => env.inject({ method, url, token, ...(payload ? { payload } : {}) });

describe('CRM contacts', () => {
  it('are created as leads, edited, and listed by status and text', async () => {
    const created = await call('POST', '/api/v1/crm/contacts', { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.test', company: 'Analytical', custom: { plan: 'pro', seats: 5 } });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().status, 'lead');
    const id = created.json().id;
    const edited = await call('PATCH', `/api/v1/crm/contacts/${id}`, { phone: '+15555550100', notes: null, owner_id: staff.id });
    assert.deepEqual([edited.json().phone, edited.json().owner_id, edited.json().custom], ['+15555550100', staff.id, { plan: 'pro', seats: 5 }]);
    const found = (await call('GET', '/api/v1/crm/contacts?q=lovel&status=lead')).json();
    assert.deepEqual(
      found.items.map((c: { id: string }) => c.id),
      [id],
    );
    assert.equal((await call('GET', '/api/v1/crm/contacts?q=nobody')).json().total, 0);
    assert.equal((await call('GET', `/api/v1/crm/contacts?owner_id=${staff.id}`)).json().total, 1);
  });

  it('move only along the pipeline, each move in the history with who and why', async () => {
    const id = (await call('POST', '/api/v1/crm/contacts', { email: 'grace@example.test' })).json().id;
    const qualified = await call('POST', `/api/v1/crm/contacts/${id}/status`, { status: 'qualified', note: 'budget confirmed' });
    assert.equal(qualified.statusCode, 200, qualified.body);
    for (const status of ['onboarding', 'active']) {
      const refused = await call('POST', `/api/v1/crm/contacts/${id}/status`, { status });
      assert.equal(refused.statusCode, 409, `${status}: ${refused.body}`);
      assert.equal(refused.json().code, 'contact_transition_refused');
    }
    await call('POST', `/api/v1/crm/contacts/${id}/status`, { status: 'lost' });
    const back = (await call('POST', `/api/v1/crm/contacts/${id}/status`, { status: 'lead' })).json();
    assert.deepEqual(
      back.history.map((t: { from_status: string | null; to_status: string }) => [t.from_status, t.to_status]),
      [
        [null, 'lead'],
        ['lead', 'qualified'],
        ['qualified', 'lost'],
        ['lost', 'lead'],
      ],
    );
    assert.deepEqual([back.history[1].note, back.history[1].actor_id, back.history[1].actor_kind], ['budget confirmed', staff.id, 'user']);
  });

  it('keep one contact per email in a tenant, in any case', async () => {
    await call('POST', '/api/v1/crm/contacts', { email: 'same@example.test' });
    const again = await call('POST', '/api/v1/crm/contacts', { email: 'SAME@example.test' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'contact_email_taken');
  });

  it('import from CSV, reporting each refused row by its line and creating the rest', async () => {
    const csv = ['First Name,last_name,Email,phone,Region', 'Lin,Yu,lin@example.test,+15555550101,north', 'Bad,Phone,bad@example.test,555-0102,south', '"Quote, Inc",,"quote@example.test",,', ',,,,', 'Dup,,same2@example.test,,', 'Dup,,same2@example.test,,'].join('\r\n');
    const res = await call('POST', '/api/v1/crm/contacts/import', { csv });
    assert.equal(res.statusCode, 200, res.body);
    const report = res.json();
    assert.equal(report.imported, 3);
    assert.deepEqual(
      report.errors.map((e: { row: number }) => e.row),
      [3, 7],
    );
    assert.match(report.errors[0].errors.join(), /phone/);
    assert.match(report.errors[1].errors.join(), /email address/);
    const lin = (await call('GET', '/api/v1/crm/contacts?q=lin%40example')).json().items[0];
    assert.deepEqual([lin.first_name, lin.custom], ['Lin', { region: 'north' }]);
    assert.deepEqual((await call('POST', '/api/v1/crm/contacts/import', { csv: 'only,a,header' })).json(), { imported: 0, refused: 0, ids: [], errors: [] });
    for (const bad of ['\n', 'a\n"open', `email\n${'x@example.test\n'.repeat(1001)}`, 'a,A\n1,2']) {
      const refused = await call('POST', '/api/v1/crm/contacts/import', { csv: bad });
      assert.equal(refused.statusCode, 400, `${JSON.stringify(bad.slice(0, 30))}: ${refused.body}`);
    }
  });

  it('are refused to members (403) and to bad input (400), never a 500', async () => {
    const member = await env.user(tenantId, 'member');
    for (const [method, url] of [
      ['GET', '/api/v1/crm/contacts'],
      ['POST', '/api/v1/crm/contacts'],
    ] as const) {
      assert.equal((await call(method, url, method === 'POST' ? { email: 'm@example.test' } : undefined, member.token)).statusCode, 403);
    }
    assert.equal((await call('POST', '/api/v1/crm/contacts', {})).json().code, 'contact_empty');
    for (const payload of [{ email: 'not-an-email' }, { phone: '12' }, { first_name: 'x'.repeat(101) }, { first_name: 'a\u0000b' }, { custom: { deep: { no: 1 } } }, { owner_id: 'nope' }]) {
      const res = await call('POST', '/api/v1/crm/contacts', payload);
      assert.equal(res.statusCode, 400, `${JSON.stringify(payload)}: ${res.body}`);
    }
    const other = await env.tenant();
    const stranger = await env.user(other.id, 'staff');
    const res = await call('POST', '/api/v1/crm/contacts', { email: 'owned@example.test', owner_id: stranger.id });
    assert.equal(res.json().code, 'user_not_found');
  });
});

describe('approving a contact into an account', () => {
  const qualifiedContact = async (email: string) => {
    const id = (await call('POST', '/api/v1/crm/contacts', { first_name: 'Kat', email })).json().id;
    assert.equal((await call('POST', `/api/v1/crm/contacts/${id}/status`, { status: 'qualified' })).statusCode, 200);
    return id;
  };

  it('creates one user, one welcome email and one move to onboarding, whatever ten concurrent approvals do', async () => {
    const id = await qualifiedContact('kat@example.test');
    const answers = await Promise.all(Array.from({ length: 10 }, () => call('POST', `/api/v1/crm/contacts/${id}/provision`)));
    const created = answers.filter((a) => a.statusCode === 201);
    assert.equal(created.length, 1, answers.map((a) => `${a.statusCode} ${a.body}`).join('\n'));
    const userId = created[0]!.json().user_id;
    for (const other of answers.filter((a) => a.statusCode !== 201)) {
      assert.equal(other.statusCode, 409, other.body);
      assert.deepEqual([other.json().code, other.json().user_id], ['account_exists', userId]);
    }
    for (const answer of answers) assert.doesNotMatch(answer.body, /password/i);
    const { rows: users } = await env.ctx.db.owner.query(`select id, must_change_password from users where tenant_id = $1 and email = 'kat@example.test'`, [tenantId]);
    assert.deepEqual(users, [{ id: userId, must_change_password: true }]);
    const { rows: messages } = await env.ctx.db.owner.query(`select bundle, content from messages where tenant_id = $1 and recipient = 'kat@example.test'`, [tenantId]);
    assert.equal(messages.filter((m) => m.bundle === 'temporary_password_email').length, 1);
    const contact = (await call('GET', `/api/v1/crm/contacts/${id}`)).json();
    assert.deepEqual([contact.status, contact.user_id, contact.history.at(-1).to_status], ['onboarding', userId, 'onboarding']);
  });

  it('refuses a contact that is not qualified (400) and one whose email a user has (409 with that user)', async () => {
    const lead = (await call('POST', '/api/v1/crm/contacts', { email: 'lead@example.test' })).json().id;
    const refused = await call('POST', `/api/v1/crm/contacts/${lead}/provision`);
    assert.deepEqual([refused.statusCode, refused.json().code], [400, 'contact_not_qualified']);
    const taken = await env.user(tenantId, 'member', 'taken@example.test');
    const id = await qualifiedContact('taken@example.test');
    const exists = await call('POST', `/api/v1/crm/contacts/${id}/provision`);
    assert.deepEqual([exists.statusCode, exists.json().code, exists.json().user_id], [409, 'account_exists', taken.id]);
    assert.equal((await call('GET', `/api/v1/crm/contacts/${id}`)).json().status, 'qualified', 'nothing changed');
  });

  it('approves in bulk, reporting each contact', async () => {
    const a = await qualifiedContact('bulk-a@example.test');
    const b = (await call('POST', '/api/v1/crm/contacts', { email: 'bulk-b@example.test' })).json().id;
    const res = await call('POST', '/api/v1/crm/contacts/provision', { ids: [a, b] });
    assert.deepEqual(
      res.json().results.map((r: { outcome: string }) => r.outcome),
      ['created', 'contact_not_qualified'],
    );
  });
});

describe('the activity feed', () => {
  it("shows a contact's moves, its approval and its account's events, newest first, and nothing of another contact", async () => {
    const id = (await call('POST', '/api/v1/crm/contacts', { first_name: 'Feed', email: 'feed@example.test' })).json().id;
    const other = (await call('POST', '/api/v1/crm/contacts', { first_name: 'Other', email: 'other-feed@example.test' })).json().id;
    await call('POST', `/api/v1/crm/contacts/${id}/status`, { status: 'qualified', note: 'ready' });
    const { user_id: userId } = (await call('POST', `/api/v1/crm/contacts/${id}/provision`)).json();
    const feed = (await call('GET', `/api/v1/feed?contact_id=${id}`)).json();
    const types = feed.items.map((e: { type: string }) => e.type);
    assert.deepEqual(
      types.filter((t: string) => t.startsWith('crm.') || t.startsWith('onboarding.account')),
      ['onboarding.account.provisioned', 'crm.contact.moved', 'crm.contact.moved', 'crm.contact.created'],
    );
    assert.ok(types.includes('user.created'), `the account's own events are there too: ${types.join(', ')}`);
    assert.ok(feed.items.every((e: { subject: { id: string }; payload: { user_id?: string } }) => e.subject.id === id || e.payload.user_id === userId));
    assert.ok(!JSON.stringify(feed).includes(other));
    assert.equal(feed.items[0].actor.user_id, staff.id);
    assert.doesNotMatch(JSON.stringify(feed), /password/i);
    const provisioned = (await call('GET', '/api/v1/feed?type=onboarding.account.provisioned')).json();
    assert.ok(provisioned.items.some((e: { payload: { contact_id: string } }) => e.payload.contact_id === id));
    assert.equal((await call('GET', `/api/v1/feed?contact_id=${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`)).json().code, 'contact_not_found');
  });
});

describe('who may use the CRM', () => {
  // every CRM route the app registers, so one added later is covered without editing this test
  const crmRoutes = () => env.app.routeTable.filter((r) => r.url.startsWith('/api/v1/crm/') || r.url === '/api/v1/feed');

  it('refuses members with 403 on every CRM route, even with a valid request for a contact of their tenant', async () => {
    const member = await env.user(tenantId, 'member');
    const contact = (await call('POST', '/api/v1/crm/contacts', { first_name: 'Hidden', email: 'hidden@example.test' })).json().id;
    const routes = crmRoutes();
    assert.ok(routes.length >= 9, `the CRM routes: ${routes.map((r) => `${r.method} ${r.url}`).join(', ')}`);
    for (const route of routes) {
      const body = validBody(route);
      const res = await env.inject({ method: route.method as Method, url: fill(route, { id: contact }), token: member.token, ...(body === undefined ? {} : { payload: body as object }) });
      assert.equal(res.statusCode, 403, `${route.method} ${route.url}: ${res.body}`);
      assert.doesNotMatch(res.body, /Hidden|hidden@example/);
    }
    const { rows } = await env.ctx.db.owner.query(`select status, user_id from crm_contacts where tenant_id = $1 and id = $2`, [tenantId, contact]);
    assert.deepEqual(rows, [{ status: 'lead', user_id: null }], 'nothing a member sent changed the contact');
  });

  it('lets tenant admins in, and global admins acting as the tenant with X-Tenant-Id, but not without one', async () => {
    const admin = await env.user(tenantId, 'tenant_admin');
    assert.equal((await call('GET', '/api/v1/crm/contacts', undefined, admin.token)).statusCode, 200);
    const global = await env.globalAdmin();
    const acting = await env.inject({ method: 'POST', url: '/api/v1/crm/contacts', token: global.token, tenantId, payload: { first_name: 'Acted', email: 'acted@example.test' } });
    assert.equal(acting.statusCode, 201, acting.body);
    const moved = await env.inject({ method: 'POST', url: `/api/v1/crm/contacts/${acting.json().id}/status`, token: global.token, tenantId, payload: { status: 'qualified', note: 'by the platform' } });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.deepEqual([moved.json().history.at(-1).actor_id, moved.json().history.at(-1).actor_email], [global.id, null], "a global admin's move names them, with no tenant email");
    const { rows } = await env.ctx.db.owner.query(`select tenant_id from crm_contacts where id = $1`, [acting.json().id]);
    assert.deepEqual(rows, [{ tenant_id: tenantId }]);
    const without = await env.inject({ method: 'GET', url: '/api/v1/crm/contacts', token: global.token });
    assert.ok([400, 403].includes(without.statusCode), `no tenant named: ${without.statusCode} ${without.body}`);
  });
});

describe('the welcome email of an approval', () => {
  it("is queued with its job in the approval's own transaction, so a worker that starts later sends it: the password and the sign-in link, through real SMTP", async () => {
    const smtp = await startSmtpFake();
    try {
      const tenant = await env.tenant('Welcome Co');
      const admin = await env.user(tenant.id, 'tenant_admin');
      await putChannel(env.ctx, SYSTEM_ACTOR, tenant.id, 'email', { provider: 'smtp', from: 'hello@welcome.example.test', credentials: { host: smtp.host, port: smtp.port, ignore_tls: true } });
      const id = (await call('POST', '/api/v1/crm/contacts', { first_name: 'Wen', email: 'wen@welcome.example.test' }, admin.token)).json().id;
      await call('POST', `/api/v1/crm/contacts/${id}/status`, { status: 'qualified' }, admin.token);
      const approved = await call('POST', `/api/v1/crm/contacts/${id}/provision`, undefined, admin.token);
      assert.equal(approved.statusCode, 201, approved.body);
      // committed with the approval: the message and the job that sends it; nothing has been sent yet
      const { rows } = await env.ctx.db.owner.query(
        `select m.status, (select count(*)::int from graphile_worker.jobs j where j.key = 'message:' || m.id) as jobs
           from messages m where m.tenant_id = $1 and m.bundle = 'temporary_password_email' and m.recipient = 'wen@welcome.example.test'`,
        [tenant.id],
      );
      assert.deepEqual(rows, [{ status: 'queued', jobs: 1 }]);
      assert.equal(smtp.messages.length, 0);
      await drainJobs(env.ctx);
      const mail = smtp.messages.find((m) => /temporary password is/.test(m.text ?? ''));
      assert.ok(mail, `the welcome email was sent: ${smtp.messages.map((m) => m.subject).join(', ')}`);
      assert.deepEqual(mail.envelope.rcptTo, ['wen@welcome.example.test']);
      const password = /temporary password is:\s+(\S+)/.exec(mail.text ?? '')?.[1] ?? '';
      assert.ok(password.length >= 16);
      assert.ok(mail.text?.includes(`${env.config.publicUrl}/t/${tenant.subdomain}/login`));
      assert.doesNotMatch(approved.body, new RegExp(password.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      const first = await env.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'wen@welcome.example.test', password, tenant: tenant.subdomain } });
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(first.json().must_change_password, true);
      smtp.assertNoViolations();
    } finally {
      await smtp.close();
    }
  });
});
