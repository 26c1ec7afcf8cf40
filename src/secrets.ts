import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (provider credentials, webhook signing secrets, temporary passwords waiting to be
 * sent): AES-256-GCM under a key derived from EMBARK_SECRET_KEY. Layout: version byte 1, 12-byte
 * nonce, ciphertext, 16-byte tag. `context` (e.g. "channel:<tenant>:sms") is bound as associated
 * data, so a ciphertext copied to another row or tenant does not decrypt.
 */
const VERSION = 1;

export function encryptSecret(key: Buffer, plaintext: string, context: string): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), nonce, body, cipher.getAuthTag()]);
}

export function decryptSecret(key: Buffer, sealed: Buffer, context: string): string {
  if (sealed.length < 1 + 12 + 16 || sealed[0] !== VERSION) throw new Error('sealed secret has an unknown format');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(13, sealed.length - 16)), decipher.final()]).toString('utf8');
}

export function encryptJson(key: Buffer, value: unknown, context: string): Buffer {
  return encryptSecret(key, JSON.stringify(value), context);
}

export function decryptJson<T>(key: Buffer, sealed: Buffer, context: string): T {
  return JSON.parse(decryptSecret(key, sealed, context)) as T;
}
