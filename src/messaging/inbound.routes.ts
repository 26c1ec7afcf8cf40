import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { isUuid } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import { ACCESS } from '../http/access.ts';
import { acceptRawBodies } from '../webhooks/receipts.ts';
import { verifyTwilioSignature } from '../webhooks/signatures/twilio.ts';
import { verifyTelnyxSignature } from '../webhooks/signatures/telnyx.ts';
import { verifyGooglePushToken } from '../webhooks/signatures/google-oidc.ts';
import { resolveTenantByInboundNumber } from './channels.service.ts';
import { recordIgnored, recordUnattributed, storeInboundSms, type InboundRequest } from './inbound.service.ts';
import { tenantsSendingFrom } from '../integrations/integrations.service.ts';
import { findCallbackTarget, receiveStatusReport } from './status.ts';
import { twilioSmsStatusReport } from '../providers/sms/twilio.ts';
import { parseTwilioWebhook } from '../providers/twilio.ts';
import { parseTelnyxEvent } from '../providers/telnyx.ts';
import { VENDOR_LIMITS, vendorText } from '../webhooks/vendor-fields.ts';
import { clientAddress } from '../http/client-address.ts';

/** What a receipt keeps of the request. */
function inbound(request: FastifyRequest): InboundRequest {
  return { headers: request.headers, rawBody: request.rawBody ?? '', address: clientAddress(request) };
}

function emptyTwiml(reply: FastifyReply): FastifyReply {
  return reply.type('text/xml; charset=utf-8').send('<?xml version="1.0" encoding="UTF-8"?>\n<Response></Response>');
}

export async function inboundRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  acceptRawBodies(app, { bodyLimit: 256 * 1024 });

  app.post(
    '/api/v1/webhooks/sms/twilio',
    {
      config: { access: ACCESS.public },
      schema: { tags: ['webhooks'], summary: 'Inbound SMS from Twilio: routed to the one tenant whose enabled SMS channel owns the To number' },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, string>;
      const fields = parseTwilioWebhook(body);
      const to = fields.to ?? '';
      const routed = to ? await resolveTenantByInboundNumber(ctx, 'sms', to) : undefined;
      if (!routed || routed.config.provider !== 'twilio') {
        await recordUnattributed(ctx, inbound(request), 'twilio', 'tenant_unresolved', `no tenant receives SMS on ${JSON.stringify(to)} through Twilio`, 'sms.received');
        throw new AppError('tenant_unresolved', `no tenant receives SMS on ${JSON.stringify(to)}`);
      }
      const signature = request.headers['x-twilio-signature'];
      const url = `${ctx.config.publicUrl}${request.url}`;
      if (typeof signature !== 'string' || !signature) {
        await recordUnattributed(ctx, inbound(request), 'twilio', 'signature_missing', 'no X-Twilio-Signature', 'sms.received');
        throw new AppError('signature_missing', 'X-Twilio-Signature is missing');
      }
      if (!verifyTwilioSignature(String(routed.config.credentials.auth_token ?? ''), url, body, signature)) {
        await recordUnattributed(ctx, inbound(request), 'twilio', 'signature_invalid', 'X-Twilio-Signature did not verify', 'sms.received');
        throw new AppError('signature_invalid', 'X-Twilio-Signature does not match this request');
      }
      await storeInboundSms(ctx, inbound(request), { tenantId: routed.tenantId, provider: 'twilio', eventId: fields.messageSid ?? randomUUID(), from: fields.from ?? '', to, text: fields.body ?? '' });
      return emptyTwiml(reply);
    },
  );

  app.post<{ Querystring: { tenant_id?: string; message_id?: string } }>(
    '/api/v1/webhooks/sms/twilio/status',
    {
      config: { access: ACCESS.public },
      schema: { tags: ['webhooks'], summary: 'Twilio message status callbacks for messages Embark sent (tenant and message named in the URL)' },
    },
    async (request, reply) => {
      const { tenant_id: tenantId, message_id: messageId } = request.query;
      if (!isUuid(tenantId) || !isUuid(messageId)) throw new AppError('invalid_id', 'tenant_id and message_id must be UUIDs');
      const body = (request.body ?? {}) as Record<string, string>;
      const fields = parseTwilioWebhook(body);
      const { channel } = await findCallbackTarget(ctx, tenantId, messageId, 'sms', 'twilio');
      const signature = request.headers['x-twilio-signature'];
      if (typeof signature !== 'string' || !signature) throw new AppError('signature_missing', 'X-Twilio-Signature is missing');
      if (!verifyTwilioSignature(String(channel.credentials.auth_token ?? ''), `${ctx.config.publicUrl}${request.url}`, body, signature)) {
        throw new AppError('signature_invalid', 'X-Twilio-Signature does not match this request');
      }
      await receiveStatusReport(ctx, tenantId, messageId, twilioSmsStatusReport(fields));
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/webhooks/sms/telnyx',
    {
      config: { access: ACCESS.public },
      schema: { tags: ['webhooks'], summary: 'Inbound SMS from Telnyx (message.received), Ed25519-verified with the owning tenant’s public key' },
    },
    async (request, reply) => {
      const event = parseTelnyxEvent(request.body);
      const to = event.to ?? '';
      const routed = to ? await resolveTenantByInboundNumber(ctx, 'sms', to) : undefined;
      if (!routed || routed.config.provider !== 'telnyx') {
        await recordUnattributed(ctx, inbound(request), 'telnyx', 'tenant_unresolved', `no tenant receives SMS on ${JSON.stringify(to)} through Telnyx`, event.eventType);
        throw new AppError('tenant_unresolved', `no tenant receives SMS on ${JSON.stringify(to)}`);
      }
      try {
        verifyTelnyxSignature(String(routed.config.credentials.public_key ?? ''), request.headers, request.rawBody ?? Buffer.alloc(0));
      } catch (error) {
        await recordUnattributed(ctx, inbound(request), 'telnyx', 'signature_invalid', (error as Error).message, event.eventType);
        throw new AppError('signature_invalid', `Telnyx signature: ${(error as Error).message}`);
      }
      if (event.eventType !== 'message.received') {
        await recordIgnored(ctx, inbound(request), { tenantId: routed.tenantId, provider: 'telnyx', eventId: event.id ?? randomUUID(), eventType: event.eventType });
        return reply.send({ received: true });
      }
      await storeInboundSms(ctx, inbound(request), { tenantId: routed.tenantId, provider: 'telnyx', eventId: event.id ?? randomUUID(), from: event.from ?? '', to, text: event.text ?? '' });
      return reply.send({ received: true });
    },
  );

  app.post(
    '/api/v1/webhooks/email/gmail',
    {
      config: { access: ACCESS.public },
      schema: { tags: ['webhooks'], summary: 'Gmail push notifications (Pub/Sub push), verified by their Google OIDC token (refused while EMBARK_GMAIL_PUSH_AUDIENCE is unset): routed by emailAddress to the tenant whose email channel sends from that mailbox' },
    },
    async (request, reply) => {
      // fail closed: without an audience to check the push's token against, anyone could push
      if (!ctx.config.gmailPushAudience) {
        throw new AppError('verification_unconfigured', 'Gmail push notifications are refused: this server verifies them with EMBARK_GMAIL_PUSH_AUDIENCE, which is not set');
      }
      try {
        await verifyGooglePushToken(String(request.headers.authorization ?? ''), { audience: ctx.config.gmailPushAudience, jwksUrl: ctx.config.gmailPushJwksUrl, email: ctx.config.gmailPushServiceAccount });
      } catch (error) {
        await recordUnattributed(ctx, inbound(request), 'gmail', 'signature_invalid', (error as Error).message, 'gmail.push');
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
      const tenantId = await tenantsSendingFrom(ctx, 'email', mailbox);
      if (tenantId.length !== 1) {
        await recordUnattributed(ctx, inbound(request), 'gmail', 'tenant_unresolved', `no single tenant owns the mailbox ${mailbox}`, 'gmail.push');
        throw new AppError('tenant_unresolved', `no tenant owns the mailbox ${mailbox}`);
      }
      await recordIgnored(ctx, inbound(request), { tenantId: tenantId[0]!, provider: 'gmail', eventId: messageId, eventType: 'gmail.push', outcome: `history ${historyId ?? ''}` });
      return reply.status(204).send();
    },
  );
}
