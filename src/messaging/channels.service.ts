import type { Context } from '../context.ts';
import type { Queryable } from '../db/pool.ts';
import { withSystem, withTenant } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import { recordAudit, type Actor } from '../audit/audit.service.ts';
import { decryptJson, encryptJson } from '../secrets.ts';
import { endpointFields, maskCredentials, PROVIDERS_BY_CHANNEL, validateCredentials } from '../providers/registry.ts';
import type { Channel, ChannelConfig } from '../providers/types.ts';

export const OUTBOX_PROVIDER = 'outbox';
const E164 = /^\+[1-9][0-9]{6,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface ChannelRow {
  channel: Channel;
  provider: string;
  from_address: string;
  credentials_encrypted: Buffer | null;
  enabled: boolean;
  updated_at: Date | null;
}

export interface ResolvedChannel {
  readonly enabled: boolean;
  /** False when the tenant never configured the channel and the built-in outbox stands in. */
  readonly configured: boolean;
  readonly config: ChannelConfig;
}

export function channelCredentialContext(tenantId: string, channel: Channel): string {
  return `channel:${tenantId}:${channel}`;
}

function decrypt(ctx: Pick<Context, 'keys'>, tenantId: string, channel: Channel, sealed: Buffer | null): Record<string, unknown> {
  return sealed ? decryptJson(ctx.keys.credentialEncryption, sealed, channelCredentialContext(tenantId, channel)) : {};
}

async function findRow(tx: Queryable, tenantId: string, channel: Channel): Promise<ChannelRow | undefined> {
  const { rows } = await tx.query('select channel, provider, from_address, credentials_encrypted, enabled, updated_at from channel_configs where tenant_id = $1 and channel = $2', [tenantId, channel]);
  return rows[0];
}

type SenderContext = Pick<Context, 'keys'> & { readonly config: Pick<Context['config'], 'allowProviderBaseUrls'> };

/**
 * A channel row as senders use it, credentials decrypted; no row means the built-in outbox, enabled.
 * An endpoint override (base_url) stored while the operator allowed them, and not allowed any more, is
 * taken out — so nothing is ever sent there — and the channel refuses to send, saying why.
 */
export function channelFromRow(ctx: SenderContext, tenantId: string, channel: Channel, row: Omit<ChannelRow, 'channel' | 'updated_at'> | undefined): ResolvedChannel {
  if (!row) return { enabled: true, configured: false, config: { channel, provider: OUTBOX_PROVIDER, from: '', credentials: {} } };
  const credentials = decrypt(ctx, tenantId, channel, row.credentials_encrypted);
  const overrides = ctx.config.allowProviderBaseUrls ? [] : endpointFields(channel, row.provider).filter((name) => credentials[name] !== undefined);
  for (const name of overrides) delete credentials[name];
  const refused = overrides.length ? `the channel's ${overrides.join(', ')} points ${row.provider} at another server, which this Embark does not allow; remove it in the channel settings` : undefined;
  return { enabled: row.enabled, configured: true, config: { channel, provider: row.provider, from: row.from_address, credentials, ...(refused ? { refused } : {}) } };
}

/** The channel as senders use it: credentials decrypted; no row means the outbox. Call inside withTenant. */
export async function resolveChannel(ctx: SenderContext, tx: Queryable, tenantId: string, channel: Channel): Promise<ResolvedChannel> {
  return channelFromRow(ctx, tenantId, channel, await findRow(tx, tenantId, channel));
}

function present(channel: Channel, row: ChannelRow | undefined, credentials: Record<string, unknown>) {
  const provider = row?.provider ?? OUTBOX_PROVIDER;
  return {
    channel,
    provider,
    from: row?.from_address ?? '',
    enabled: row?.enabled ?? true,
    configured: Boolean(row),
    credentials: maskCredentials(channel, provider, credentials),
    updated_at: row?.updated_at?.toISOString() ?? null,
  };
}

export async function getChannel(ctx: Context, tenantId: string, channel: Channel) {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const row = await findRow(tx, tenantId, channel);
    return present(channel, row, row ? decrypt(ctx, tenantId, row.channel, row.credentials_encrypted) : {});
  });
}

export async function listChannels(ctx: Context, tenantId: string) {
  return { items: await Promise.all((['email', 'sms', 'voice'] as const).map((channel) => getChannel(ctx, tenantId, channel))) };
}

/**
 * Replaces a channel's configuration. Leaving out `credentials` while keeping the provider keeps the
 * stored ones, so an admin can change the sender without re-entering secrets.
 */
export async function putChannel(ctx: Context, actor: Actor, tenantId: string, channel: Channel, input: { provider: string; from?: string | undefined; credentials?: Record<string, unknown> | undefined; enabled?: boolean | undefined }) {
  if (!PROVIDERS_BY_CHANNEL[channel].includes(input.provider)) {
    throw new AppError('unknown_provider', `provider ${JSON.stringify(input.provider)} is not available for ${channel}; choose one of ${PROVIDERS_BY_CHANNEL[channel].join(', ')}`);
  }
  const from = input.from ?? '';
  // the built-in outbox needs no sender, but one given must be a sender all the same
  if (input.provider !== OUTBOX_PROVIDER || from !== '') {
    if (channel === 'email' && !EMAIL.test(from)) throw new AppError('validation_failed', '`from` must be the sender email address for the email channel');
    if (channel !== 'email' && !E164.test(from)) throw new AppError('validation_failed', '`from` must be an E.164 number (e.g. +15555550123) for sms and voice');
  }
  try {
    return await withTenant(ctx.db.app, tenantId, async (tx) => {
      const existing = await findRow(tx, tenantId, channel);
      const credentials = input.credentials ?? (existing && existing.provider === input.provider ? decrypt(ctx, tenantId, existing.channel, existing.credentials_encrypted) : {});
      const problems = validateCredentials(channel, input.provider, credentials, { allowEndpoints: ctx.config.allowProviderBaseUrls });
      if (problems.length) throw new AppError('invalid_credentials_shape', `credentials for ${input.provider}: ${problems.join('; ')}`, { extra: { errors: problems } });
      const sealed = Object.keys(credentials).length ? encryptJson(ctx.keys.credentialEncryption, credentials, channelCredentialContext(tenantId, channel)) : null;
      const { rows } = await tx.query(
        `insert into channel_configs (tenant_id, channel, provider, from_address, credentials_encrypted, enabled) values ($1, $2, $3, $4, $5, $6)
         on conflict (tenant_id, channel) do update set provider = excluded.provider, from_address = excluded.from_address,
           credentials_encrypted = excluded.credentials_encrypted, enabled = excluded.enabled
         returning channel, provider, from_address, credentials_encrypted, enabled, updated_at`,
        [tenantId, channel, input.provider, from, sealed, input.enabled ?? true],
      );
      await recordAudit(tx, actor, tenantId, 'channel.configured', { type: 'channel', id: channel }, { provider: input.provider, from, enabled: input.enabled ?? true });
      return present(channel, rows[0], credentials);
    });
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'channel_configs_inbound_number') {
      throw new AppError('channel_number_taken', `${from} already receives ${channel} for another tenant`);
    }
    throw error;
  }
}

/**
 * The one tenant whose enabled channel owns `number` — inbound traffic is routed by it, and there is
 * never a fallback tenant.
 */
export async function resolveTenantByInboundNumber(ctx: Context, channel: 'sms' | 'voice', number: string): Promise<{ tenantId: string; config: ChannelConfig } | undefined> {
  return withSystem(ctx.db.app, async (tx) => {
    const { rows } = await tx.query(
      `-- all tenants: which tenant's enabled channel owns the number (channel_configs_inbound_number)
       select c.tenant_id, c.channel, c.provider, c.from_address, c.credentials_encrypted, c.enabled, c.updated_at
         from channel_configs c join tenants t on t.id = c.tenant_id
        where c.channel = $1 and c.from_address = $2 and c.enabled and t.is_active`,
      [channel, number],
    );
    const row = rows[0] as (ChannelRow & { tenant_id: string }) | undefined;
    if (!row) return undefined;
    return { tenantId: row.tenant_id, config: channelFromRow(ctx, row.tenant_id, channel, row).config };
  });
}
