import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { joinUrl, jsonField, parseRetryAfter, vendorFetch } from './http.ts';
import { startHttpFake, type HttpFake } from '../../test/fakes/http-fake.ts';
import { assertProviderError } from '../../test/fakes/assertions.ts';

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    assert.equal(parseRetryAfter('120'), 120);
    assert.equal(parseRetryAfter(' 0 '), 0);
  });

  it('reads an HTTP date as the seconds from now, never negative', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', now), 30);
    assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now), 0);
  });

  it('ignores a missing or unreadable value', () => {
    assert.equal(parseRetryAfter(null), undefined);
    assert.equal(parseRetryAfter(''), undefined);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter('-5'), undefined);
  });
});

describe('vendorFetch', () => {
  let fake: HttpFake;
  before(async () => {
    fake = await startHttpFake('echo', () => ({ respond: () => ({ status: 200, body: { ok: true } }) }));
  });
  after(() => fake.close());

  it('returns the status, headers, text and parsed JSON', async () => {
    const response = await vendorFetch('echo', fake.url + '/x', { method: 'GET' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/json');
    assert.equal(response.text, '{"ok":true}');
    assert.deepEqual(response.json, { ok: true });
  });

  it('leaves json undefined for a body that is not JSON', async () => {
    fake.failNext(1, { status: 502, body: '<html>Bad Gateway</html>' });
    const response = await vendorFetch('echo', fake.url, { method: 'GET' });
    assert.equal(response.status, 502);
    assert.equal(response.json, undefined);
  });

  it('turns a vendor that does not answer in time into a transient error', async () => {
    fake.setDelay(2000);
    try {
      await assertProviderError(vendorFetch('echo', fake.url, { method: 'POST', body: '{}' }, 100), { kind: 'transient', provider: 'echo', status: undefined, message: /echo: no answer within 0\.1 s/ });
    } finally {
      fake.setDelay(0);
    }
  });

  it('turns a refused connection into a transient error naming the host', async () => {
    const closed = await startHttpFake('closed', () => ({ respond: () => ({ status: 200 }) }));
    await closed.close();
    await assertProviderError(vendorFetch('echo', closed.url, { method: 'GET' }), { kind: 'transient', message: /could not reach 127\.0\.0\.1:\d+: ECONNREFUSED/ });
  });
});

describe('jsonField and joinUrl', () => {
  it('walks parsed JSON safely', () => {
    assert.equal(jsonField({ errors: [{ code: '10011' }] }, 'errors', 0, 'code'), '10011');
    assert.equal(jsonField({ errors: [] }, 'errors', 0, 'code'), undefined);
    assert.equal(jsonField('text', 'code'), undefined);
    assert.equal(jsonField(null, 'code'), undefined);
  });

  it('joins a base URL and a path with exactly one slash', () => {
    assert.equal(joinUrl('https://api.telnyx.com/v2', '/messages'), 'https://api.telnyx.com/v2/messages');
    assert.equal(joinUrl('https://api.telnyx.com/v2//', '/messages'), 'https://api.telnyx.com/v2/messages');
  });
});
