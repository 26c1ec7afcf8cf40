import type { Context } from '../context.ts';
import { AppError } from '../errors.ts';
import { withSystem, withTenant } from '../db/tx.ts';
import { recordAudit, type Actor } from '../audit/audit.service.ts';
import { timingSafeEqual } from 'node:crypto';
import { apiKeyLookup, newApiKey, sha256, type ApiKeyScope } from './tokens.ts';
import * as store from './api-keys.store.ts';

function present(row: store.ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    created_by: row.created_by ?? row.created_by_admin,
    created_at: row.created_at.toISOString(),
    last_used_at: row.last_used_at?.toISOString() ?? null,
    revoked_at: row.revoked_at?.toISOString() ?? null,
  };
}

/** The key itself is in this answer only; the database keeps its SHA-256. */
export async function createApiKey(ctx: Context, actor: Actor, tenantId: string, input: { name: string; scopes: readonly ApiKeyScope[] }) {
  const { key, prefix } = newApiKey(tenantId);
  const { name } = input;
  const scopes = [...new Set(input.scopes)].sort();
  const row = await withTenant(ctx.db.app, tenantId, async (tx) => {
    // only a global admin acts in a tenant not their own, and is no user of it
    const created = await store.insertApiKey(tx, { tenantId, name, prefix, keyHash: sha256(key), scopes, ...(actor.impersonating ? { createdBy: null, createdByAdmin: actor.userId } : { createdBy: actor.userId, createdByAdmin: null }) });
    await recordAudit(tx, actor, tenantId, 'api_key.created', { type: 'api_key', id: created.id }, { name, prefix, scopes });
    return created;
  });
  return { ...present(row), key };
}

export async function listApiKeys(ctx: Context, tenantId: string) {
  const rows = await withTenant(ctx.db.app, tenantId, (tx) => store.listApiKeys(tx, tenantId));
  return { items: rows.map(present) };
}

export async function revokeApiKey(ctx: Context, actor: Actor, tenantId: string, id: string) {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const row = await store.revokeApiKey(tx, tenantId, id);
    if (!row) throw new AppError('not_found', `no API key with id ${id} in this tenant`);
    await recordAudit(tx, actor, tenantId, 'api_key.revoked', { type: 'api_key', id });
    return present(row);
  });
}

/** What a working API key acts as: its tenant and scopes. */
export interface ApiKeyIdentity {
  tenantId: string;
  id: string;
  scopes: ApiKeyScope[];
}

/** The tenant and scopes an API key acts with; unauthenticated when it is malformed, unknown or revoked, tenant_inactive when its tenant is off. */
export async function authenticateApiKey(ctx: Context, key: string): Promise<ApiKeyIdentity> {
  const lookup = apiKeyLookup(key);
  if (!lookup) throw new AppError('unauthenticated', 'the API key is malformed');
  const row = await withSystem(ctx.db.app, (tx) => store.findApiKeyCredential(tx, lookup.tenantId, lookup.prefix));
  if (!row || row.revoked_at || !timingSafeEqual(row.key_hash, sha256(key))) throw new AppError('unauthenticated', 'the API key is invalid or revoked');
  if (!row.tenant_active) throw new AppError('tenant_inactive', 'the tenant is deactivated');
  return { tenantId: row.tenant_id, id: row.id, scopes: row.scopes };
}

/** When this process last wrote each key's last_used_at (the statement itself writes at most once a minute). */
const touched = new Map<string, number>();
const TOUCH_EVERY_MS = 60_000;

/**
 * Records that the key was used: last_used_at is a hint for admins, so this process writes it at most
 * once a minute per key, in the background, and not at all on the requests in between.
 */
export function noteApiKeyUse(ctx: Context, key: ApiKeyIdentity): void {
  const now = Date.now();
  if (now - (touched.get(key.id) ?? 0) < TOUCH_EVERY_MS) return;
  if (touched.size >= 10_000) touched.clear();
  touched.set(key.id, now);
  void withSystem(ctx.db.app, (tx) => store.touchApiKey(tx, key.tenantId, key.id)).catch(() => touched.delete(key.id));
}
