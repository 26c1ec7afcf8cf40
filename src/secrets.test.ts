import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { decryptJson, decryptSecret, encryptJson, encryptSecret } from './secrets.ts';

describe('secrets at rest', () => {
  const key = randomBytes(32);

  it('round-trips and never contains the plaintext', () => {
    const sealed = encryptSecret(key, 'auth-token-123', 'channel:t1:sms');
    assert.equal(sealed.includes(Buffer.from('auth-token-123')), false);
    assert.equal(decryptSecret(key, sealed, 'channel:t1:sms'), 'auth-token-123');
    assert.deepEqual(decryptJson(key, encryptJson(key, { a: 1 }, 'x'), 'x'), { a: 1 });
  });

  it('refuses another context, another key and a flipped bit', () => {
    const sealed = encryptSecret(key, 'secret', 'channel:t1:sms');
    assert.throws(() => decryptSecret(key, sealed, 'channel:t2:sms'));
    assert.throws(() => decryptSecret(randomBytes(32), sealed, 'channel:t1:sms'));
    const tampered = Buffer.from(sealed);
    tampered[20] = tampered[20]! ^ 1;
    assert.throws(() => decryptSecret(key, tampered, 'channel:t1:sms'));
  });
});
