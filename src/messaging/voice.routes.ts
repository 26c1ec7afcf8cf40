import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { isUuid, withTenant } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import { ACCESS } from '../http/access.ts';
import { responses, uuid } from '../http/schemas.ts';
import { escapeXml, renderBundle } from '../templates/templates.service.ts';
import { verifyTwilioSignature } from '../webhooks/signatures/twilio.ts';
import { verifyTelnyxSignature } from '../webhooks/signatures/telnyx.ts';
import { sendTelnyxCallCommand } from '../providers/voice/telnyx.ts';
import { parseTelnyxEvent, type TelnyxCredentials } from '../providers/telnyx.ts';
import { parseTwilioWebhook } from '../providers/twilio.ts';
import { acceptRawBodies } from '../webhooks/receipts.ts';
import { resolveChannel } from './channels.service.ts';
import * as store from './messages.store.ts';
import { onboardingCallUrls } from './voice.urls.ts';
import { emitMessageEvent } from './dispatch.ts';

const callbackQuery = {
  type: 'object',
  required: ['tenant_id', 'message_id'],
  additionalProperties: true,
  properties: { tenant_id: uuid, message_id: uuid },
} as const;

type CallbackRequest = FastifyRequest<{ Querystring: { tenant_id: string; message_id: string } }>;

/** Twilio's CallStatus → the message's status; in-flight states leave it `sent`. */
function statusFromCall(callStatus: string): 'sent' | 'delivered' | 'failed' | undefined {
  switch (callStatus) {
    case 'queued':
    case 'initiated':
    case 'ringing':
    case 'in-progress':
      return 'sent';
    case 'completed':
      return 'delivered';
    case 'busy':
    case 'failed':
    case 'no-answer':
    case 'canceled':
      return 'failed';
    default:
      return undefined;
  }
}

/**
 * Loads the message the callback URL names and checks the request's Twilio signature with that
 * tenant's auth token. The tenant comes from the URL, and must be the message's own tenant: a
 * callback can never act for a tenant it was not issued for.
 */
async function authenticateTwilioCallback(ctx: Context, request: CallbackRequest) {
  const { tenant_id: tenantId, message_id: messageId } = request.query;
  if (!isUuid(tenantId) || !isUuid(messageId)) throw new AppError('invalid_id', 'tenant_id and message_id must be UUIDs');
  const found = await withTenant(ctx.db.app, tenantId, async (tx) => {
    const message = await store.findMessage(tx, tenantId, messageId);
    if (!message || message.tenant_id !== tenantId || message.channel !== 'voice') return undefined;
    return { message, channel: await resolveChannel(ctx, tx, tenantId, 'voice') };
  });
  if (!found) throw new AppError('not_found', 'no such call for this tenant');
  if (found.channel.config.provider !== 'twilio') throw new AppError('not_found', "this tenant's voice channel is not Twilio");
  const signature = request.headers['x-twilio-signature'];
  if (typeof signature !== 'string' || !signature) throw new AppError('signature_missing', 'X-Twilio-Signature is missing');
  const url = `${ctx.config.publicUrl}${request.url}`;
  const params = request.method === 'POST' ? ((request.body ?? {}) as Record<string, string>) : {};
  if (!verifyTwilioSignature(String(found.channel.config.credentials.auth_token ?? ''), url, params, signature)) {
    throw new AppError('signature_invalid', 'X-Twilio-Signature does not match this request');
  }
  return found.message;
}

function twiml(reply: FastifyReply, body: string): FastifyReply {
  return reply.type('text/xml; charset=utf-8').send(`<?xml version="1.0" encoding="UTF-8"?>\n<Response>${body}</Response>`);
}

/** Telnyx's hangup causes that mean the person never picked up. */
const UNANSWERED = new Set(['timeout', 'busy', 'call_rejected', 'no_answer', 'originator_cancel', 'unallocated_number', 'destination_out_of_order']);

/**
 * Telnyx Call Control sends call events (not a script request) to the status URL. The call is driven
 * from here: answered → speak the composed script; speak ended → hang up; hangup → the message is
 * delivered if the call was answered, failed if not. Each event is applied once (its id), and each
 * command carries a command_id so a retried webhook cannot make Telnyx act twice.
 */
async function handleTelnyxCallEvent(ctx: Context, request: CallbackRequest, reply: FastifyReply) {
  const { tenant_id: tenantId, message_id: messageId } = request.query;
  const found = await withTenant(ctx.db.app, tenantId, async (tx) => {
    const message = await store.findMessage(tx, tenantId, messageId);
    if (!message || message.tenant_id !== tenantId || message.channel !== 'voice') return undefined;
    return { message, channel: await resolveChannel(ctx, tx, tenantId, 'voice') };
  });
  if (!found || found.channel.config.provider !== 'telnyx') throw new AppError('not_found', 'no such Telnyx call for this tenant');
  try {
    verifyTelnyxSignature(String(found.channel.config.credentials.public_key ?? ''), request.headers, request.rawBody ?? Buffer.alloc(0));
  } catch (error) {
    throw new AppError('signature_invalid', `Telnyx signature: ${(error as Error).message}`);
  }
  const event = parseTelnyxEvent(request.body);
  const callControlId = event.callControlId;
  if (!event.id || !event.eventType || !callControlId) throw new AppError('validation_failed', 'a Telnyx call event needs data.id, data.event_type and data.payload.call_control_id');
  if (found.message.provider_message_id && callControlId !== found.message.provider_message_id) throw new AppError('not_found', 'the call_control_id does not belong to this message');

  const next = await withTenant(ctx.db.app, tenantId, async (tx) => {
    const message = await store.lockMessage(tx, tenantId, messageId);
    if (!message) return undefined;
    const fresh = await store.insertEvent(tx, tenantId, messageId, { status: event.eventType!, detail: { hangup_cause: event.hangupCause ?? null, occurred_at: event.occurredAt ?? null }, providerEventId: event.id });
    if (!fresh) return undefined;
    if (event.eventType === 'call.hangup') {
      const answered = (await store.hasEvent(tx, tenantId, messageId, 'call.answered')) && !UNANSWERED.has(event.hangupCause ?? '');
      if (answered) {
        await store.updateMessage(tx, tenantId, messageId, { status: 'delivered', delivered_at: new Date() });
        await emitMessageEvent(tx, message, 'delivered');
      } else if (message.status !== 'failed') {
        const error = `call ended: ${event.hangupCause ?? 'not answered'}`;
        await store.updateMessage(tx, tenantId, messageId, { status: 'failed', last_error: error });
        await emitMessageEvent(tx, message, 'failed', { error });
      }
      return undefined;
    }
    if (event.eventType === 'call.answered') {
      const rendered = await renderBundle(tx, tenantId, message.bundle, { locale: message.locale, variant: message.variant, variables: message.variables, publicUrl: ctx.config.publicUrl });
      return { action: 'speak' as const, body: { payload: rendered.sections.map((section) => section.text).join(' ').slice(0, 3000), voice: 'female', language: message.locale === 'en' ? 'en-US' : message.locale, command_id: `${messageId}:speak` } };
    }
    if (event.eventType === 'call.speak.ended') return { action: 'hangup' as const, body: { command_id: `${messageId}:hangup` } };
    return undefined;
  });
  if (next) {
    // outside the transaction: the event is recorded whether or not Telnyx takes the command
    try {
      await sendTelnyxCallCommand(found.channel.config.credentials as unknown as TelnyxCredentials, callControlId, next.action, next.body);
    } catch (error) {
      await withTenant(ctx.db.app, tenantId, (tx) => store.insertEvent(tx, tenantId, messageId, { status: `command_failed`, detail: { action: next.action, error: (error as Error).message } }));
      request.log.warn({ err: error, message_id: messageId }, 'a Telnyx call command failed');
    }
  }
  return reply.send({ received: true });
}

export async function voiceRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  // Twilio posts form bodies; the signature covers the parameters exactly as sent
  acceptRawBodies(app);

  const intro = async (request: CallbackRequest, reply: FastifyReply) => {
    const message = await authenticateTwilioCallback(ctx, request);
    const rendered = await withTenant(ctx.db.app, message.tenant_id, (tx) =>
      renderBundle(tx, message.tenant_id, message.bundle, { locale: message.locale, variant: message.variant, variables: message.variables, publicUrl: ctx.config.publicUrl }));
    const says = rendered.sections.map((section) => `<Say>${escapeXml(section.text)}</Say>`);
    const gatherUrl = escapeXml(onboardingCallUrls(ctx.config.publicUrl, message).scriptUrl.replace('/intro?', '/gather?'));
    // everything but the last section is said while listening for an answer; the last closes the call
    const closing = says.length > 1 ? says.pop()! : '';
    return twiml(reply, `<Gather input="speech dtmf" action="${gatherUrl}" method="POST" timeout="5">${says.join('')}</Gather>${closing}`);
  };
  const introSchema = { tags: ['voice'], summary: 'TwiML for an onboarding call, from the tenant’s composed onboarding_call_script (Twilio-signed requests only)', querystring: callbackQuery };
  app.get('/api/v1/voice/onboarding/intro', { config: { access: ACCESS.public }, schema: introSchema }, intro);
  app.post('/api/v1/voice/onboarding/intro', { config: { access: ACCESS.public }, schema: introSchema }, intro);

  app.post('/api/v1/voice/onboarding/gather', {
    config: { access: ACCESS.public },
    schema: { tags: ['voice'], summary: "Records the caller's answer (Digits / SpeechResult) on the call's message", querystring: callbackQuery },
  }, async (request: CallbackRequest, reply) => {
    const message = await authenticateTwilioCallback(ctx, request);
    const fields = parseTwilioWebhook((request.body ?? {}) as Record<string, string>);
    await withTenant(ctx.db.app, message.tenant_id, (tx) => store.insertEvent(tx, message.tenant_id, message.id, {
      status: 'answered',
      detail: { digits: fields.digits ?? null, speech: fields.speechResult?.slice(0, 1000) ?? null, confidence: fields.confidence ?? null },
      providerEventId: fields.callSid ? `${fields.callSid}:gather` : undefined,
    }));
    return twiml(reply, '<Say>Thank you. Goodbye!</Say><Hangup/>');
  });

  app.post('/api/v1/voice/onboarding/status', {
    config: { access: ACCESS.public },
    schema: {
      tags: ['voice'],
      summary: 'Call status: Twilio callbacks (applied in SequenceNumber order, duplicates ignored) and Telnyx Call Control events (answered → speak the script)',
      querystring: callbackQuery,
      response: responses({ 204: { type: 'null' } }),
    },
  }, async (request: CallbackRequest, reply) => {
    // Twilio posts forms; Telnyx Call Control posts signed JSON events
    if (String(request.headers['content-type'] ?? '').startsWith('application/json')) return handleTelnyxCallEvent(ctx, request, reply);
    const message = await authenticateTwilioCallback(ctx, request);
    const fields = parseTwilioWebhook((request.body ?? {}) as Record<string, string>);
    const callStatus = fields.callStatus ?? '';
    const sequence = fields.sequenceNumber;
    if (fields.callSid && message.provider_message_id && fields.callSid !== message.provider_message_id) {
      throw new AppError('not_found', 'the CallSid does not belong to this message');
    }
    await withTenant(ctx.db.app, message.tenant_id, async (tx) => {
      const locked = await store.lockMessage(tx, message.tenant_id, message.id);
      if (!locked) return;
      const eventId = `${fields.callSid ?? 'call'}:${sequence ?? callStatus}`;
      const fresh = await store.insertEvent(tx, locked.tenant_id, locked.id, {
        status: `call.${callStatus || 'unknown'}`,
        detail: { call_status: callStatus, duration: fields.callDuration ?? null, answered_by: fields.answeredBy ?? null, sip_response_code: fields.sipResponseCode ?? null },
        providerEventId: eventId,
        sequence,
      });
      // a duplicate, or an older event arriving after a newer one, changes nothing
      if (!fresh || (sequence !== undefined && locked.last_sequence !== null && sequence <= locked.last_sequence)) return;
      const status = statusFromCall(callStatus);
      if (!status) return;
      await store.updateMessage(tx, locked.tenant_id, locked.id, {
        status,
        last_sequence: sequence ?? locked.last_sequence,
        ...(status === 'delivered' ? { delivered_at: new Date() } : {}),
        ...(status === 'failed' ? { last_error: `call ended: ${callStatus}` } : {}),
      });
      if (status !== locked.status && status !== 'sent') await emitMessageEvent(tx, locked, status, { call_status: callStatus });
    });
    return reply.status(204).send();
  });
}
