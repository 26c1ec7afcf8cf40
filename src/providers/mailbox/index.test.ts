import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMailboxProvider } from './index.ts';
import { startGoogleDirectoryFake } from '../../../test/fakes/google-directory.ts';

describe('createMailboxProvider', () => {
  it('builds each vendor adapter from stored credentials', async () => {
    const google = await startGoogleDirectoryFake({ admins: ['admin@acme.example'], domains: ['acme.example'] });
    try {
      const provider = createMailboxProvider('google_workspace', { service_account_key: google.serviceAccountKey, admin_email: 'admin@acme.example', base_url: google.url });
      assert.equal(provider.id, 'google_workspace');
      await provider.testConnection();
      google.assertNoViolations();
    } finally {
      await google.close();
    }
    const microsoft = createMailboxProvider('microsoft_365', { entra_tenant_id: '11111111-2222-3333-4444-555555555555', client_id: '66666666-7777-8888-9999-000000000000', client_secret: 's' });
    assert.equal(microsoft.id, 'microsoft_365');
    const workmail = createMailboxProvider('aws_workmail', { organization_id: 'm-0123456789abcdef0123456789abcdef', region: 'us-east-1', access_key_id: 'AKIA', secret_access_key: 's' });
    assert.equal(workmail.forcesPasswordChange, false);
  });

  it('refuses credentials the registry would refuse, builtin, and unknown providers', () => {
    assert.throws(() => createMailboxProvider('aws_workmail', { organization_id: 'org', region: 'us-east-1', access_key_id: 'AKIA', secret_access_key: 's' }), /organization_id must be m- followed by 32 hex digits/);
    assert.throws(() => createMailboxProvider('builtin', {}), /has no vendor adapter/);
    assert.throws(() => createMailboxProvider('exchange_2010', {}), /not available for mailbox/);
  });
});
