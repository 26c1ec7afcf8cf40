/**
 * The email, sms and voice channels as messaging uses them: each is the tenant's active integration of
 * that kind in the integrations store (src/integrations), or the built-in outbox when there is none.
 * /api/v1/tenant/channels serves this view.
 */
import type { Context } from '../context.ts';
import type { Queryable } from '../db/pool.ts';
import { withTenant } from '../db/tx.ts';
import type { Actor } from '../audit/audit.service.ts';
import { activeIntegration, openCredentials, routeInboundAddress, saveIntegration, type IntegrationRow } from '../integrations/integrations.service.ts';
import { endpointFields, maskCredentials } from '../providers/registry.ts';
import { CHANNELS, type Channel, type ChannelConfig } from '../providers/types.ts';

export const OUTBOX_PROVIDER = 'outbox';

/** What a channel's row holds, as the dispatch read (the channel_configs view) gives it. */
type ChannelRow = Pick<IntegrationRow, 'provider' | 'from_address' | 'credentials_encrypted' | 'enabled'>;

export interface ResolvedChannel {
  readonly enabled: boolean;
  /** False when the tenant never configured the channel and the built-in outbox stands in. */
  readonly configured: boolean;
  readonly config: ChannelConfig;
}

type SenderContext = Pick<Context, 'keys'> & { readonly config: Pick<Context['config'], 'allowProviderBaseUrls'> };

/**
 * A channel row as senders use it, credentials decrypted; no row means the built-in outbox, enabled.
 * An endpoint override (base_url) stored while the operator allowed them, and not allowed any more, is
 * taken out — so nothing is ever sent there — and the channel refuses to send, saying why.
 */
export function channelFromRow(ctx: SenderContext, tenantId: string, channel: Channel, row: ChannelRow | undefined): ResolvedChannel {
  if (!row) return { enabled: true, configured: false, config: { channel, provider: OUTBOX_PROVIDER, from: '', credentials: {} } };
  const credentials = openCredentials(ctx, tenantId, channel, row.provider, row.credentials_encrypted);
  const overrides = ctx.config.allowProviderBaseUrls ? [] : endpointFields(channel, row.provider).filter((name) => credentials[name] !== undefined);
  for (const name of overrides) delete credentials[name];
  const refused = overrides.length ? `the channel's ${overrides.join(', ')} points ${row.provider} at another server, which this Embark does not allow; remove it in the channel settings` : undefined;
  return { enabled: row.enabled, configured: true, config: { channel, provider: row.provider, from: row.from_address, credentials, ...(refused ? { refused } : {}) } };
}

/** The channel as senders use it: credentials decrypted; no row means the outbox. Call inside withTenant. */
export async function resolveChannel(ctx: SenderContext, tx: Queryable, tenantId: string, channel: Channel): Promise<ResolvedChannel> {
  return channelFromRow(ctx, tenantId, channel, await activeIntegration(tx, tenantId, channel));
}

function present(channel: Channel, row: IntegrationRow | undefined, credentials: Record<string, unknown>) {
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
    const row = await activeIntegration(tx, tenantId, channel);
    return present(channel, row, row ? openCredentials(ctx, tenantId, channel, row.provider, row.credentials_encrypted) : {});
  });
}

export async function listChannels(ctx: Context, tenantId: string) {
  return { items: await Promise.all(CHANNELS.map((channel) => getChannel(ctx, tenantId, channel))) };
}

/**
 * Replaces a channel's configuration: the integration of that provider, made the active one. Leaving
 * out `credentials` keeps the ones stored for the provider, so an admin can change the sender without
 * re-entering secrets.
 */
export async function putChannel(ctx: Context, actor: Actor, tenantId: string, channel: Channel, input: { provider: string; from?: string | undefined; credentials?: Record<string, unknown> | undefined; enabled?: boolean | undefined }) {
  const saved = await saveIntegration(ctx, actor, tenantId, channel, input.provider, input);
  return { channel, provider: saved.provider, from: saved.from, enabled: saved.enabled, configured: true, credentials: saved.credentials, updated_at: saved.updated_at };
}

/**
 * The one tenant whose enabled channel owns `number` — inbound traffic is routed by it, and there is
 * never a fallback tenant.
 */
export async function resolveTenantByInboundNumber(ctx: Context, channel: 'sms' | 'voice', number: string): Promise<{ tenantId: string; config: ChannelConfig } | undefined> {
  const routed = await routeInboundAddress(ctx, channel, number);
  return routed && { tenantId: routed.tenantId, config: channelFromRow(ctx, routed.tenantId, channel, routed.row).config };
}
