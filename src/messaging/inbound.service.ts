import { randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import { withSystem, withTenant } from '../db/tx.ts';
import { recordReceipt, recordUnattributedReceipt, type Receipt } from '../webhooks/receipts.ts';
import * as store from './inbound.store.ts';

const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT']);
const OPT_IN = new Set(['START', 'UNSTOP', 'YES', 'OPTIN']);

/** The request a receipt keeps: the verification's input, as it arrived. */
export interface InboundRequest {
  readonly headers: Record<string, unknown>;
  readonly rawBody: Buffer | string;
  readonly address: string;
}

/**
 * A receipt for a request that could not be tied to a tenant or did not verify, within the bounds of
 * recordUnattributedReceipt. Its event id is unique so a forged copy can never pre-empt the real delivery.
 */
export async function recordUnattributed(ctx: Context, request: InboundRequest, provider: string, outcome: string, error: string, eventType?: string): Promise<void> {
  await withSystem(ctx.db.app, (tx) =>
    recordUnattributedReceipt(tx, {
      provider,
      eventId: `unattributed:${randomUUID()}`,
      eventType,
      headers: request.headers,
      rawBody: request.rawBody,
      outcome,
      error,
      address: request.address,
    }),
  );
}

/** STOP/START keywords (the message's first word, case-insensitive) opt a number out of or back into a tenant's SMS. */
function keywordOf(text: string): 'opted_out' | 'opted_in' | undefined {
  const keyword = text.trim().split(/\s+/)[0]?.toUpperCase() ?? '';
  if (OPT_OUT.has(keyword)) return 'opted_out';
  if (OPT_IN.has(keyword)) return 'opted_in';
  return undefined;
}

/** An inbound SMS for the tenant, once per provider event id: its receipt, the message, and the opt-out or opt-in it asks for. */
export async function storeInboundSms(ctx: Context, request: InboundRequest, input: { tenantId: string; provider: string; eventId: string; from: string; to: string; text: string }): Promise<Receipt> {
  const keyword = keywordOf(input.text);
  return withTenant(ctx.db.app, input.tenantId, async (tx) => {
    const receipt = await recordReceipt(tx, { tenantId: input.tenantId, provider: input.provider, eventId: input.eventId, eventType: 'sms.received', headers: request.headers, rawBody: request.rawBody, outcome: keyword });
    if (receipt.duplicate) return receipt;
    await store.insertInboundMessage(tx, { tenantId: input.tenantId, channel: 'sms', provider: input.provider, from: input.from, to: input.to, body: input.text.slice(0, 5000), receiptId: receipt.id });
    if (keyword === 'opted_out') await store.optOut(tx, input.tenantId, input.from);
    if (keyword === 'opted_in') await store.optIn(tx, input.tenantId, input.from);
    return receipt;
  });
}

/** A provider event Embark receives and does not act on, kept as a receipt (outcome `ignored` unless said otherwise). */
export async function recordIgnored(ctx: Context, request: InboundRequest, input: { tenantId: string; provider: string; eventId: string; eventType: string | undefined; outcome?: string }): Promise<void> {
  await withTenant(ctx.db.app, input.tenantId, (tx) =>
    recordReceipt(tx, {
      tenantId: input.tenantId,
      provider: input.provider,
      eventId: input.eventId,
      eventType: input.eventType,
      headers: request.headers,
      rawBody: request.rawBody,
      outcome: input.outcome ?? 'ignored',
    }),
  );
}
