import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { apiKeyLookup, deviceTokenUser, newApiKey, newPasswordLinkToken, newRefreshToken, passwordLinkTenant, refreshTokenHome, signAccessToken, signDeviceToken, verifyAccessToken } from './tokens.ts';

const key = new Uint8Array(randomBytes(32));
const claims = { userId: 'user-1', sessionId: 'session-1', tenantId: 'tenant-1', role: 'member' as const };

describe('access tokens', () => {
  it('verify what signAccessToken made', async () => {
    assert.deepEqual(await verifyAccessToken(key, await signAccessToken(key, claims, 60)), claims);
  });

  it('refuse another key, a changed payload, an expired token, alg none, and another issuer or audience', async () => {
    const token = await signAccessToken(key, claims, 60);
    await assert.rejects(verifyAccessToken(new Uint8Array(randomBytes(32)), token), /invalid/);
    const [h, p, s] = token.split('.');
    const elevated = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), role: 'global_admin' })).toString('base64url');
    await assert.rejects(verifyAccessToken(key, `${h}.${elevated}.${s}`), /invalid/);
    await assert.rejects(verifyAccessToken(key, await signAccessToken(key, claims, -1)), /expired/);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    await assert.rejects(verifyAccessToken(key, none), /invalid/);
    const foreign = await new SignJWT({ sid: 's', role: 'member' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer('someone-else').setAudience('embark-api').setExpirationTime('1m').sign(key);
    await assert.rejects(verifyAccessToken(key, foreign), /invalid/);
    const otherAudience = await new SignJWT({ sid: 's', role: 'member' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer('embark').setAudience('elsewhere').setExpirationTime('1m').sign(key);
    await assert.rejects(verifyAccessToken(key, otherAudience), /invalid/);
    await assert.rejects(verifyAccessToken(key, 'not.a.jwt'), /invalid/);
  });

  it('decode base64url strictly: a token with padding, a stray character or changed spare bits is refused', async () => {
    const token = await signAccessToken(key, claims, 60);
    for (const suffix of ['=', '%', '==', '.', ' ']) await assert.rejects(verifyAccessToken(key, token + suffix), /invalid/, JSON.stringify(suffix));
    const [h, p, s] = token.split('.') as [string, string, string];
    await assert.rejects(verifyAccessToken(key, `${h}=.${p}.${s}`), /invalid/);
    await assert.rejects(verifyAccessToken(key, `${h}.${p}%.${s}`), /invalid/);
    // the last of 43 characters carries 2 spare bits: another value decodes to the same bytes
    const last = s.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[(alphabet.indexOf(last) & ~3) + ((alphabet.indexOf(last) & 3) ^ 1)]!;
    assert.deepEqual(Buffer.from(s.slice(0, -1) + sibling, 'base64url'), Buffer.from(s, 'base64url'), 'the sibling decodes the same');
    await assert.rejects(verifyAccessToken(key, `${h}.${p}.${s.slice(0, -1)}${sibling}`), /invalid/);
  });
});

describe('device tokens', () => {
  const user = '4f6f2b7e-0c1a-4b5e-9a7d-3c2b1a0f9e8d';
  const login = 'acme\u0000ada@example.test';
  it('name the user they were given to, for the login they were given for, and nobody otherwise', () => {
    const token = signDeviceToken(key, user, login);
    assert.equal(deviceTokenUser(key, token, login, 3600), user);
    assert.equal(deviceTokenUser(key, token, 'ACME\u0000Ada@Example.test', 3600), user, 'the login compares case-insensitively');
    assert.equal(deviceTokenUser(key, token, 'acme\u0000eve@example.test', 3600), undefined, 'another login');
    assert.equal(deviceTokenUser(new Uint8Array(randomBytes(32)), token, login, 3600), undefined, 'another key');
    assert.equal(deviceTokenUser(key, token + '=', login, 3600), undefined);
    assert.equal(deviceTokenUser(key, signDeviceToken(key, user, login, Date.now() - 7200_000), login, 3600), undefined, 'too old');
    assert.equal(deviceTokenUser(key, undefined, login, 3600), undefined);
    assert.equal(deviceTokenUser(key, 'dev_x.y', login, 3600), undefined);
  });
});

describe('credentials that name their tenant', () => {
  const tenantId = '0b7e5c1a-9f2d-4c3b-8a6e-5d4c3b2a1f0e';
  const secret = 'S'.repeat(43);

  it('read back the tenant they were made for, and those made before as naming none', () => {
    const { key, prefix } = newApiKey(tenantId);
    assert.deepEqual(apiKeyLookup(key), { tenantId, prefix });
    assert.deepEqual(apiKeyLookup(`emb_${prefix}_${secret}`), { tenantId: null, prefix });
    assert.deepEqual(refreshTokenHome(newRefreshToken(tenantId)), { kind: 'tenant', tenantId });
    assert.deepEqual(refreshTokenHome(newRefreshToken(null)), { kind: 'global' });
    assert.deepEqual(refreshTokenHome(`rt_${secret}`), { kind: 'unnamed' });
    // an old token whose random text happens to start like the global marker is still an old token
    assert.deepEqual(refreshTokenHome(`rt_global_${secret.slice(7)}`), { kind: 'unnamed' });
    assert.deepEqual(passwordLinkTenant(newPasswordLinkToken(tenantId)), { tenantId });
    assert.deepEqual(passwordLinkTenant(`pwl_${secret}`), { tenantId: null });
  });

  it('refuse what is no such credential: a tenant that is not 32 lower-case hex digits, a short secret, another kind', () => {
    const hex = tenantId.replace(/-/g, '');
    for (const key of [`emb_${tenantId}_abcdefgh_${secret}`, `emb_${hex.toUpperCase()}_abcdefgh_${secret}`, `emb_${hex}_abcdefgh_${secret.slice(1)}`, `rt_${hex}_${secret}`]) {
      assert.equal(apiKeyLookup(key), undefined, key);
    }
    for (const token of [`rt_${hex.slice(1)}_${secret}`, `rt_tenant_${secret}`, `pwl_${hex}_${secret}`, '']) assert.equal(refreshTokenHome(token), undefined, token);
    for (const token of [`pwl_${hex}${secret}`, `rt_${hex}_${secret}`]) assert.equal(passwordLinkTenant(token), undefined, token);
  });
});
