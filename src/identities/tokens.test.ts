import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { signAccessToken, verifyAccessToken } from './tokens.ts';

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
});
