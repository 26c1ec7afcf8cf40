import type { Writable } from 'node:stream';

/** Runs the isolation checklist against a running server; resolves false if any check failed. */
export async function verifyIsolation(_options: { url: string; email: string; password: string; out: Writable }): Promise<boolean> {
  throw new Error('verify-isolation is not implemented yet');
}
