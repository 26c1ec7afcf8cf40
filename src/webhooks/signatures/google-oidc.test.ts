import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { verifyGooglePushToken } from './google-oidc.ts';
import { WebhookVerificationError } from '../standard-webhooks.ts';
import { PUSH_SERVICE_ACCOUNT, startGoogleOidcFake, type GoogleOidcFake } from '../../../test/fakes/google-oidc.ts';

const AUDIENCE = 'https://embark.example/api/v1/webhooks/email/gmail';

describe('verifyGooglePushToken', () => {
  let google: GoogleOidcFake;
  before(async () => {
    google = await startGoogleOidcFake();
  });
  after(() => google.close());
  const verify = (header: string | undefined, options: { audience?: string; issuers?: string[]; email?: string } = {}) => verifyGooglePushToken(header, { audience: AUDIENCE, jwksUrl: google.jwksUrl, ...options });

  it('returns the service account of a Google-signed token for our audience, fetching the keys once', async () => {
    assert.deepEqual(await verify(`Bearer ${await google.issueToken({ aud: AUDIENCE })}`), { email: PUSH_SERVICE_ACCOUNT });
    assert.deepEqual(await verify(`bearer ${await google.issueToken({ aud: AUDIENCE, iss: 'accounts.google.com' })}`, { email: PUSH_SERVICE_ACCOUNT }), { email: PUSH_SERVICE_ACCOUNT });
    assert.equal(google.jwksFetches, 1);
    google.assertNoViolations();
  });

  it('rejects another audience, another issuer, and an expired token', async () => {
    await assert.rejects(verify(`Bearer ${await google.issueToken({ aud: 'https://other.example/push' })}`), /"aud" claim/);
    await assert.rejects(verify(`Bearer ${await google.issueToken({ aud: AUDIENCE, iss: 'https://evil.example' })}`), /"iss" claim/);
    const past = Math.floor(Date.now() / 1000) - 7200;
    await assert.rejects(verify(`Bearer ${await google.issueToken({ aud: AUDIENCE, iat: past, exp: past + 3600 })}`), /"exp" claim/);
    await assert.rejects(verify(`Bearer ${await google.issueToken({ aud: AUDIENCE, exp: undefined })}`), /"exp" claim/);
  });

  it('rejects a token signed with a key Google does not publish, and a tampered payload', async () => {
    await assert.rejects(verify(`Bearer ${await google.issueToken({ aud: AUDIENCE }, { foreignKey: true })}`), WebhookVerificationError);
    const [header, , signature] = (await google.issueToken({ aud: AUDIENCE })).split('.');
    const forged = Buffer.from(JSON.stringify({ iss: 'https://accounts.google.com', aud: AUDIENCE, email: 'attacker@example.com', email_verified: true, iat: 1, exp: 4102444800 })).toString('base64url');
    await assert.rejects(verify(`Bearer ${header}.${forged}.${signature}`), /signature verification failed/);
  });

  it('rejects an unverified email or a service account other than the configured one', async () => {
    await assert.rejects(verify(`Bearer ${await google.issueToken({ aud: AUDIENCE, email_verified: false })}`), /no verified email/);
    await assert.rejects(verify(`Bearer ${await google.issueToken({ aud: AUDIENCE, email: 'someone@else.iam.gserviceaccount.com' })}`, { email: PUSH_SERVICE_ACCOUNT }), /not the configured service account/);
  });

  it('rejects a missing or non-Bearer Authorization header', async () => {
    await assert.rejects(verify(undefined), /missing Authorization/);
    await assert.rejects(verify(''), /missing Authorization/);
    await assert.rejects(verify(`Basic ${Buffer.from('a:b').toString('base64')}`), /missing Authorization/);
    await assert.rejects(verify('Bearer not-a-jwt'), WebhookVerificationError);
  });
});
