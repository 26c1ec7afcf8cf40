/**
 * The integrations store: each tenant's credentials for the vendors Embark talks to, one row per
 * (tenant, kind, provider) in tenant_integrations, sealed with src/secrets.ts and never returned (only
 * masked). At most one provider of a kind is active; saving one makes it the active one and keeps the
 * others' credentials for a switch back. The sms and voice numbers an active, enabled integration
 * receives on are held in inbound_addresses (one tenant per number), in the same transaction.
 */
import type { Context } from '../context.ts';
import type { Queryable } from '../db/pool.ts';
import { withSystem, withTenant } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import { recordAudit, type Actor } from '../audit/audit.service.ts';
import { decryptJson, encryptJson } from '../secrets.ts';
import { credentialProblems, isChannelKind, maskCredentials, providerLabel, providersOf, type IntegrationKind } from '../providers/registry.ts';
import { createMailboxProvider } from '../providers/mailbox/index.ts';
import { ProviderError } from '../providers/types.ts';
import { createDropboxSignSender, type DropboxSignCredentials } from '../providers/esign/dropbox-sign.ts';
import { createDocuSignSender, docusignSendingMissing, type DocuSignSendingCredentials } from '../providers/esign/docusign.ts';

const E164 = /^\+[1-9][0-9]{6,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** The kinds whose sender number receives inbound traffic, routed by inbound_addresses. */
const INBOUND_KINDS: readonly IntegrationKind[] = ['sms', 'voice'];

export interface IntegrationRow {
  kind: IntegrationKind;
  provider: string;
  from_address: string;
  credentials_encrypted: Buffer | null;
  enabled: boolean;
  active: boolean;
  updated_at: Date | null;
}

const COLUMNS = 'kind, provider, from_address, credentials_encrypted, enabled, active, updated_at';

/**
 * The associated data a row's credentials are sealed under, so a ciphertext copied to another tenant
 * or kind does not open. Email, sms and voice keep the `channel:` context their rows were sealed under
 * before the store existed (migration 0022 kept the data as it was).
 */
export function credentialContext(tenantId: string, kind: IntegrationKind, provider: string): string {
  return isChannelKind(kind) ? `channel:${tenantId}:${kind}` : `integration:${tenantId}:${kind}:${provider}`;
}

export function openCredentials(ctx: Pick<Context, 'keys'>, tenantId: string, kind: IntegrationKind, provider: string, sealed: Buffer | null): Record<string, unknown> {
  return sealed ? decryptJson(ctx.keys.credentialEncryption, sealed, credentialContext(tenantId, kind, provider)) : {};
}

/** The active integration of a kind, if the tenant configured one. Call inside withTenant. */
export async function activeIntegration(tx: Queryable, tenantId: string, kind: IntegrationKind): Promise<IntegrationRow | undefined> {
  const { rows } = await tx.query(`select ${COLUMNS} from tenant_integrations where tenant_id = $1 and kind = $2 and active`, [tenantId, kind]);
  return rows[0];
}

/** An integration as the API shows it: secrets masked. */
export function present(row: IntegrationRow, credentials: Record<string, unknown>) {
  return {
    kind: row.kind,
    provider: row.provider,
    provider_label: providerLabel(row.kind, row.provider),
    from: row.from_address,
    enabled: row.enabled,
    active: row.active,
    credentials: maskCredentials(row.kind, row.provider, credentials),
    updated_at: row.updated_at?.toISOString() ?? null,
  };
}

export async function listIntegrations(ctx: Context, tenantId: string) {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const { rows } = await tx.query(`select ${COLUMNS} from tenant_integrations where tenant_id = $1 order by kind, provider`, [tenantId]);
    return { items: (rows as IntegrationRow[]).map((row) => present(row, openCredentials(ctx, tenantId, row.kind, row.provider, row.credentials_encrypted))) };
  });
}

export interface IntegrationInput {
  /** The sender (email address or E.164 number); only email, sms and voice have one. */
  readonly from?: string | undefined;
  /** Leaving them out keeps the ones stored for this provider, so a sender changes without re-entering secrets. */
  readonly credentials?: Record<string, unknown> | undefined;
  readonly enabled?: boolean | undefined;
}

function checkSender(kind: IntegrationKind, provider: string, from: string): void {
  if (!isChannelKind(kind)) {
    if (from !== '') throw new AppError('validation_failed', `\`from\` is only for email, sms and voice; a ${kind} integration has no sender`);
    return;
  }
  // the built-in outbox needs no sender, but one given must be a sender all the same
  if (provider === 'outbox' && from === '') return;
  if (kind === 'email' && !EMAIL.test(from)) throw new AppError('validation_failed', '`from` must be the sender email address for the email channel');
  if (kind !== 'email' && !E164.test(from)) throw new AppError('validation_failed', '`from` must be an E.164 number (e.g. +15555550123) for sms and voice');
}

/**
 * Stores a provider's credentials for the tenant and makes it the active one of its kind, in one
 * transaction with the inbound routing of its number and the audit entry. Answers the saved row.
 */
export async function saveIntegration(ctx: Context, actor: Actor, tenantId: string, kind: IntegrationKind, provider: string, input: IntegrationInput) {
  if (!providersOf(kind).includes(provider)) {
    throw new AppError('unknown_provider', `provider ${JSON.stringify(provider)} is not available for ${kind}; choose one of ${providersOf(kind).join(', ')}`);
  }
  const from = input.from ?? '';
  checkSender(kind, provider, from);
  const enabled = input.enabled ?? true;
  try {
    return await withTenant(ctx.db.app, tenantId, async (tx) => {
      // one save of a kind at a time per tenant, so two saves of different providers cannot both end active
      await tx.query(`select pg_advisory_xact_lock(hashtextextended($1::text || ':integration:' || $2::text, 0))`, [tenantId, kind]);
      const { rows: stored } = await tx.query(`select ${COLUMNS} from tenant_integrations where tenant_id = $1 and kind = $2 and provider = $3`, [tenantId, kind, provider]);
      const existing = stored[0] as IntegrationRow | undefined;
      const credentials = input.credentials ?? (existing ? openCredentials(ctx, tenantId, kind, provider, existing.credentials_encrypted) : {});
      const problems = credentialProblems(kind, provider, credentials, { allowEndpoints: ctx.config.allowProviderBaseUrls });
      if (problems.length) {
        throw new AppError('invalid_credentials_shape', `credentials for ${provider}: ${problems.map((p) => p.message).join('; ')}`, {
          extra: { errors: problems.map((p) => ({ in: 'body', path: p.field ? `/credentials/${p.field}` : '/credentials', message: p.message })) },
        });
      }
      const sealed = Object.keys(credentials).length ? encryptJson(ctx.keys.credentialEncryption, credentials, credentialContext(tenantId, kind, provider)) : null;
      await tx.query('update tenant_integrations set active = false where tenant_id = $1 and kind = $2 and provider <> $3 and active', [tenantId, kind, provider]);
      const { rows } = await tx.query(
        `insert into tenant_integrations (tenant_id, kind, provider, from_address, credentials_encrypted, enabled, active) values ($1, $2, $3, $4, $5, $6, true)
         on conflict (tenant_id, kind, provider) do update set from_address = excluded.from_address,
           credentials_encrypted = excluded.credentials_encrypted, enabled = excluded.enabled, active = true
         returning ${COLUMNS}`,
        [tenantId, kind, provider, from, sealed, enabled],
      );
      if (INBOUND_KINDS.includes(kind)) {
        await tx.query('delete from inbound_addresses where tenant_id = $1 and channel = $2', [tenantId, kind]);
        if (enabled && from !== '') await tx.query('insert into inbound_addresses (tenant_id, channel, address) values ($1, $2, $3)', [tenantId, kind, from]);
      }
      if (isChannelKind(kind)) await recordAudit(tx, actor, tenantId, 'channel.configured', { type: 'channel', id: kind }, { provider, from, enabled });
      else await recordAudit(tx, actor, tenantId, 'integration.configured', { type: 'integration', id: `${kind}/${provider}` }, { kind, provider, enabled });
      return present(rows[0], credentials);
    });
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'inbound_addresses_pkey') {
      throw new AppError('channel_number_taken', `${from} already receives ${kind} for another tenant`);
    }
    throw error;
  }
}

/**
 * The one tenant an inbound number routes to, with its active integration of that kind; there is never
 * a fallback tenant. inbound_addresses holds each number once, so there is at most one.
 */
export async function routeInboundAddress(ctx: Context, channel: 'sms' | 'voice', address: string): Promise<{ tenantId: string; row: IntegrationRow } | undefined> {
  return withSystem(ctx.db.app, async (tx) => {
    const { rows: owners } = await tx.query(
      `-- all tenants: the tenant whose enabled integration receives on the number (one per number)
       select a.tenant_id from inbound_addresses a join tenants t on t.id = a.tenant_id
        where a.channel = $1 and a.address = $2 and t.is_active`,
      [channel, address],
    );
    const tenantId = (owners[0] as { tenant_id: string } | undefined)?.tenant_id;
    if (!tenantId) return undefined;
    const row = await activeIntegration(tx, tenantId, channel);
    return row?.enabled ? { tenantId, row } : undefined;
  });
}

/** The tenants whose active, enabled integration of `kind` sends from `address` (a mailbox), compared case-insensitively. */
export async function tenantsSendingFrom(ctx: Context, kind: IntegrationKind, address: string): Promise<string[]> {
  return withSystem(ctx.db.app, async (tx) =>
    (
      await tx.query(
        `-- all tenants: which tenants' integration sends from the address (a push names only the mailbox)
     select i.tenant_id from tenant_integrations i join tenants t on t.id = i.tenant_id
      where i.kind = $1 and i.active and i.enabled and t.is_active and lower(i.from_address) = lower($2)`,
        [kind, address],
      )
    ).rows.map((row: { tenant_id: string }) => row.tenant_id),
  );
}

/**
 * "Test connection": one harmless call with the stored credentials of a provider — for a mailbox
 * vendor the token grant and a one-item directory list, for Dropbox Sign `GET /v3/account`, for a
 * DocuSign integration that can send the JWT grant and `/oauth/userinfo`. Answers what the vendor
 * said, its reason when it refused (never a secret); a provider with nothing to call (built in, a
 * DocuSign integration holding only the Connect HMAC keys its inbound webhooks are signed with) says
 * so with `ok: null`, never a success.
 */
export async function testIntegration(ctx: Context, actor: Actor, tenantId: string, kind: IntegrationKind, provider: string): Promise<{ ok: boolean | null; detail: string; checked_at: string }> {
  if (!providersOf(kind).includes(provider)) throw new AppError('unknown_provider', `provider ${JSON.stringify(provider)} is not available for ${kind}`);
  const row = await withTenant(ctx.db.app, tenantId, async (tx) => (await tx.query(`select ${COLUMNS} from tenant_integrations where tenant_id = $1 and kind = $2 and provider = $3`, [tenantId, kind, provider])).rows[0] as IntegrationRow | undefined);
  if (!row && provider !== 'builtin') throw new AppError('not_found', `no ${provider} ${kind} integration is stored for this tenant; save its credentials first`);
  let outcome: { ok: boolean | null; detail: string };
  const credentials = () => openCredentials(ctx, tenantId, kind, provider, row!.credentials_encrypted);
  const missing = kind === 'esign' && provider === 'docusign' ? docusignSendingMissing(credentials() as DocuSignSendingCredentials) : [];
  if ((kind !== 'mailbox' && kind !== 'esign') || provider === 'builtin') {
    outcome = { ok: null, detail: kind === 'mailbox' ? 'the built-in provider makes staff accounts in Embark itself: there is nothing to connect to' : `nothing to call: ${providerLabel(kind, provider)} is tested by sending through it` };
  } else if (missing.length) {
    outcome = { ok: null, detail: `only inbound webhooks are configured: DocuSign Connect's HMAC keys verify the events DocuSign posts, and nothing outbound can be checked with them; to send from Embark (and test it here) add ${missing.join(', ')} (an eSignature API app with JWT grant)` };
  } else {
    try {
      if (kind === 'mailbox') {
        await createMailboxProvider(provider, credentials()).testConnection();
        outcome = { ok: true, detail: `${providerLabel(kind, provider)} accepted the credentials and answered a one-item directory list` };
      } else if (provider === 'dropbox_sign') {
        await createDropboxSignSender(credentials() as unknown as DropboxSignCredentials).testConnection();
        outcome = { ok: true, detail: `${providerLabel(kind, provider)} accepted the API key and answered GET /v3/account` };
      } else {
        await createDocuSignSender(credentials() as DocuSignSendingCredentials).testConnection();
        outcome = { ok: true, detail: `DocuSign granted a token (JWT grant) and the user it acts as belongs to the account` };
      }
    } catch (error) {
      outcome = { ok: false, detail: error instanceof ProviderError ? `${error.kind}: ${error.message}` : (error as Error).message };
    }
  }
  await withTenant(ctx.db.app, tenantId, (tx) => recordAudit(tx, actor, tenantId, 'integration.tested', { type: 'integration', id: `${kind}/${provider}` }, { ok: outcome.ok }));
  return { ...outcome, checked_at: new Date().toISOString() };
}
