import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { randomInt } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import { availableParallelism } from 'node:os';
import { AppError } from '../errors.ts';
import { HashGate } from './hash-gate.ts';
import { limitKey } from '../http/client-address.ts';

// OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1. @node-rs/argon2 ships prebuilt
// binaries for every platform (nothing to compile at install) and writes the same PHC strings as the
// reference implementation, so hashes made with either verify with both.
// (algorithm 2 is Algorithm.Argon2id, a const enum that cannot be imported under verbatimModuleSyntax)
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** Every argon2 hash and verification of this process goes through one gate (see HashGate). */
let gate = new HashGate(hashLimits(availableParallelism(), 64));

function hashLimits(concurrency: number, queue: number) {
  return { concurrency, queue, perClient: Math.max(2, concurrency) };
}

/** Sets the gate's limits from the configuration (EMBARK_PASSWORD_HASH_CONCURRENCY, _QUEUE). */
export function configurePasswordHashing(limits: { concurrency: number; queue: number }): void {
  gate = new HashGate(hashLimits(limits.concurrency, limits.queue));
}

/** This process's password hashing now: running, and waiting for a place. */
export function passwordHashingStats(): { running: number; waiting: number } {
  return gate.stats();
}

/** Set while a request runs inside its admission (admitPasswordWork): its hashes need no second place. */
const admitted = new AsyncLocalStorage<true>();

/**
 * Runs a whole flow that checks or sets a password (login, signup, password change) inside one place of
 * the hashing gate, taken before the flow touches the database: a burst of logins is turned away at
 * the door (429 too_many_requests, 503 server_busy, both with Retry-After) instead of queueing for
 * connections and CPU in front of everyone else. Hashes inside it take no second place.
 */
export function admitPasswordWork<T>(client: string, work: () => Promise<T>, options: { priority?: boolean } = {}): Promise<T> {
  if (admitted.getStore()) return work();
  return gate.run(limitKey(client), () => admitted.run(true, work), options);
}

function gated<T>(client: string | null, work: () => Promise<T>, options: { priority?: boolean } = {}): Promise<T> {
  return admitted.getStore() ? work() : gate.run(client === null ? null : limitKey(client), work, options);
}

/**
 * `client` is who asks (the request's address): one client holds only a few of the gate's places, and
 * is refused with 429 too_many_requests or 503 server_busy when the gate is full. Null: no client (the
 * CLI, seeding), which waits its turn.
 */
export function hashPassword(password: string, client: string | null = null): Promise<string> {
  return gated(client, () => argon2Hash(password, ARGON2_OPTIONS));
}

// verified against when no account matches, so a failed login costs the same time either way
let dummyHash: Promise<string> | undefined;

/** `priority`: a login from a device its user signed in from before, served ahead of strangers'. */
export async function verifyPassword(hash: string | null | undefined, password: string, client: string | null = null, options: { priority?: boolean } = {}): Promise<boolean> {
  if (!hash) {
    dummyHash ??= argon2Hash('embark-timing-equaliser', ARGON2_OPTIONS);
    const dummy = await dummyHash;
    await gated(client, () => argon2Verify(dummy, password), options).catch((error: unknown) => {
      if (error instanceof AppError) throw error;
    });
    return false;
  }
  return gated(client, () => argon2Verify(hash, password).catch(() => false), options);
}

export function checkNewPassword(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw new AppError('weak_password', `a password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`);
  }
}

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
const SYMBOLS = '!#$%&*+-=?@^_~';
const ALL = UPPER + LOWER + DIGITS + SYMBOLS;

/**
 * A temporary password from the CSPRNG: `length` characters (>= 16) with at least one upper-case
 * letter, lower-case letter, digit and symbol, in random positions. Look-alike characters are left out
 * because people type these from an email.
 */
export function generateTemporaryPassword(length = 20): string {
  if (length < 16) throw new Error('temporary passwords are at least 16 characters');
  const chars = [UPPER, LOWER, DIGITS, SYMBOLS].map((set) => set[randomInt(set.length)]!);
  while (chars.length < length) chars.push(ALL[randomInt(ALL.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
