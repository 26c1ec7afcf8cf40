import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { isUuid, withTenant } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import { ACCESS } from '../http/access.ts';
import { responses, uuid } from '../http/schemas.ts';
import { escapeXml, renderBundle } from '../templates/templates.service.ts';
import { verifyTwilioSignature } from '../webhooks/signatures/twilio.ts';
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
    const message = await store.findMessage(tx, messageId);
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

export async function voiceRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  // Twilio posts form bodies; the signature covers the parameters exactly as sent
  acceptRawBodies(app);

  const intro = async (request: CallbackRequest, reply: FastifyReply) => {
    const message = await authenticateTwilioCallback(ctx, request);
    const rendered = await withTenant(ctx.db.app, message.tenant_id, (tx) =>
      renderBundle(tx, message.tenant_id, message.bundle, { locale: message.locale, variant: message.variant, variables: message.variables }));
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
    const body = (request.body ?? {}) as Record<string, string>;
    await withTenant(ctx.db.app, message.tenant_id, (tx) => store.insertEvent(tx, message.tenant_id, message.id, {
      status: 'answered',
      detail: { digits: body.Digits ?? null, speech: body.SpeechResult?.slice(0, 1000) ?? null, confidence: body.Confidence ?? null },
      providerEventId: body.CallSid ? `${body.CallSid}:gather` : undefined,
    }));
    return twiml(reply, '<Say>Thank you. Goodbye!</Say><Hangup/>');
  });

  app.post('/api/v1/voice/onboarding/status', {
    config: { access: ACCESS.public },
    schema: {
      tags: ['voice'],
      summary: 'Twilio call status callbacks: applied in SequenceNumber order, duplicates ignored',
      querystring: callbackQuery,
      response: responses({ 204: { type: 'null' } }),
    },
  }, async (request: CallbackRequest, reply) => {
    const message = await authenticateTwilioCallback(ctx, request);
    const body = (request.body ?? {}) as Record<string, string>;
    const callStatus = String(body.CallStatus ?? '');
    const sequence = /^\d+$/.test(body.SequenceNumber ?? '') ? Number(body.SequenceNumber) : undefined;
    if (body.CallSid && message.provider_message_id && body.CallSid !== message.provider_message_id) {
      throw new AppError('not_found', 'the CallSid does not belong to this message');
    }
    await withTenant(ctx.db.app, message.tenant_id, async (tx) => {
      const locked = await store.lockMessage(tx, message.id);
      if (!locked) return;
      const eventId = `${body.CallSid ?? 'call'}:${sequence ?? callStatus}`;
      const fresh = await store.insertEvent(tx, locked.tenant_id, locked.id, {
        status: `call.${callStatus || 'unknown'}`,
        detail: { call_status: callStatus, duration: body.CallDuration ?? null, answered_by: body.AnsweredBy ?? null, sip_response_code: body.SipResponseCode ?? null },
        providerEventId: eventId,
        sequence,
      });
      // a duplicate, or an older event arriving after a newer one, changes nothing
      if (!fresh || (sequence !== undefined && locked.last_sequence !== null && sequence <= locked.last_sequence)) return;
      const status = statusFromCall(callStatus);
      if (!status) return;
      await store.updateMessage(tx, locked.id, {
        status,
        last_sequence: sequence ?? locked.last_sequence,
        ...(status === 'delivered' ? { delivered_at: new Date() } : {}),
        ...(status === 'failed' ? { last_error: `call ended: ${callStatus}` } : {}),
      });
      if (status !== locked.status && status !== 'sent') await emitMessageEvent(ctx, tx, locked, status, { call_status: callStatus });
    });
    return reply.status(204).send();
  });
}
