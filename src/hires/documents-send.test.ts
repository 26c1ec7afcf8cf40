/**
 * Sending a hire's documents from Embark through Dropbox Sign (issue 14 §2), against the fake of its
 * API: one signature request per document kind from the tenant's template, to the hire's personal
 * address with the hire and kind in its metadata, registered as the kind's document, so its signed
 * callbacks complete the documents and start the provisioning run. A refusal or an outage registers
 * nothing and says why.
 */
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';
import { dropboxSignRequest, signedDocuSignWebhook } from '../../test/fakes/esign.ts';
import { esignatureError, startDocuSignFake, type DocuSignFake } from '../../test/fakes/docusign.ts';
import { dropboxSignError, startDropboxSignFake, type DropboxSignFake } from '../../test/fakes/dropbox-sign.ts';
import { createDropboxSignSender } from '../providers/esign/dropbox-sign.ts';
import { assertProviderError } from '../../test/fakes/assertions.ts';

const API_KEY = 'dropbox-sign-api-key-send-tests';
const TEMPLATES = { 'tmpl-w9': ['Employee'], 'tmpl-baa': ['Employee'], 'tmpl-two-roles': ['Employee', 'Manager'] };
let env: TestEnv;
let fake: DropboxSignFake;
let tenant: { id: string; subdomain: string };
let admin: { token: string };

const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => env.inject({ method, url, token: admin.token, ...(payload ? { payload } : {}) });
const postCallback = (payload: Record<string, unknown>) => {
  const request = dropboxSignRequest(payload);
  return env.app.inject({ method: 'POST', url: `/api/v1/webhooks/esign/dropbox-sign/${tenant.subdomain}`, headers: request.headers, payload: request.body });
};

before(async () => {
  env = await createTestEnv();
  fake = await startDropboxSignFake({ apiKey: API_KEY, templates: TEMPLATES });
  tenant = await env.tenant();
  admin = await env.user(tenant.id, 'tenant_admin');
  const settings = await call('PUT', '/api/v1/tenant/hire-settings', {
    document_kinds: [
      { key: 'w9', label: 'W-9' },
      { key: 'baa', label: 'BAA' },
    ],
    email_domain: 'corp.example.test',
    sign_in_url: null,
  });
  assert.equal(settings.statusCode, 200, settings.body);
  assert.equal((await call('PUT', '/api/v1/integrations/esign/dropbox_sign', { credentials: { api_key: API_KEY, base_url: fake.url } })).statusCode, 200);
});
after(async () => {
  await fake.close();
  await env.close();
});

async function newHire(last: string): Promise<string> {
  const res = await call('POST', '/api/v1/hires', { first_name: 'Mae', last_name: last, personal_email: `mae.${last.toLowerCase()}@personal.example.test` });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id;
}

describe('POST /api/v1/hires/:id/documents/send', () => {
  it('sends each document from its template to the personal inbox, registers it, and its signed callbacks start the run', async () => {
    const hireId = await newHire('Jemison');
    const w9 = await call('POST', `/api/v1/hires/${hireId}/documents/send`, { kind: 'w9', template_id: 'tmpl-w9', signer_role: 'Employee', test_mode: true });
    assert.equal(w9.statusCode, 200, w9.body);
    const baa = await call('POST', `/api/v1/hires/${hireId}/documents/send`, { kind: 'baa', template_id: 'tmpl-baa', signer_role: 'Employee' });
    assert.equal(baa.statusCode, 200, baa.body);
    assert.deepEqual(
      fake.sent.map((r) => [r.template_ids, r.signers, r.metadata, r.title, r.test_mode]),
      [
        [['tmpl-w9'], [{ role: 'Employee', name: 'Mae Jemison', email_address: 'mae.jemison@personal.example.test' }], { embark_hire_id: hireId, embark_document_kind: 'w9' }, 'W-9', true],
        [['tmpl-baa'], [{ role: 'Employee', name: 'Mae Jemison', email_address: 'mae.jemison@personal.example.test' }], { embark_hire_id: hireId, embark_document_kind: 'baa' }, 'BAA', false],
      ],
    );
    const shown = baa.json();
    assert.deepEqual(shown.documents.map((d: { kind: string; provider: string; envelope_id: string; status: string }) => [d.kind, d.provider, d.envelope_id, d.status]).sort(), [
      ['baa', 'dropbox_sign', fake.sent[1]!.signature_request_id, 'sent'],
      ['w9', 'dropbox_sign', fake.sent[0]!.signature_request_id, 'sent'],
    ]);
    const { rows: audit } = await env.ctx.db.owner.query(`select action, details ->> 'template_id' as template_id from audit_log where tenant_id = $1 and action = 'hire.document_sent' order by created_at`, [tenant.id]);
    assert.deepEqual(
      audit.map((a) => a.template_id),
      ['tmpl-w9', 'tmpl-baa'],
    );

    for (const request of fake.sent) {
      const res = await postCallback(fake.callback(request.signature_request_id, 'signature_request_all_signed'));
      assert.deepEqual([res.statusCode, res.body], [200, 'Hello API Event Received']);
    }
    const hire = (await call('GET', `/api/v1/hires/${hireId}`)).json();
    assert.deepEqual([hire.status, hire.documents_missing], ['provisioning', []]);
    fake.assertNoViolations();
  });

  it('leaves a document its callbacks still find when the registration after the send was lost: the metadata names the hire and kind', async () => {
    const hireId = await newHire('Ride');
    // what a crash right after the send leaves: the request exists at Dropbox Sign, Embark has no row of it
    const { signatureRequestId } = await createDropboxSignSender({ api_key: API_KEY, base_url: fake.url }).sendWithTemplate({
      templateIds: ['tmpl-w9'],
      signers: [{ role: 'Employee', name: 'Mae Ride', emailAddress: 'mae.ride@personal.example.test' }],
      metadata: { embark_hire_id: hireId, embark_document_kind: 'w9' },
    });
    assert.equal((await postCallback(fake.callback(signatureRequestId, 'signature_request_all_signed'))).statusCode, 200);
    const hire = (await call('GET', `/api/v1/hires/${hireId}`)).json();
    assert.deepEqual(
      hire.documents.map((d: { kind: string; envelope_id: string; status: string }) => [d.kind, d.envelope_id, d.status]),
      [['w9', signatureRequestId, 'completed']],
    );
  });

  it('sends each kind once for 10 concurrent calls against a slow Dropbox Sign, answers a later retry without sending, and sends a declined one again', async () => {
    const hireId = await newHire('Lucid');
    const ofHire = () => fake.sent.filter((r) => r.metadata.embark_hire_id === hireId);
    fake.setDelay(300);
    let results: { statusCode: number; body: string; json: () => { code?: string } }[];
    try {
      results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => {
          const kind = i % 2 ? 'baa' : 'w9';
          return call('POST', `/api/v1/hires/${hireId}/documents/send`, { kind, template_id: `tmpl-${kind}`, signer_role: 'Employee' });
        }),
      );
    } finally {
      fake.setDelay(0);
    }
    assert.deepEqual(
      ofHire()
        .map((r) => r.metadata.embark_document_kind)
        .sort(),
      ['baa', 'w9'],
      'one signature request per kind',
    );
    for (const res of results) {
      assert.ok(res.statusCode === 200 || (res.statusCode === 409 && res.json().code === 'document_sending'), res.body);
    }
    assert.equal(results.filter((r) => r.statusCode === 200).length >= 2, true, 'the sends that reserved their kind answer 200');
    const byKind = (body: { documents: { kind: string; envelope_id: string; status: string }[] }) => Object.fromEntries(body.documents.map((d) => [d.kind, [d.envelope_id, d.status]]));
    const expected = Object.fromEntries(ofHire().map((r) => [r.metadata.embark_document_kind, [r.signature_request_id, 'sent']]));
    assert.deepEqual(byKind((await call('GET', `/api/v1/hires/${hireId}`)).json()), expected);

    // a retry after a timeout: the kind is sent already, so the answer is the hire as it is and nothing is sent
    const retry = await call('POST', `/api/v1/hires/${hireId}/documents/send`, { kind: 'w9', template_id: 'tmpl-w9', signer_role: 'Employee' });
    assert.equal(retry.statusCode, 200, retry.body);
    assert.deepEqual(byKind(retry.json()), expected);
    assert.equal(ofHire().length, 2);
    const { rows: audit } = await env.ctx.db.owner.query(`select count(*)::int as n from audit_log where tenant_id = $1 and action = 'hire.document_sent' and details ->> 'envelope_id' = any($2)`, [tenant.id, ofHire().map((r) => r.signature_request_id)]);
    assert.equal(audit[0].n, 2);

    // declined: the kind is sent again, once
    const w9 = ofHire().find((r) => r.metadata.embark_document_kind === 'w9')!;
    assert.equal((await postCallback(fake.callback(w9.signature_request_id, 'signature_request_declined'))).statusCode, 200);
    const again = await Promise.all([1, 2, 3].map(() => call('POST', `/api/v1/hires/${hireId}/documents/send`, { kind: 'w9', template_id: 'tmpl-w9', signer_role: 'Employee' })));
    assert.equal(ofHire().length, 3, 'the declined kind is sent once more');
    const resent = ofHire()[2]!;
    assert.ok(again.some((r) => r.statusCode === 200));
    assert.deepEqual(byKind((await call('GET', `/api/v1/hires/${hireId}`)).json()).w9, [resent.signature_request_id, 'sent']);
    fake.assertNoViolations();
  });

  it('tests the connection with GET /v3/account, and answers a refused key readably without it', async () => {
    const ok = await call('POST', '/api/v1/integrations/esign/dropbox_sign/test');
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual([ok.json().ok, ok.json().detail], [true, 'Dropbox Sign accepted the API key and answered GET /v3/account']);
    const other = await env.tenant();
    const otherAdmin = await env.user(other.id, 'tenant_admin');
    const wrongKey = 'dropbox-sign-wrong-key-0123456789';
    assert.equal((await env.inject({ method: 'PUT', url: '/api/v1/integrations/esign/dropbox_sign', token: otherAdmin.token, payload: { credentials: { api_key: wrongKey, base_url: fake.url } } })).statusCode, 200);
    const refused = await env.inject({ method: 'POST', url: '/api/v1/integrations/esign/dropbox_sign/test', token: otherAdmin.token });
    assert.equal(refused.statusCode, 200, refused.body);
    assert.deepEqual([refused.json().ok, refused.json().detail], [false, 'bad_credentials: dropbox_sign 401 unauthorized: Unauthorized api key']);
    assert.doesNotMatch(ok.body + refused.body, new RegExp(`${API_KEY}|${wrongKey}`));
    fake.failNext(1, dropboxSignError(503, 'maintenance', 'Down for maintenance'));
    const down = (await call('POST', '/api/v1/integrations/esign/dropbox_sign/test')).json();
    assert.deepEqual([down.ok, down.detail], [false, 'transient: dropbox_sign 503 maintenance: Down for maintenance']);
    fake.assertNoViolations();
  });

  it('answers 422 with Dropbox Sign’s reason for an unknown template or a missing signer role, registering nothing', async () => {
    const hireId = await newHire('Sullivan');
    const before = fake.sent.length;
    const unknown = await call('POST', `/api/v1/hires/${hireId}/documents/send`, { kind: 'w9', template_id: 'tmpl-nope', signer_role: 'Employee' });
    assert.deepEqual([unknown.statusCode, unknown.json().code], [422, 'esign_send_refused']);
    assert.match(unknown.json().detail, /Template not found/);
    const roles = await call('POST', `/api/v1/hires/${hireId}/documents/send`, { kind: 'w9', template_id: 'tmpl-two-roles', signer_role: 'Employee' });
    assert.deepEqual([roles.statusCode, roles.json().code], [422, 'esign_send_refused']);
    assert.match(roles.json().detail, /Missing a signer for role "Manager"/);
    assert.equal(fake.sent.length, before);
    assert.deepEqual((await call('GET', `/api/v1/hires/${hireId}`)).json().documents, []);
    assert.doesNotMatch(unknown.body + roles.body, new RegExp(API_KEY));
    fake.assertNoViolations();
  });

  it('answers 503 when Dropbox Sign is down, with its Retry-After, registering nothing', async () => {
    const hireId = await newHire('Cobb');
    fake.failNext(1, { ...dropboxSignError(429, 'exceeded_rate', 'Rate limit exceeded'), headers: { 'retry-after': '30' } });
    const res = await call('POST', `/api/v1/hires/${hireId}/documents/send`, { kind: 'w9', template_id: 'tmpl-w9', signer_role: 'Employee' });
    assert.deepEqual([res.statusCode, res.json().code, res.headers['retry-after']], [503, 'esign_unavailable', '30']);
    assert.deepEqual((await call('GET', `/api/v1/hires/${hireId}`)).json().documents, []);
  });

  it('answers 400 for a kind the settings do not require, 404 for another tenant’s hire, and 409 where the integration cannot send', async () => {
    const hireId = await newHire('Resnik');
    const kind = await call('POST', `/api/v1/hires/${hireId}/documents/send`, { kind: 'nda', template_id: 'tmpl-w9', signer_role: 'Employee' });
    assert.deepEqual([kind.statusCode, kind.json().code], [400, 'document_kind_unknown']);
    const other = await env.tenant();
    const otherAdmin = await env.user(other.id, 'tenant_admin');
    const foreign = await env.inject({ method: 'POST', url: `/api/v1/hires/${hireId}/documents/send`, token: otherAdmin.token, payload: { kind: 'w9', template_id: 'tmpl-w9', signer_role: 'Employee' } });
    assert.deepEqual([foreign.statusCode, foreign.json().code], [404, 'hire_not_found']);
    // DocuSign with only its Connect keys listens: Embark cannot send through it
    assert.equal((await env.inject({ method: 'PUT', url: '/api/v1/tenant/hire-settings', token: otherAdmin.token, payload: { document_kinds: [{ key: 'w9', label: 'W-9' }], email_domain: null, sign_in_url: null } })).statusCode, 200);
    assert.equal((await env.inject({ method: 'PUT', url: '/api/v1/integrations/esign/docusign', token: otherAdmin.token, payload: { credentials: { hmac_key: 'connect-key' } } })).statusCode, 200);
    const otherHire = (await env.inject({ method: 'POST', url: '/api/v1/hires', token: otherAdmin.token, payload: { first_name: 'Kalpana', last_name: 'Chawla', personal_email: 'kc@personal.example.test' } })).json();
    const docusign = await env.inject({ method: 'POST', url: `/api/v1/hires/${otherHire.id}/documents/send`, token: otherAdmin.token, payload: { kind: 'w9', template_id: 'tmpl-w9', signer_role: 'Employee' } });
    assert.deepEqual([docusign.statusCode, docusign.json().code], [409, 'esign_cannot_send']);
    assert.match(docusign.json().detail, /register envelopes sent from DocuSign with POST \/api\/v1\/hires\/:id\/documents/);
  });
});

describe('Dropbox Sign sender', () => {
  const sender = (key = API_KEY) => createDropboxSignSender({ api_key: key, base_url: fake.url });
  const request = { templateIds: ['tmpl-w9'], signers: [{ role: 'Employee', name: 'Ann Lee', emailAddress: 'ann@personal.example.test' }], metadata: {} };

  it('reports a wrong API key as bad_credentials, a rate limit as rate_limited with its Retry-After, a 5xx as transient', async () => {
    await assertProviderError(sender('not-the-key').sendWithTemplate(request), { kind: 'bad_credentials', status: 401, vendorCode: 'unauthorized' });
    fake.failNext(1, { ...dropboxSignError(429, 'exceeded_rate', 'Rate limit exceeded'), headers: { 'retry-after': '7' } });
    await assertProviderError(sender().sendWithTemplate(request), { kind: 'rate_limited', status: 429, vendorCode: 'exceeded_rate', retryAfterSeconds: 7 });
    fake.failNext(1, dropboxSignError(503, 'maintenance', 'Down for maintenance'));
    await assertProviderError(sender().sendWithTemplate(request), { kind: 'transient', status: 503 });
    fake.assertNoViolations();
  });
});

describe('POST /api/v1/hires/:id/documents/send through DocuSign', () => {
  const HMAC = 'connect-hmac-key-send';
  let docusign: DocuSignFake;
  let dsTenant: { id: string; subdomain: string };
  let dsAdmin: { token: string };
  const dsCall = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => env.inject({ method, url, token: dsAdmin.token, ...(payload ? { payload } : {}) });
  const sending = (fake: DocuSignFake) => ({ hmac_key: HMAC, integration_key: fake.integrationKey, user_id: fake.userId, private_key: fake.privateKey, account_id: fake.accountId, base_uri: 'https://demo.docusign.net', oauth_base_url: fake.url, api_base_url: fake.url });

  before(async () => {
    docusign = await startDocuSignFake({ templates: { 'ds-w9': ['Employee'], 'ds-baa': ['Employee'] } });
    dsTenant = await env.tenant();
    dsAdmin = await env.user(dsTenant.id, 'tenant_admin');
    const kinds = [
      { key: 'w9', label: 'W-9' },
      { key: 'baa', label: 'BAA' },
    ];
    assert.equal((await dsCall('PUT', '/api/v1/tenant/hire-settings', { document_kinds: kinds, email_domain: 'corp.example.test', sign_in_url: null })).statusCode, 200);
  });
  after(() => docusign.close());

  it('refuses sending fields that are not what DocuSign gives (400), before anything is stored', async () => {
    const res = await dsCall('PUT', '/api/v1/integrations/esign/docusign', { credentials: { ...sending(docusign), base_uri: 'https://evil.example.test', user_id: 'me' } });
    assert.deepEqual([res.statusCode, res.json().code], [400, 'invalid_credentials_shape']);
    assert.match(res.body, /base_uri must be the account’s https:\/\/….docusign.net base URI/);
    assert.match(res.body, /user_id must be the API user id/);
  });

  it('answers 409 while the integration only has its Connect keys, naming what sending needs', async () => {
    assert.equal((await dsCall('PUT', '/api/v1/integrations/esign/docusign', { credentials: { hmac_key: HMAC } })).statusCode, 200);
    const hire = (await dsCall('POST', '/api/v1/hires', { first_name: 'Sally', last_name: 'Ride', personal_email: 'sally@personal.example.test' })).json();
    const res = await dsCall('POST', `/api/v1/hires/${hire.id}/documents/send`, { kind: 'w9', template_id: 'ds-w9', signer_role: 'Employee' });
    assert.deepEqual([res.statusCode, res.json().code], [409, 'esign_cannot_send']);
    assert.match(res.json().detail, /integration_key, user_id, private_key, account_id, base_uri/);
  });

  it('tests the connection: Connect keys only say nothing outbound can be checked; sending credentials get a JWT grant and userinfo', async () => {
    assert.equal((await dsCall('PUT', '/api/v1/integrations/esign/docusign', { credentials: { hmac_key: HMAC } })).statusCode, 200);
    const grants = docusign.tokenGrants;
    const inbound = (await dsCall('POST', '/api/v1/integrations/esign/docusign/test')).json();
    assert.equal(inbound.ok, null);
    assert.match(inbound.detail, /^only inbound webhooks are configured: .*nothing outbound can be checked.*integration_key, user_id, private_key, account_id, base_uri/);
    assert.equal(docusign.tokenGrants, grants, 'a Connect-only integration calls nothing');

    assert.equal((await dsCall('PUT', '/api/v1/integrations/esign/docusign', { credentials: sending(docusign) })).statusCode, 200);
    const ok = await dsCall('POST', '/api/v1/integrations/esign/docusign/test');
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual([ok.json().ok, ok.json().detail], [true, 'DocuSign granted a token (JWT grant) and the user it acts as belongs to the account']);
    assert.equal(docusign.tokenGrants, grants + 1);

    const otherAccount = randomUUID();
    assert.equal((await dsCall('PUT', '/api/v1/integrations/esign/docusign', { credentials: { ...sending(docusign), account_id: otherAccount } })).statusCode, 200);
    const wrong = (await dsCall('POST', '/api/v1/integrations/esign/docusign/test')).json();
    assert.deepEqual([wrong.ok, wrong.detail], [false, `bad_credentials: docusign: the user the integration acts as is not a member of account ${otherAccount}`]);

    assert.equal((await dsCall('PUT', '/api/v1/integrations/esign/docusign', { credentials: { ...sending(docusign), user_id: randomUUID() } })).statusCode, 200);
    const unknownUser = await dsCall('POST', '/api/v1/integrations/esign/docusign/test');
    assert.deepEqual([unknownUser.json().ok, unknownUser.json().detail], [false, 'bad_credentials: docusign token 400 invalid_grant: user_not_found']);
    assert.doesNotMatch(ok.body + wrong.body + unknownUser.body, /PRIVATE KEY|connect-hmac-key-send/);
    docusign.assertNoViolations();
  });

  it('creates each envelope from its template after a verified JWT grant, registers it, and the Connect events start the run', async () => {
    const saved = await dsCall('PUT', '/api/v1/integrations/esign/docusign', { credentials: sending(docusign) });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.doesNotMatch(saved.body, /PRIVATE KEY/);
    const hire = (await dsCall('POST', '/api/v1/hires', { first_name: 'Valentina', last_name: 'Tereshkova', personal_email: 'valentina@personal.example.test' })).json();
    const grants = docusign.tokenGrants;
    for (const [kind, template] of [
      ['w9', 'ds-w9'],
      ['baa', 'ds-baa'],
    ]) {
      const res = await dsCall('POST', `/api/v1/hires/${hire.id}/documents/send`, { kind, template_id: template, signer_role: 'Employee' });
      assert.equal(res.statusCode, 200, res.body);
    }
    assert.equal(docusign.tokenGrants, grants + 2, 'a JWT grant for each send');
    const signer = { roleName: 'Employee', name: 'Valentina Tereshkova', email: 'valentina@personal.example.test' };
    assert.deepEqual(
      docusign.envelopes.map((e) => [e.templateId, e.templateRoles, e.customFields, e.emailSubject]),
      [
        ['ds-w9', [signer], { embark_hire_id: hire.id, embark_document_kind: 'w9' }, 'Please sign: W-9'],
        ['ds-baa', [signer], { embark_hire_id: hire.id, embark_document_kind: 'baa' }, 'Please sign: BAA'],
      ],
    );
    for (const envelope of docusign.envelopes) {
      const signed = signedDocuSignWebhook([HMAC], docusign.connectEvent(envelope.envelopeId, 'envelope-completed'));
      assert.equal((await env.app.inject({ method: 'POST', url: `/api/v1/webhooks/esign/docusign/${dsTenant.subdomain}`, headers: signed.headers, payload: signed.body })).statusCode, 200);
    }
    const shown = (await dsCall('GET', `/api/v1/hires/${hire.id}`)).json();
    assert.deepEqual([shown.status, shown.documents.map((d: { envelope_id: string }) => d.envelope_id).sort()], ['provisioning', docusign.envelopes.map((e) => e.envelopeId).sort()]);
    docusign.assertNoViolations();
  });

  it('answers 422 with DocuSign’s reason for an unknown template or role, and 503 for its outage, registering nothing', async () => {
    const hire = (await dsCall('POST', '/api/v1/hires', { first_name: 'Eileen', last_name: 'Collins', personal_email: 'eileen@personal.example.test' })).json();
    const template = await dsCall('POST', `/api/v1/hires/${hire.id}/documents/send`, { kind: 'w9', template_id: 'ds-nope', signer_role: 'Employee' });
    assert.deepEqual([template.statusCode, template.json().code], [422, 'esign_send_refused']);
    assert.match(template.json().detail, /TEMPLATE_ID_INVALID/);
    const role = await dsCall('POST', `/api/v1/hires/${hire.id}/documents/send`, { kind: 'w9', template_id: 'ds-w9', signer_role: 'Signer' });
    assert.deepEqual([role.statusCode, role.json().code], [422, 'esign_send_refused']);
    docusign.failNext(1, esignatureError(503, 'SERVICE_UNAVAILABLE', 'The service is unavailable.'));
    const down = await dsCall('POST', `/api/v1/hires/${hire.id}/documents/send`, { kind: 'w9', template_id: 'ds-w9', signer_role: 'Employee' });
    assert.deepEqual([down.statusCode, down.json().code], [503, 'esign_unavailable']);
    assert.deepEqual((await dsCall('GET', `/api/v1/hires/${hire.id}`)).json().documents, []);
    docusign.assertNoViolations();
  });

  it('answers 422 naming consent_required when the user never granted the app consent', async () => {
    const unconsented = await startDocuSignFake({ templates: { 'ds-w9': ['Employee'] }, consented: false });
    try {
      assert.equal((await dsCall('PUT', '/api/v1/integrations/esign/docusign', { credentials: sending(unconsented) })).statusCode, 200);
      const hire = (await dsCall('POST', '/api/v1/hires', { first_name: 'Peggy', last_name: 'Whitson', personal_email: 'peggy@personal.example.test' })).json();
      const res = await dsCall('POST', `/api/v1/hires/${hire.id}/documents/send`, { kind: 'w9', template_id: 'ds-w9', signer_role: 'Employee' });
      assert.deepEqual([res.statusCode, res.json().code], [422, 'esign_send_refused']);
      assert.match(res.json().detail, /consent_required/);
      assert.equal(unconsented.envelopes.length, 0);
      unconsented.assertNoViolations();
    } finally {
      await unconsented.close();
    }
  });
});
