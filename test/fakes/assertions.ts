import assert from 'node:assert/strict';
import { ProviderError } from '../../src/providers/types.ts';

/** Awaits a send that must fail and checks the ProviderError fields that are given. */
export async function assertProviderError(sending: Promise<unknown>, expected: { kind: ProviderError['kind']; provider?: string; status?: number | undefined; vendorCode?: string | undefined; retryAfterSeconds?: number | undefined; message?: RegExp }): Promise<ProviderError> {
  let caught: unknown;
  try {
    await sending;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ProviderError, `expected a ProviderError, got ${caught === undefined ? 'success' : String(caught)}`);
  const { message, ...fields } = expected;
  const actual = Object.fromEntries(Object.keys(fields).map((key) => [key, caught[key as keyof ProviderError]]));
  assert.deepEqual(actual, fields);
  if (message) assert.match(caught.message, message);
  return caught;
}
