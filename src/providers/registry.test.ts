import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createEmailProvider, createSmsProvider, createVoiceProvider, credentialFields, credentialProblems, INTEGRATION_KINDS, maskCredentials, providerCatalogue, PROVIDERS_BY_CHANNEL, validateCredentials } from './registry.ts';
import { CHANNELS, type ChannelConfig } from './types.ts';
import { startTwilioFake, type TwilioFake } from '../../test/fakes/twilio.ts';
import { TELNYX_TEST_PUBLIC_KEY } from '../../test/fakes/webhook-signing.ts';

const TWILIO = { account_sid: 'AC' + 'a1'.repeat(16), auth_token: 'f00dbabe' + '0'.repeat(24) };
const TELNYX_VOICE = { api_key: 'KEY017A3E5B9C', public_key: TELNYX_TEST_PUBLIC_KEY, connection_id: '1494404757140276705' };
const SES = { region: 'us-east-1', access_key_id: 'AKIAIOSFODNN7EXAMPLE', secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

describe('PROVIDERS_BY_CHANNEL', () => {
  it('offers the outbox first, then the vendors of each channel', () => {
    assert.deepEqual(PROVIDERS_BY_CHANNEL, { email: ['outbox', 'smtp', 'ses'], sms: ['outbox', 'twilio', 'telnyx'], voice: ['outbox', 'twilio', 'telnyx'] });
  });
});

describe('createEmailProvider / createSmsProvider / createVoiceProvider', () => {
  const config = (channel: ChannelConfig['channel'], provider: string, credentials: Record<string, unknown> = {}): ChannelConfig => ({ channel, provider, from: '', credentials });

  it('picks the adapter named by the configured provider', () => {
    assert.equal(createEmailProvider(config('email', 'outbox')).id, 'outbox');
    assert.equal(createEmailProvider(config('email', 'smtp', { host: 'smtp.example.com', port: 587 })).id, 'smtp');
    assert.equal(createEmailProvider(config('email', 'ses', SES)).id, 'ses');
    assert.equal(createSmsProvider(config('sms', 'outbox')).id, 'outbox');
    assert.equal(createSmsProvider(config('sms', 'twilio', TWILIO)).id, 'twilio');
    assert.equal(createSmsProvider(config('sms', 'telnyx', { api_key: 'k', public_key: TELNYX_TEST_PUBLIC_KEY })).id, 'telnyx');
    assert.equal(createVoiceProvider(config('voice', 'outbox')).id, 'outbox');
    assert.equal(createVoiceProvider(config('voice', 'twilio', TWILIO)).id, 'twilio');
    const telnyxVoice = createVoiceProvider(config('voice', 'telnyx', TELNYX_VOICE));
    assert.equal(telnyxVoice.id, 'telnyx');
    assert.equal(telnyxVoice.supportsIdempotencyKey, true);
  });

  it('fails loudly on an unknown provider or a vendor of another channel', () => {
    assert.throws(() => createEmailProvider(config('email', 'mailgun')), /provider "mailgun" is not available for email; choose one of outbox, smtp, ses/);
    assert.throws(() => createSmsProvider(config('sms', 'ses', SES)), /provider "ses" is not available for sms/);
    assert.throws(() => createVoiceProvider(config('voice', 'smtp')), /not available for voice/);
  });

  it('refuses to build an adapter from credentials the channel API would refuse', () => {
    assert.throws(() => createSmsProvider(config('sms', 'twilio', { account_sid: TWILIO.account_sid })), /twilio sms credentials: auth_token is required/);
    assert.throws(() => createVoiceProvider(config('voice', 'telnyx', { ...TELNYX_VOICE, connection_id: undefined })), /connection_id is required/);
  });

  describe('with a fake vendor behind it', () => {
    let twilio: TwilioFake;
    before(async () => {
      twilio = await startTwilioFake({ accountSid: TWILIO.account_sid, authToken: TWILIO.auth_token });
    });
    after(() => twilio.close());

    it('passes the configured credentials through to the adapter', async () => {
      const provider = createSmsProvider(config('sms', 'twilio', { ...TWILIO, base_url: twilio.url }));
      const result = await provider.sendSms({ to: '+15555550100', from: '+15555550199', body: 'hi', idempotencyKey: 'r1' });
      assert.match(result.providerMessageId, /^SM/);
      assert.equal(twilio.requests[0]!.basicAuth, `${TWILIO.account_sid}:${TWILIO.auth_token}`);
      twilio.assertNoViolations();
    });
  });
});

describe('credentialFields', () => {
  it('describes every provider of every channel, secrets marked', () => {
    for (const channel of CHANNELS) for (const provider of PROVIDERS_BY_CHANNEL[channel]) assert.ok(Array.isArray(credentialFields(channel, provider)));
    assert.deepEqual(credentialFields('sms', 'twilio'), [
      { name: 'account_sid', label: 'Account SID', type: 'text', required: true, help: 'AC followed by 32 hex digits, from the Twilio console.' },
      { name: 'auth_token', label: 'Auth token', type: 'secret', required: true },
      { name: 'base_url', label: 'API base URL', type: 'url', required: false, help: 'Leave empty for https://api.twilio.com; another server only when the operator allows it.', endpoint: true },
    ]);
    assert.deepEqual(credentialFields('email', 'outbox'), []);
    assert.deepEqual(
      credentialFields('email', 'smtp').map((f) => `${f.name}:${f.type}${f.required ? '!' : ''}`),
      ['host:text!', 'port:integer!', 'secure:boolean', 'username:text', 'password:secret', 'require_tls:boolean', 'ignore_tls:boolean'],
    );
    assert.deepEqual(
      credentialFields('email', 'ses')
        .filter((f) => f.type === 'secret')
        .map((f) => f.name),
      ['secret_access_key', 'session_token'],
    );
    assert.deepEqual(
      credentialFields('sms', 'telnyx').map((f) => f.name),
      ['api_key', 'public_key', 'messaging_profile_id', 'base_url'],
    );
    assert.deepEqual(
      credentialFields('voice', 'telnyx')
        .filter((f) => f.required)
        .map((f) => f.name),
      ['api_key', 'public_key', 'connection_id'],
    );
  });

  it('throws on an unknown provider', () => {
    assert.throws(() => credentialFields('voice', 'vonage'), /not available for voice/);
  });
});

describe('validateCredentials', () => {
  it('accepts complete credentials, with or without optional fields', () => {
    assert.deepEqual(validateCredentials('email', 'outbox', {}), []);
    assert.deepEqual(validateCredentials('sms', 'twilio', TWILIO), []);
    assert.deepEqual(validateCredentials('voice', 'twilio', { ...TWILIO, base_url: 'http://127.0.0.1:4010' }), []);
    assert.deepEqual(validateCredentials('voice', 'telnyx', TELNYX_VOICE), []);
    assert.deepEqual(validateCredentials('email', 'ses', { ...SES, session_token: 'tok', endpoint: 'https://email.us-east-1.amazonaws.com' }), []);
    assert.deepEqual(validateCredentials('email', 'smtp', { host: 'smtp.example.com', port: 465, secure: true, username: 'u', password: 'p', require_tls: false }), []);
  });

  it('lists missing fields, wrong types and unknown fields, each in words', () => {
    assert.deepEqual(validateCredentials('sms', 'twilio', { account_sid: 42, token: 'x' }), ['account_sid must be a string', 'auth_token is required', 'unknown field "token" (twilio takes account_sid, auth_token, base_url)']);
    assert.deepEqual(validateCredentials('email', 'smtp', { host: 'smtp.example.com', port: '587', secure: 'yes' }), ['port must be an integer', 'secure must be true or false']);
    assert.deepEqual(validateCredentials('email', 'outbox', { api_key: 'x' }), ['unknown field "api_key" (outbox takes no credentials)']);
    assert.deepEqual(validateCredentials('sms', 'telnyx', { api_key: 'k', public_key: TELNYX_TEST_PUBLIC_KEY, connection_id: 'c' }), ['unknown field "connection_id" (telnyx takes api_key, public_key, messaging_profile_id, base_url)']);
  });

  it('checks values: http(s) base URLs, the Twilio sid, the Telnyx key, the AWS region, the SMTP port and host', () => {
    assert.deepEqual(validateCredentials('sms', 'twilio', { ...TWILIO, base_url: 'ftp://example.com' }), ['base_url must be an http(s) URL']);
    assert.deepEqual(validateCredentials('sms', 'twilio', { ...TWILIO, base_url: 'not a url' }), ['base_url must be an http(s) URL']);
    assert.deepEqual(validateCredentials('email', 'ses', { ...SES, endpoint: 'javascript:alert(1)' }), ['endpoint must be an http(s) URL']);
    assert.match(validateCredentials('sms', 'twilio', { ...TWILIO, account_sid: 'SK' + 'a1'.repeat(16) })[0] ?? '', /^account_sid must be AC followed by 32 hex digits/);
    assert.match(validateCredentials('voice', 'telnyx', { ...TELNYX_VOICE, public_key: Buffer.alloc(33).toString('base64') })[0] ?? '', /^public_key must be the base64 Ed25519 public key/);
    assert.match(validateCredentials('email', 'ses', { ...SES, region: 'US East' })[0] ?? '', /^region must be an AWS region/);
    assert.deepEqual(validateCredentials('email', 'smtp', { host: 'smtp://mail.example.com', port: 70000 }), ['host must be a host name or IP address, without scheme or port', 'port must be between 1 and 65535']);
    assert.deepEqual(validateCredentials('sms', 'twilio', { ...TWILIO, auth_token: '' }), ['auth_token must not be empty']);
  });

  it('refuses SMTP settings that contradict each other', () => {
    assert.deepEqual(validateCredentials('email', 'smtp', { host: 'h', port: 25, password: 'p' }), ['password is given without a username']);
    assert.deepEqual(validateCredentials('email', 'smtp', { host: 'h', port: 25, require_tls: true, ignore_tls: true }), ['require_tls and ignore_tls cannot both be true']);
  });

  it('refuses credentials that are not an object, and an unknown provider', () => {
    assert.deepEqual(validateCredentials('sms', 'twilio', null), ['credentials must be an object']);
    assert.deepEqual(validateCredentials('sms', 'twilio', ['x']), ['credentials must be an object']);
    assert.deepEqual(validateCredentials('sms', 'twilio', 'AC…'), ['credentials must be an object']);
    assert.deepEqual(validateCredentials('sms', 'plivo', {}), ['provider "plivo" is not available for sms; choose one of outbox, twilio, telnyx']);
    assert.deepEqual(validateCredentials('sms', 'constructor', {}), ['provider "constructor" is not available for sms; choose one of outbox, twilio, telnyx']);
  });
});

describe('mailbox and e-sign providers', () => {
  const pem = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const googleKey = JSON.stringify({ type: 'service_account', client_email: 'embark@project.iam.gserviceaccount.com', private_key: pem, token_uri: 'https://oauth2.googleapis.com/token' });

  it('takes the credentials PROVIDERS.md section 4 and 5 name', () => {
    assert.deepEqual(validateCredentials('mailbox', 'builtin', {}), []);
    assert.deepEqual(validateCredentials('mailbox', 'google_workspace', { service_account_key: googleKey, admin_email: 'admin@example.com' }), []);
    assert.deepEqual(validateCredentials('mailbox', 'microsoft_365', { entra_tenant_id: '72f988bf-86f1-41af-91ab-2d7cd011db47', client_id: '00000000-0000-0000-0000-00000000c0de', client_secret: 's3cr3t', usage_location: 'US' }), []);
    assert.deepEqual(validateCredentials('mailbox', 'aws_workmail', { organization_id: 'm-' + '0f'.repeat(16), region: 'us-east-1', access_key_id: 'AKIAIOSFODNN7EXAMPLE', secret_access_key: 'x' }), []);
    assert.deepEqual(validateCredentials('esign', 'docusign', { hmac_key: 'docusign-test-secret' }), []);
    assert.deepEqual(validateCredentials('esign', 'dropbox_sign', { api_key: '324e3b0840f065eb51f3fd63231d0d33daa35d4ed10d27718839e81737065782' }), []);
  });

  it('names the field of each problem', () => {
    assert.deepEqual(credentialProblems('mailbox', 'google_workspace', { service_account_key: '{"client_email":"a@b.c"}' }), [
      { field: 'service_account_key', message: 'service_account_key must be a service account key file with private_key, token_uri' },
      { field: 'admin_email', message: 'admin_email is required' },
    ]);
    assert.deepEqual(credentialProblems('mailbox', 'aws_workmail', { organization_id: 'org', region: 'ap-south-1', access_key_id: 'a', secret_access_key: 'b' }), [
      { field: 'organization_id', message: 'organization_id must be m- followed by 32 hex digits' },
      { field: 'region', message: 'region must be one of us-east-1, us-west-2, eu-west-1' },
    ]);
    assert.match(validateCredentials('mailbox', 'microsoft_365', { entra_tenant_id: 'contoso', client_id: 'x', client_secret: 'y' })[0] ?? '', /^entra_tenant_id must be the Directory \(tenant\) id/);
    assert.deepEqual(validateCredentials('esign', 'docusign', {}), ['hmac_key is required']);
    assert.deepEqual(validateCredentials('esign', 'outbox', {}), ['provider "outbox" is not available for esign; choose one of docusign, dropbox_sign']);
  });

  it('masks the secrets, so a service account key never comes back', () => {
    const masked = maskCredentials('mailbox', 'google_workspace', { service_account_key: googleKey, admin_email: 'admin@example.com' });
    assert.deepEqual(masked, { service_account_key: '••••' + googleKey.slice(-4), admin_email: 'admin@example.com' });
    assert.ok(!JSON.stringify(masked).includes('PRIVATE KEY'));
  });
});

describe('providerCatalogue', () => {
  it('serves every kind with its providers and fields, without the checks, and says when WorkMail support ends', () => {
    const { kinds } = providerCatalogue();
    assert.deepEqual(
      kinds.map((k) => k.kind),
      [...INTEGRATION_KINDS],
    );
    assert.deepEqual(
      kinds.find((k) => k.kind === 'mailbox')?.providers.map((p) => p.id),
      ['builtin', 'google_workspace', 'microsoft_365', 'aws_workmail'],
    );
    const workmail = kinds.find((k) => k.kind === 'mailbox')?.providers.find((p) => p.id === 'aws_workmail');
    assert.match(workmail?.notice ?? '', /2027-03-31/);
    assert.deepEqual(workmail?.fields.find((f) => f.name === 'region')?.options, ['us-east-1', 'us-west-2', 'eu-west-1']);
    const json = JSON.stringify(kinds);
    assert.ok(!json.includes('"check"'));
    for (const kind of kinds) for (const p of kind.providers) for (const f of p.fields) assert.ok(f.label && ['text', 'secret', 'url', 'select', 'integer', 'boolean'].includes(f.type), `${kind.kind}/${p.id}.${f.name}`);
  });
});

describe('maskCredentials', () => {
  it('shows only the last 4 characters of long secrets, nothing of short ones, and other fields as they are', () => {
    assert.deepEqual(maskCredentials('sms', 'twilio', TWILIO), { account_sid: TWILIO.account_sid, auth_token: '••••0000' });
    assert.deepEqual(maskCredentials('email', 'smtp', { host: 'smtp.example.com', port: 587, username: 'u', password: 'short-pass1' }), { host: 'smtp.example.com', port: 587, username: 'u', password: '••••' });
    assert.deepEqual(maskCredentials('email', 'ses', { ...SES, session_token: 'abcdefghijkl' }), { region: 'us-east-1', access_key_id: SES.access_key_id, secret_access_key: '••••EKEY', session_token: '••••ijkl' });
    assert.deepEqual(maskCredentials('voice', 'telnyx', TELNYX_VOICE), { api_key: '••••5B9C', public_key: TELNYX_TEST_PUBLIC_KEY, connection_id: TELNYX_VOICE.connection_id });
  });

  it('masks fields it does not know, and everything of a provider it does not know', () => {
    assert.deepEqual(maskCredentials('sms', 'twilio', { ...TWILIO, legacy_secret: 'abcdefghijklmnop' }), { account_sid: TWILIO.account_sid, auth_token: '••••0000', legacy_secret: '••••mnop' });
    assert.deepEqual(maskCredentials('sms', 'retired-vendor', { token: 'abc' }), { token: '••••' });
    assert.deepEqual(maskCredentials('email', 'outbox', {}), {});
  });
});
