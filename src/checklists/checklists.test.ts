import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import { withTenant } from '../db/tx.ts';

let env: TestEnv;
let tenantId: string;
let admin: { id: string; token: string };
let apiKey: string;

before(async () => {
  env = await createTestEnv();
  tenantId = (await env.tenant()).id;
  admin = await env.user(tenantId, 'tenant_admin');
  const key = await env.inject({ method: 'POST', url: '/api/v1/tenant/api-keys', token: admin.token, payload: { name: 'backend', scopes: ['events:write', 'onboarding:read', 'onboarding:write'] } });
  assert.equal(key.statusCode, 201, key.body);
  apiKey = key.json().key;
});
after(() => env.close());

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
const call = (method: Method, url: string, payload?: object, token = admin.token) => env.inject({ method, url, token, ...(payload ? { payload } : {}) });
const track = (events: object[], token = apiKey) => call('POST', '/api/v1/events', events.length === 1 ? events[0]! : { batch: events }, token);

interface TaskState {
  slug: string;
  completed: boolean;
  completed_by: string | null;
  source: string;
}
interface ChecklistState {
  key: string;
  tasks: TaskState[];
  progress: { done: number; required: number };
  completed: boolean;
  current_stage: string | null;
  dismissed_at: string | null;
}

async function statusOf(query: string, key: string): Promise<ChecklistState> {
  const res = await call('GET', `/api/v1/onboarding/status?${query}`);
  assert.equal(res.statusCode, 200, res.body);
  const found = (res.json().items as ChecklistState[]).find((c) => c.key === key);
  assert.ok(found, `checklist ${key} applies: ${res.body}`);
  return found;
}
const done = (state: ChecklistState) =>
  state.tasks
    .filter((t) => t.completed)
    .map((t) => t.slug)
    .sort();

async function onboardingEvents(subjectId: string): Promise<string[]> {
  const { rows } = await env.ctx.db.owner.query(`select type || coalesce(':' || (payload ->> 'task'), '') as e from events where tenant_id = $1 and subject_id = $2 and type like 'onboarding.%' and type <> 'onboarding.initialized' order by id`, [tenantId, subjectId]);
  return rows.map((r) => r.e);
}

const SERVICE_CHECKLIST = {
  title: 'Get started',
  scope: 'user',
  tasks: [
    { slug: 'service', title: 'Create your first service', rule: { kind: 'live_count', object: 'service', min: 1 } },
    { slug: 'invite', title: 'Invite two people', rule: { kind: 'event', event: 'invite.sent', count: 2 } },
    { slug: 'plan', title: 'Choose a plan', rule: { kind: 'property', property: 'plan', equals: 'pro' } },
    { slug: 'tour', title: 'Take the tour', required: false, rule: { kind: 'manual' } },
  ],
};

describe('onboarding checklists', () => {
  it('complete each task from data, un-complete it when the data goes away, and say so in the event log', async () => {
    assert.equal((await call('PUT', '/api/v1/tenant/checklists/start', SERVICE_CHECKLIST)).statusCode, 200);
    const user = await env.user(tenantId, 'member');
    let state = await statusOf(`user_id=${user.id}`, 'start');
    assert.deepEqual([done(state), state.progress, state.current_stage], [[], { done: 0, required: 3 }, 'service']);

    assert.equal((await track([{ event: 'service.created', user_id: user.id }])).statusCode, 200);
    assert.equal((await track([{ event: 'invite.sent', user_id: user.id }])).statusCode, 200);
    state = await statusOf(`user_id=${user.id}`, 'start');
    assert.deepEqual(done(state), ['service'], 'one invite is not two');
    await track([{ event: 'invite.sent', user_id: user.id }]);
    const put = await call('PUT', `/api/v1/subjects/user/${user.id}/properties`, { properties: { plan: 'pro', seats: 3 } }, apiKey);
    assert.equal(put.statusCode, 200, put.body);
    state = await statusOf(`user_id=${user.id}`, 'start');
    assert.deepEqual([done(state), state.completed, state.current_stage], [['invite', 'plan', 'service'], true, null]);
    assert.equal(state.tasks.find((t) => t.slug === 'service')!.completed_by, user.id);

    // the user deletes their only service: the task and the checklist reopen
    await track([{ event: 'service.deleted', user_id: user.id }]);
    state = await statusOf(`user_id=${user.id}`, 'start');
    assert.deepEqual([done(state), state.completed, state.current_stage], [['invite', 'plan'], false, 'service']);
    assert.deepEqual(await onboardingEvents(user.id), ['onboarding.task.completed:service', 'onboarding.task.completed:invite', 'onboarding.task.completed:plan', 'onboarding.completed', 'onboarding.task.uncompleted:service', 'onboarding.reopened']);
    // the member sees the same on their own
    const own = await call('GET', '/api/v1/onboarding', undefined, user.token);
    assert.equal(own.statusCode, 200, own.body);
    assert.deepEqual(done((own.json().items as ChecklistState[]).find((c) => c.key === 'start')!), ['invite', 'plan']);
  });

  it('count what happened before the checklist existed, and a task added later, at once', async () => {
    const user = await env.user(tenantId, 'member');
    await track([
      { event: 'report.created', user_id: user.id },
      { event: 'report.created', user_id: user.id },
      { event: 'report.deleted', user_id: user.id },
      { event: 'export.done', user_id: user.id },
    ]);
    const first = { title: 'Reports', scope: 'user', tasks: [{ slug: 'report', title: 'Make a report', rule: { kind: 'live_count', object: 'report' } }] };
    const created = await call('PUT', '/api/v1/tenant/checklists/reports', first);
    assert.deepEqual([created.statusCode, created.json().version, created.json().changed], [200, 1, true]);
    assert.deepEqual(done(await statusOf(`user_id=${user.id}`, 'reports')), ['report']);
    const same = await call('PUT', '/api/v1/tenant/checklists/reports', first);
    assert.deepEqual([same.json().version, same.json().changed], [1, false], 'the same content again changes nothing');
    const second = await call('PUT', '/api/v1/tenant/checklists/reports', { ...first, tasks: [...first.tasks, { slug: 'export', title: 'Export it', rule: { kind: 'event', event: 'export.done' } }] });
    assert.equal(second.json().version, 2);
    assert.deepEqual(done(await statusOf(`user_id=${user.id}`, 'reports')), ['export', 'report']);
    const v1 = await call('GET', '/api/v1/tenant/checklists/reports?version=1');
    assert.deepEqual(
      v1.json().tasks.map((t: { slug: string }) => t.slug),
      ['report'],
      'versions are kept',
    );
  });

  it('count any member’s events for an organisation checklist, and show who did each task', async () => {
    await call('PUT', '/api/v1/tenant/checklists/team', {
      title: 'Team setup',
      scope: 'organization',
      tasks: [
        { slug: 'project', title: 'Create a project', rule: { kind: 'live_count', object: 'project' } },
        { slug: 'invite', title: 'Invite someone', rule: { kind: 'event', event: 'teammate.invited' } },
      ],
    });
    const organization = (await call('POST', '/api/v1/organizations', { name: 'Acme' })).json().id;
    const a = await env.user(tenantId, 'member');
    const b = await env.user(tenantId, 'member');
    for (const user of [a, b]) assert.equal((await call('PUT', `/api/v1/organizations/${organization}/members/${user.id}`, {})).statusCode, 200);
    await track([{ event: 'project.created', user_id: a.id }]);
    // user B sees the organisation's progress: A's project counts for them too
    const seenByB = ((await call('GET', '/api/v1/onboarding', undefined, b.token)).json().items as ChecklistState[]).find((c) => c.key === 'team')!;
    assert.deepEqual(done(seenByB), ['project']);
    assert.equal(seenByB.tasks.find((t) => t.slug === 'project')!.completed_by, a.id);
    // B's own token reports B's event: it counts for the organisation
    const own = await track([{ event: 'teammate.invited' }], b.token);
    assert.equal(own.statusCode, 200, own.body);
    const state = await statusOf(`organization_id=${organization}`, 'team');
    assert.deepEqual([done(state), state.completed], [['invite', 'project'], true]);
    assert.equal(state.tasks.find((t) => t.slug === 'invite')!.completed_by, b.id);
    // a user token may not speak for someone else
    const foreign = await track([{ event: 'teammate.invited', user_id: a.id }], b.token);
    assert.deepEqual([foreign.statusCode, foreign.json().code], [403, 'event_subject_forbidden']);
  });

  it('store each message_id once and count it once, under 20 concurrent deliveries of the same events', async () => {
    await call('PUT', '/api/v1/tenant/checklists/concurrency', { title: 'Three uploads', scope: 'user', tasks: [{ slug: 'uploads', title: 'Upload three files', rule: { kind: 'event', event: 'file.uploaded', count: 3 } }] });
    const user = await env.user(tenantId, 'member');
    const batch = [1, 2].map((n) => ({ event: 'file.uploaded', user_id: user.id, message_id: `upload-${user.id}-${n}` }));
    const answers = await Promise.all(Array.from({ length: 20 }, () => track(batch)));
    assert.deepEqual(
      answers.map((a) => a.statusCode),
      Array(20).fill(200),
    );
    assert.equal(
      answers.reduce((sum, a) => sum + a.json().stored, 0),
      2,
      'each event stored once',
    );
    assert.deepEqual(done(await statusOf(`user_id=${user.id}`, 'concurrency')), [], 'two distinct events are not three');
    const { rows } = await env.ctx.db.owner.query(`select value from onboarding_counters where tenant_id = $1 and subject_id = $2 and counter = 'event:file.uploaded'`, [tenantId, user.id]);
    assert.equal(Number(rows[0].value), 2);
    // 20 concurrent distinct events: all count, and the task completes exactly once
    await Promise.all(Array.from({ length: 20 }, (_, n) => track([{ event: 'file.uploaded', user_id: user.id, message_id: `more-${user.id}-${n}` }])));
    assert.deepEqual(done(await statusOf(`user_id=${user.id}`, 'concurrency')), ['uploads']);
    assert.deepEqual(await onboardingEvents(user.id), ['onboarding.task.completed:uploads', 'onboarding.completed']);
  });

  it('let a user complete a manual task, refuse a derived one, and let an admin override and un-override', async () => {
    const user = await env.user(tenantId, 'member');
    const manual = await call('POST', '/api/v1/onboarding/complete/tour?checklist=start', undefined, user.token);
    assert.equal(manual.statusCode, 200, manual.body);
    assert.equal(manual.json().tasks.find((t: TaskState) => t.slug === 'tour').source, 'manual');
    const derived = await call('POST', '/api/v1/onboarding/complete/service?checklist=start', undefined, user.token);
    assert.deepEqual([derived.statusCode, derived.json().code], [409, 'task_derived']);
    const unknown = await call('POST', '/api/v1/onboarding/complete/no-such-task', undefined, user.token);
    assert.deepEqual([unknown.statusCode, unknown.json().code], [404, 'task_not_found']);
    await call('PUT', '/api/v1/tenant/checklists/extra', { title: 'Extra', scope: 'user', tasks: [{ slug: 'tour', title: 'Another tour', rule: { kind: 'manual' } }] });
    const ambiguous = await call('POST', '/api/v1/onboarding/complete/tour', undefined, user.token);
    assert.deepEqual([ambiguous.statusCode, ambiguous.json().code], [409, 'task_ambiguous']);
    assert.equal((await call('DELETE', '/api/v1/tenant/checklists/extra')).statusCode, 204);
    assert.equal((await call('POST', '/api/v1/onboarding/complete/tour', undefined, user.token)).statusCode, 200, 'a deleted checklist applies to nobody');

    const overridden = await call('POST', `/api/v1/onboarding/subjects/user/${user.id}/tasks/service/override?checklist=start`, { completed: true, reason: 'migrated from the old system' });
    assert.equal(overridden.statusCode, 200, overridden.body);
    const service = overridden.json().tasks.find((t: TaskState) => t.slug === 'service');
    assert.deepEqual([service.completed, service.source, service.completed_by], [true, 'override', admin.id]);
    const { rows: told } = await env.ctx.db.owner.query(`select payload from events where tenant_id = $1 and subject_id = $2 and type = 'onboarding.task.completed' and payload ->> 'task' = 'service'`, [tenantId, user.id]);
    assert.deepEqual(
      told.map((r) => [r.payload.source, r.payload.reason]),
      [['override', 'migrated from the old system']],
      'the event says why',
    );
    const removed = await call('DELETE', `/api/v1/onboarding/subjects/user/${user.id}/tasks/service/override?checklist=start`);
    assert.equal(removed.json().tasks.find((t: TaskState) => t.slug === 'service').completed, false, 'the rule decides again');
    const { rows } = await env.ctx.db.owner.query(`select action from audit_log where tenant_id = $1 and target_id = $2 order by id`, [tenantId, user.id]);
    assert.deepEqual(
      rows.map((r) => r.action).filter((a: string) => a.startsWith('onboarding.')),
      ['onboarding.overridden', 'onboarding.override_removed'],
    );
  });

  it('hide a dismissed checklist without touching its data, and show it again', async () => {
    const user = await env.user(tenantId, 'member');
    await track([{ event: 'service.created', user_id: user.id }]);
    const dismissed = await call('POST', '/api/v1/onboarding/dismiss?checklist=start', undefined, user.token);
    assert.equal(dismissed.statusCode, 200, dismissed.body);
    const state = await statusOf(`user_id=${user.id}`, 'start');
    assert.ok(state.dismissed_at);
    assert.deepEqual(done(state), ['service'], 'the data stays');
    await call('DELETE', '/api/v1/onboarding/dismiss?checklist=start', undefined, user.token);
    assert.equal((await statusOf(`user_id=${user.id}`, 'start')).dismissed_at, null);
  });

  it('count domain events too: a rule can read what Embark itself records', async () => {
    await call('PUT', '/api/v1/tenant/checklists/joined', { title: 'Join a team', scope: 'user', tasks: [{ slug: 'team', title: 'Join an organisation', rule: { kind: 'event', event: 'organization.member_added' } }] });
    const user = await env.user(tenantId, 'member');
    assert.deepEqual(done(await statusOf(`user_id=${user.id}`, 'joined')), []);
    const organization = (await call('POST', '/api/v1/organizations', { name: 'Joined Ltd' })).json().id;
    await call('PUT', `/api/v1/organizations/${organization}/members/${user.id}`, {});
    assert.deepEqual(done(await statusOf(`user_id=${user.id}`, 'joined')), ['team']);
  });

  it('answer clear errors: unknown subjects, duplicate slugs, reserved events, timestamps out of range', async () => {
    const unknown = await track([{ event: 'x.happened', user_id: '00000000-0000-4000-8000-000000000000' }]);
    assert.deepEqual([unknown.statusCode, unknown.json().code, unknown.json().errors], [422, 'event_subject_unknown', [{ index: 0, field: 'user_id' }]]);
    const known = await env.user(tenantId, 'member');
    const mixed = await track([
      { event: 'x.happened', user_id: known.id },
      { event: 'x.happened', user_id: known.id, organization_id: '00000000-0000-4000-8000-000000000001' },
      { event: 'x.happened', user_id: '00000000-0000-4000-8000-000000000002' },
    ]);
    assert.deepEqual(
      [mixed.statusCode, mixed.json().errors],
      [
        422,
        [
          { index: 1, field: 'organization_id' },
          { index: 2, field: 'user_id' },
        ],
      ],
    );
    const { rows: kept } = await env.ctx.db.owner.query(`select count(*)::int as n from tracked_events where tenant_id = $1 and user_id = $2`, [tenantId, known.id]);
    assert.equal(kept[0].n, 0, 'nothing of the batch was stored');
    const dup = await call('PUT', '/api/v1/tenant/checklists/bad', {
      title: 'Bad',
      scope: 'user',
      tasks: [
        { slug: 'a', title: 'A', rule: { kind: 'manual' } },
        { slug: 'a', title: 'A again', rule: { kind: 'onboarding' } },
      ],
    });
    assert.equal(dup.statusCode, 400, 'an unknown rule kind is a schema error');
    const twice = await call('PUT', '/api/v1/tenant/checklists/bad', {
      title: 'Bad',
      scope: 'user',
      tasks: [
        { slug: 'a', title: 'A', rule: { kind: 'manual' } },
        { slug: 'a', title: 'A again', rule: { kind: 'event', event: 'onboarding.completed' } },
      ],
    });
    assert.deepEqual([twice.statusCode, twice.json().code, twice.json().errors.length], [422, 'checklist_invalid', 2]);
    const future = await track([{ event: 'x.happened', timestamp: new Date(Date.now() + 3600_000).toISOString() }]);
    assert.deepEqual([future.statusCode, future.json().code], [422, 'timestamp_out_of_range']);
    const missing = await call('GET', '/api/v1/tenant/checklists/nothing_here');
    assert.deepEqual([missing.statusCode, missing.json().code], [404, 'checklist_not_found']);
  });

  it('list everyone’s progress through a checklist, filtered', async () => {
    const all = await call('GET', '/api/v1/tenant/checklists/start/progress?limit=200');
    assert.equal(all.statusCode, 200, all.body);
    assert.ok(all.json().items.length >= 3);
    const complete = await call('GET', '/api/v1/tenant/checklists/start/progress?status=complete&limit=200');
    assert.ok(complete.json().items.every((p: { completed_at: string | null }) => p.completed_at !== null));
    const incomplete = await call('GET', '/api/v1/tenant/checklists/start/progress?status=incomplete&limit=200');
    assert.equal(complete.json().items.length + incomplete.json().items.length, all.json().items.length);
  });

  it('store events through the SQL helper for an app that shares the database', async () => {
    const user = await env.user(tenantId, 'member');
    const stored = await withTenant(env.ctx.db.app, tenantId, async (tx) => {
      const first = await tx.query(`select track_event($1, 'service.created', $2, '{}', null, 'sql-1') as stored`, [tenantId, user.id]);
      const again = await tx.query(`select track_event($1, 'service.created', $2, '{}', null, 'sql-1') as stored`, [tenantId, user.id]);
      return [first.rows[0].stored, again.rows[0].stored];
    });
    assert.deepEqual(stored, [true, false]);
    assert.deepEqual(done(await statusOf(`user_id=${user.id}`, 'start')), ['service']);
  });

  it('give a new user their progress at once, and make a CRM contact active when its account finishes onboarding', async () => {
    await call('PUT', '/api/v1/tenant/checklists/crm_ready', { title: 'Ready', scope: 'user', tasks: [{ slug: 'profile', title: 'Fill in your profile', rule: { kind: 'property', property: 'profile_done', equals: true } }] });
    const contact = await call('POST', '/api/v1/crm/contacts', { first_name: 'Ada', last_name: 'Active', email: 'ada.active@example.test' });
    assert.equal(contact.statusCode, 201, contact.body);
    const id = contact.json().id;
    assert.equal((await call('POST', `/api/v1/crm/contacts/${id}/status`, { status: 'qualified' })).statusCode, 200);
    const provisioned = await call('POST', `/api/v1/crm/contacts/${id}/provision`);
    assert.equal(provisioned.statusCode, 201, provisioned.body);
    const userId = provisioned.json().user_id;
    const { rows: progress } = await env.ctx.db.owner.query(`select checklist_key, done, required from onboarding_progress where tenant_id = $1 and subject_id = $2 order by 1`, [tenantId, userId]);
    assert.ok(
      progress.some((p) => p.checklist_key === 'crm_ready' && p.done === 0 && p.required === 1),
      JSON.stringify(progress),
    );
    // every checklist that applies to the user completes: the contact becomes active, once
    for (const state of (await call('GET', `/api/v1/onboarding/status?user_id=${userId}`)).json().items as ChecklistState[]) {
      for (const task of state.tasks.filter((t) => !t.completed)) {
        assert.equal((await call('POST', `/api/v1/onboarding/subjects/user/${userId}/tasks/${task.slug}/override?checklist=${state.key}`, { completed: true, reason: 'done elsewhere' })).statusCode, 200);
      }
    }
    const after = await call('GET', `/api/v1/crm/contacts/${id}`);
    assert.equal(after.json().status, 'active', after.body);
    const { rows } = await env.ctx.db.owner.query(`select from_status, to_status, actor_kind, note from crm_contact_transitions where tenant_id = $1 and contact_id = $2 order by id`, [tenantId, id]);
    assert.deepEqual(rows.at(-1), { from_status: 'onboarding', to_status: 'active', actor_kind: 'system', note: 'onboarding completed' });
    assert.equal(rows.filter((r) => r.to_status === 'active').length, 1);
  });
});
