import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createOutboxProvider } from './outbox.ts';

describe('outbox provider', () => {
  const outbox = createOutboxProvider();

  it('delivers every channel at once, with an id derived from the idempotency key', async () => {
    assert.deepEqual(await outbox.sendEmail({ to: 'a@example.com', from: 'b@example.com', subject: 's', text: 't', html: '<p>t</p>', idempotencyKey: 'm1' }), { providerMessageId: 'outbox_m1', status: 'delivered' });
    assert.deepEqual(await outbox.sendSms({ to: '+15555550100', from: '+15555550199', body: 'hi', idempotencyKey: 'm2' }), { providerMessageId: 'outbox_m2', status: 'delivered' });
    assert.deepEqual(await outbox.placeCall({ to: '+15555550100', from: '+15555550199', scriptUrl: 'https://e.example/s', statusCallbackUrl: 'https://e.example/c', idempotencyKey: 'm3' }), { providerMessageId: 'outbox_m3', status: 'delivered' });
  });

  it('is idempotent: the same key gives the same id', async () => {
    assert.equal(outbox.id, 'outbox');
    assert.equal(outbox.supportsIdempotencyKey, true);
    const message = { to: '+15555550100', from: '', body: 'hi', idempotencyKey: 'same' };
    assert.deepEqual(await outbox.sendSms(message), await outbox.sendSms(message));
  });
});
