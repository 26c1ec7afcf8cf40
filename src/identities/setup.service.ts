/**
 * The first global admin, from the browser: while there is none, `embark serve` prints a one-time link
 * `<public url>/setup?token=…`, and the page there (or POST /api/v1/setup, for scripts) creates the
 * admin. A token works once, for an hour (each start prints a new one), is compared in constant time,
 * and every token goes as soon as any global admin exists. `embark admin create` remains.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from '../context.ts';
import { withSystem } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../audit/audit.service.ts';
import { admitPasswordWork, checkNewPassword, hashPassword } from './passwords.ts';
import { sha256 } from './tokens.ts';
import { createUserIn, type User } from './users.service.ts';

export const SETUP_TOKEN_TTL_SECONDS = 3600;
// one setup at a time, whatever the number of processes
const SETUP_LOCK = 7_265_110_404;

async function globalAdminExists(db: { query: Context['db']['app']['query'] }): Promise<boolean> {
  const { rows } = await db.query('select exists (select 1 from platform_admins) as present');
  return rows[0].present;
}

/** Whether first-run setup is still to be done: there is no global admin yet. */
export async function setupNeeded(ctx: Context): Promise<boolean> {
  return withSystem(ctx.db.app, async (tx) => !(await globalAdminExists(tx)));
}

/** A new setup token while there is no global admin (undefined once there is one). */
export async function issueSetupToken(ctx: Context): Promise<string | undefined> {
  return withSystem(ctx.db.app, async (tx) => {
    if (await globalAdminExists(tx)) return undefined;
    const token = randomBytes(24).toString('base64url');
    // the link printed last is the one that works: a restart replaces it
    await tx.query(`delete from setup_tokens`);
    await tx.query(`insert into setup_tokens (token_hash, expires_at) values ($1, now() + make_interval(secs => $2))`, [sha256(token), SETUP_TOKEN_TTL_SECONDS]);
    return token;
  });
}

export function setupUrl(ctx: Context, token: string): string {
  return `${ctx.config.publicUrl}/setup?token=${encodeURIComponent(token)}`;
}

async function liveToken(tx: { query: Context['db']['app']['query'] }, token: string): Promise<boolean> {
  const { rows } = await tx.query<{ token_hash: Buffer }>('select token_hash from setup_tokens where expires_at > now()');
  const given = sha256(token);
  // every live token is compared, each in constant time: the answer's timing says nothing of them
  return rows.reduce((found, row) => timingSafeEqual(row.token_hash, given) || found, false);
}

export async function completeSetup(ctx: Context, input: { token: string; email: string; password: string }, meta: { ip: string; requestId?: string | undefined }): Promise<User> {
  checkNewPassword(input.password);
  const refuse = async (tx: { query: Context['db']['app']['query'] }) => {
    if (await globalAdminExists(tx)) throw new AppError('setup_complete', 'a global admin exists already; sign in instead');
    if (!(await liveToken(tx, input.token))) throw new AppError('setup_token_invalid', 'the setup link is unknown or has expired; restart Embark (npm start, or embark serve) for a new one');
  };
  return admitPasswordWork(meta.ip, async () => {
    // the cheap checks first: a guess or a late request costs no hash
    await withSystem(ctx.db.app, refuse);
    const passwordHash = await hashPassword(input.password);
    return withSystem(ctx.db.app, async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [SETUP_LOCK]);
      await refuse(tx);
      const actor: Actor = { userId: null, kind: 'system', impersonating: false, requestId: meta.requestId, ip: meta.ip };
      const user = await createUserIn(ctx, tx, actor, { tenantId: null, email: input.email, role: 'global_admin', passwordHash, mustChange: false });
      await tx.query('delete from setup_tokens');
      return user;
    });
  });
}
