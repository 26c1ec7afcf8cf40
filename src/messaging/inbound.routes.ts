import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { isUuid, withSystem, withTenant } from '../db/tx.ts';
import type { Queryable } from '../db/pool.ts';
import { AppError } from '../errors.ts';
import { ACCESS } from '../http/access.ts';
import { acceptRawBodies, recordReceipt, recordUnattributedReceipt, type Receipt } from '../webhooks/receipts.ts';
import { verifyTwilioSignature } from '../webhooks/signatures/twilio.ts';
import { verifyTelnyxSignature } from '../webhooks/signatures/telnyx.ts';
import { verifyGooglePushToken } from '../webhooks/signatures/google-oidc.ts';
import { resolveChannel, resolveTenantByInboundNumber } from './channels.service.ts';
import * as store from './messages.store.ts';
import { emitMessageEvent } from './dispatch.ts';
import { parseTwilioWebhook } from '../providers/twilio.ts';
import { parseTelnyxEvent } from '../providers/telnyx.ts';
import { VENDOR_LIMITS, vendorText } from '../webhooks/vendor-fields.ts';
import { clientAddress } from '../http/client-address.ts';

const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT']);
const OPT_IN = new Set(['START', 'UNSTOP', 'YES', 'OPTIN']);

/**
 * A receipt for a request that could not be tied to a tenant or did not verify, within the bounds of
 * recordUnattributedReceipt. Its event id is unique so a forged copy can never pre-empt the real delivery.
 */
async function recordUnattributed(ctx: Context, request: FastifyRequest, provider: string, outcome: string, error: string, eventType?: string): Promise<void> {
  await withSystem(ctx.db.app, (tx) => recordUnattributedReceipt(tx, {
    provider, eventId: `unattributed:${randomUUID()}`, eventType, headers: request.headers, rawBody: request.rawBody ?? '', outcome, error, address: clientAddress(request),
  }));
}

/** STOP/START keywords (the message's first word, case-insensitive) opt a number out of or back into a tenant's SMS. */
async function applyKeyword(tx: Queryable, tenantId: string, from: string, text: string): Promise<'opted_out' | 'opted_in' | undefined> {
  const keyword = text.trim().split(/\s+/)[0]?.toUpperCase() ?? '';
  if (OPT_OUT.has(keyword)) {
    await tx.query('insert into sms_opt_outs (tenant_id, phone_number) values ($1, $2) on conflict do nothing', [tenantId, from]);
    return 'opted_out';
  }
  if (OPT_IN.has(keyword)) {
    await tx.query('delete from sms_opt_outs where tenant_id = $1 and phone_number = $2', [tenantId, from]);
    return 'opted_in';
  }
  return undefined;
}

async function storeInboundSms(ctx: Context, request: FastifyRequest, input: { tenantId: string; provider: string; eventId: string; from: string; to: string; text: string }): Promise<Receipt> {
  return withTenant(ctx.db.app, input.tenantId, async (tx) => {
    const receipt = await recordReceipt(tx, { tenantId: input.tenantId, provider: input.provider, eventId: input.eventId, eventType: 'sms.received', headers: request.headers, rawBody: request.rawBody ?? '' });
    if (receipt.duplicate) return receipt;
    await tx.query(
      'insert into inbound_messages (tenant_id, channel, provider, from_address, to_address, body, receipt_id) values ($1, $2, $3, $4, $5, $6, $7)',
      [input.tenantId, 'sms', input.provider, input.from, input.to, input.text.slice(0, 5000), receipt.id],
    );
    const keyword = await applyKeyword(tx, input.tenantId, input.from, input.text);
    if (keyword) await tx.query('update webhook_receipts set outcome = $3 where tenant_id = $1 and id = $2', [input.tenantId, receipt.id, keyword]);
    return receipt;
  });
}

function emptyTwiml(reply: FastifyReply): FastifyReply {
  return reply.type('text/xml; charset=utf-8').send('<?xml version="1.0" encoding="UTF-8"?>\n<Response></Response>');
}

export async function inboundRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  acceptRawBodies(app, { bodyLimit: 256 * 1024 });

  app.post('/api/v1/webhooks/sms/twilio', {
    config: { access: ACCESS.public },
    schema: { tags: ['webhooks'], summary: 'Inbound SMS from Twilio: routed to the one tenant whose enabled SMS channel owns the To number' },
  }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, string>;
    const fields = parseTwilioWebhook(body);
    const to = fields.to ?? '';
    const routed = to ? await resolveTenantByInboundNumber(ctx, 'sms', to) : undefined;
    if (!routed || routed.config.provider !== 'twilio') {
      await recordUnattributed(ctx, request, 'twilio', 'tenant_unresolved', `no tenant receives SMS on ${JSON.stringify(to)} through Twilio`, 'sms.received');
      throw new AppError('tenant_unresolved', `no tenant receives SMS on ${JSON.stringify(to)}`);
    }
    const signature = request.headers['x-twilio-signature'];
    const url = `${ctx.config.publicUrl}${request.url}`;
    if (typeof signature !== 'string' || !signature) {
      await recordUnattributed(ctx, request, 'twilio', 'signature_missing', 'no X-Twilio-Signature', 'sms.received');
      throw new AppError('signature_missing', 'X-Twilio-Signature is missing');
    }
    if (!verifyTwilioSignature(String(routed.config.credentials.auth_token ?? ''), url, body, signature)) {
      await recordUnattributed(ctx, request, 'twilio', 'signature_invalid', 'X-Twilio-Signature did not verify', 'sms.received');
      throw new AppError('signature_invalid', 'X-Twilio-Signature does not match this request');
    }
    await storeInboundSms(ctx, request, { tenantId: routed.tenantId, provider: 'twilio', eventId: fields.messageSid ?? randomUUID(), from: fields.from ?? '', to, text: fields.body ?? '' });
    return emptyTwiml(reply);
  });

  app.post<{ Querystring: { tenant_id?: string; message_id?: string } }>('/api/v1/webhooks/sms/twilio/status', {
    config: { access: ACCESS.public },
    schema: { tags: ['webhooks'], summary: 'Twilio message status callbacks for messages Embark sent (tenant and message named in the URL)' },
  }, async (request, reply) => {
    const { tenant_id: tenantId, message_id: messageId } = request.query;
    if (!isUuid(tenantId) || !isUuid(messageId)) throw new AppError('invalid_id', 'tenant_id and message_id must be UUIDs');
    const body = (request.body ?? {}) as Record<string, string>;
    const fields = parseTwilioWebhook(body);
    const outcome = await withTenant(ctx.db.app, tenantId, async (tx) => {
      const message = await store.lockMessage(tx, tenantId, messageId);
      if (!message || message.channel !== 'sms') return 'not_found';
      const channel = await resolveChannel(ctx, tx, tenantId, 'sms');
      if (channel.config.provider !== 'twilio') return 'not_found';
      const signature = request.headers['x-twilio-signature'];
      if (typeof signature !== 'string' || !signature) return 'signature_missing';
      if (!verifyTwilioSignature(String(channel.config.credentials.auth_token ?? ''), `${ctx.config.publicUrl}${request.url}`, body, signature)) return 'signature_invalid';
      const status = fields.messageStatus ?? '';
      const fresh = await store.insertEvent(tx, tenantId, messageId, { status: `sms.${status || 'unknown'}`, detail: { error_code: fields.errorCode ?? null }, providerEventId: `${fields.messageSid ?? ''}:${status}` });
      if (!fresh) return 'ok';
      if (status === 'delivered') {
        await store.updateMessage(tx, tenantId, messageId, { status: 'delivered', delivered_at: new Date() });
        await emitMessageEvent(tx, message, 'delivered');
      } else if (status === 'undelivered' || status === 'failed') {
        const error = `carrier reported ${status}${fields.errorCode ? ` (error ${fields.errorCode})` : ''}`;
        await store.updateMessage(tx, tenantId, messageId, { status: 'failed', last_error: error });
        await emitMessageEvent(tx, message, 'failed', { error });
      }
      return 'ok';
    });
    if (outcome === 'not_found') throw new AppError('not_found', 'no such SMS for this tenant');
    if (outcome === 'signature_missing') throw new AppError('signature_missing', 'X-Twilio-Signature is missing');
    if (outcome === 'signature_invalid') throw new AppError('signature_invalid', 'X-Twilio-Signature does not match this request');
    return reply.status(204).send();
  });

  app.post('/api/v1/webhooks/sms/telnyx', {
    config: { access: ACCESS.public },
    schema: { tags: ['webhooks'], summary: 'Inbound SMS from Telnyx (message.received), Ed25519-verified with the owning tenant’s public key' },
  }, async (request, reply) => {
    const event = parseTelnyxEvent(request.body);
    const to = event.to ?? '';
    const routed = to ? await resolveTenantByInboundNumber(ctx, 'sms', to) : undefined;
    if (!routed || routed.config.provider !== 'telnyx') {
      await recordUnattributed(ctx, request, 'telnyx', 'tenant_unresolved', `no tenant receives SMS on ${JSON.stringify(to)} through Telnyx`, event.eventType);
      throw new AppError('tenant_unresolved', `no tenant receives SMS on ${JSON.stringify(to)}`);
    }
    try {
      verifyTelnyxSignature(String(routed.config.credentials.public_key ?? ''), request.headers, request.rawBody ?? Buffer.alloc(0));
    } catch (error) {
      await recordUnattributed(ctx, request, 'telnyx', 'signature_invalid', (error as Error).message, event.eventType);
      throw new AppError('signature_invalid', `Telnyx signature: ${(error as Error).message}`);
    }
    if (event.eventType !== 'message.received') {
      await withTenant(ctx.db.app, routed.tenantId, (tx) => recordReceipt(tx, { tenantId: routed.tenantId, provider: 'telnyx', eventId: event.id ?? randomUUID(), eventType: event.eventType, headers: request.headers, rawBody: request.rawBody ?? '', outcome: 'ignored' }));
      return reply.send({ received: true });
    }
    await storeInboundSms(ctx, request, { tenantId: routed.tenantId, provider: 'telnyx', eventId: event.id ?? randomUUID(), from: event.from ?? '', to, text: event.text ?? '' });
    return reply.send({ received: true });
  });

  app.post('/api/v1/webhooks/email/gmail', {
    config: { access: ACCESS.public },
    schema: { tags: ['webhooks'], summary: 'Gmail push notifications (Pub/Sub push), verified by their Google OIDC token (refused while EMBARK_GMAIL_PUSH_AUDIENCE is unset): routed by emailAddress to the tenant whose email channel sends from that mailbox' },
  }, async (request, reply) => {
    // fail closed: without an audience to check the push's token against, anyone could push
    if (!ctx.config.gmailPushAudience) {
      throw new AppError('verification_unconfigured', 'Gmail push notifications are refused: this server verifies them with EMBARK_GMAIL_PUSH_AUDIENCE, which is not set');
    }
    try {
      await verifyGooglePushToken(String(request.headers.authorization ?? ''), { audience: ctx.config.gmailPushAudience, jwksUrl: ctx.config.gmailPushJwksUrl, email: ctx.config.gmailPushServiceAccount });
    } catch (error) {
      await recordUnattributed(ctx, request, 'gmail', 'signature_invalid', (error as Error).message, 'gmail.push');
      throw new AppError('signature_invalid', `the push's OIDC token did not verify: ${(error as Error).message}`);
    }
    const push = (request.body ?? {}) as { message?: { data?: unknown; messageId?: unknown; message_id?: unknown } };
    const data = vendorText(push.message?.data, '/message/data', 16_384) ?? '';
    let notification: { emailAddress?: unknown; historyId?: unknown } = {};
    try {
      notification = JSON.parse(Buffer.from(data, 'base64url').toString('utf8'));
    } catch {
      throw new AppError('validation_failed', 'message.data is not base64-encoded JSON');
    }
    const mailbox = (vendorText(notification?.emailAddress, '/message/data emailAddress', VENDOR_LIMITS.email) ?? '').toLowerCase();
    const historyId = vendorText(notification?.historyId, '/message/data historyId', VENDOR_LIMITS.status);
    const messageId = vendorText(push.message?.messageId ?? push.message?.message_id, '/message/messageId', VENDOR_LIMITS.id) ?? '';
    if (!mailbox || !messageId) throw new AppError('validation_failed', 'a Pub/Sub push needs message.messageId and message.data with emailAddress');
    const tenantId = await withSystem(ctx.db.app, async (tx) => (await tx.query(
      `-- all tenants: which tenant's email channel sends from the mailbox the push is about
       select c.tenant_id from channel_configs c join tenants t on t.id = c.tenant_id
        where c.channel = 'email' and c.enabled and t.is_active and lower(c.from_address) = $1`, [mailbox],
    )).rows.map((row: { tenant_id: string }) => row.tenant_id));
    if (tenantId.length !== 1) {
      await recordUnattributed(ctx, request, 'gmail', 'tenant_unresolved', `no single tenant owns the mailbox ${mailbox}`, 'gmail.push');
      throw new AppError('tenant_unresolved', `no tenant owns the mailbox ${mailbox}`);
    }
    await withTenant(ctx.db.app, tenantId[0]!, (tx) => recordReceipt(tx, {
      tenantId: tenantId[0]!, provider: 'gmail', eventId: messageId, eventType: 'gmail.push', headers: request.headers, rawBody: request.rawBody ?? '', outcome: `history ${historyId ?? ''}`,
    }));
    return reply.status(204).send();
  });
}
