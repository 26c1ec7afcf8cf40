import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';

let env: TestEnv;
let tenantId: string;
let admin: { id: string; token: string };

before(async () => {
  env = await createTestEnv();
  tenantId = (await env.tenant()).id;
  admin = await env.user(tenantId, 'tenant_admin');
});
after(() => env.close());

type Method = 'GET' | 'POST' | 'PUT';
const call = (method: Method, url: string, payload?: object, token = admin.token) => env.inject({ method, url, token, ...(payload ? { payload } : {}) });
const KINDS = [
  { key: 'w9', label: 'W-9' },
  { key: 'baa', label: 'BAA' },
];

describe('hire settings', () => {
  it('name the required documents and the corporate domain, and refuse a kind named twice', async () => {
    const put = await call('PUT', '/api/v1/tenant/hire-settings', { document_kinds: KINDS, email_domain: 'Corp.Example.com', sign_in_url: 'https://crm.example.com/login' });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().email_domain, 'corp.example.com');
    assert.deepEqual((await call('GET', '/api/v1/tenant/hire-settings')).json().document_kinds, KINDS);
    const twice = await call('PUT', '/api/v1/tenant/hire-settings', { document_kinds: [...KINDS, KINDS[0]], email_domain: null, sign_in_url: null });
    assert.equal(twice.statusCode, 400);
    for (const email_domain of ['no_dots', 'a..b', '-x.com']) {
      assert.equal((await call('PUT', '/api/v1/tenant/hire-settings', { document_kinds: [], email_domain, sign_in_url: null })).statusCode, 400, email_domain);
    }
  });
});

describe('hires', () => {
  it('are created (from a CRM contact too), listed and shown with the documents still missing', async () => {
    await call('PUT', '/api/v1/tenant/hire-settings', { document_kinds: KINDS, email_domain: 'corp.example.com', sign_in_url: null });
    const direct = await call('POST', '/api/v1/hires', { first_name: 'José', last_name: 'Müller', personal_email: 'jose@example.test' });
    assert.equal(direct.statusCode, 201, direct.body);
    assert.equal(direct.json().status, 'awaiting_documents');
    const contact = (await call('POST', '/api/v1/crm/contacts', { first_name: 'Ana', last_name: 'Silva', email: 'ana@example.test', phone: '+15555550111' })).json();
    const fromContact = await call('POST', '/api/v1/hires', { contact_id: contact.id });
    assert.deepEqual([fromContact.json().first_name, fromContact.json().personal_email, fromContact.json().phone, fromContact.json().contact_id], ['Ana', 'ana@example.test', '+15555550111', contact.id]);
    const shown = (await call('GET', `/api/v1/hires/${direct.json().id}`)).json();
    assert.deepEqual([shown.documents, shown.documents_missing], [[], ['w9', 'baa']]);
    assert.equal((await call('GET', '/api/v1/hires?status=awaiting_documents')).json().total, 2);
    const incomplete = await call('POST', '/api/v1/hires', { first_name: 'Only' });
    assert.deepEqual([incomplete.statusCode, incomplete.json().code], [400, 'validation_failed']);
  });

  it('register one envelope a kind, replace one not completed, and refuse unknown kinds and foreign envelopes', async () => {
    await call('PUT', '/api/v1/tenant/hire-settings', { document_kinds: KINDS, email_domain: 'corp.example.com', sign_in_url: null });
    const hire = (await call('POST', '/api/v1/hires', { first_name: 'Lee', last_name: 'Chen', personal_email: 'lee@example.test' })).json().id;
    const other = (await call('POST', '/api/v1/hires', { first_name: 'Kim', last_name: 'Park', personal_email: 'kim@example.test' })).json().id;
    const registered = await call('POST', `/api/v1/hires/${hire}/documents`, { kind: 'w9', provider: 'docusign', envelope_id: 'env-1' });
    assert.equal(registered.statusCode, 200, registered.body);
    assert.deepEqual(
      registered.json().documents.map((d: { kind: string; envelope_id: string; status: string }) => [d.kind, d.envelope_id, d.status]),
      [['w9', 'env-1', 'sent']],
    );
    const resent = (await call('POST', `/api/v1/hires/${hire}/documents`, { kind: 'w9', provider: 'dropbox_sign', envelope_id: 'sr-2' })).json();
    assert.deepEqual(
      resent.documents.map((d: { provider: string }) => d.provider),
      ['dropbox_sign'],
    );
    assert.equal((await call('POST', `/api/v1/hires/${hire}/documents`, { kind: 'nda', provider: 'docusign', envelope_id: 'env-3' })).json().code, 'document_kind_unknown');
    assert.equal((await call('POST', `/api/v1/hires/${other}/documents`, { kind: 'w9', provider: 'dropbox_sign', envelope_id: 'sr-2' })).json().code, 'envelope_taken');
    await env.ctx.db.owner.query(`update hire_documents set status = 'completed' where tenant_id = $1 and hire_id = $2`, [tenantId, hire]);
    assert.equal((await call('POST', `/api/v1/hires/${hire}/documents`, { kind: 'w9', provider: 'docusign', envelope_id: 'env-4' })).json().code, 'document_completed');
  });

  it('are for staff: members get 403', async () => {
    const member = await env.user(tenantId, 'member');
    assert.equal((await call('GET', '/api/v1/hires', undefined, member.token)).statusCode, 403);
  });
});
