import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { isUuid } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import { ACCESS } from '../http/access.ts';
import { responses, uuid } from '../http/schemas.ts';
import { escapeXml } from '../templates/templates.service.ts';
import { verifyTwilioSignature } from '../webhooks/signatures/twilio.ts';
import { verifyTelnyxSignature } from '../webhooks/signatures/telnyx.ts';
import { parseTelnyxEvent } from '../providers/telnyx.ts';
import { parseTwilioWebhook } from '../providers/twilio.ts';
import { twilioCallStatusReport } from '../providers/voice/twilio.ts';
import { acceptRawBodies } from '../webhooks/receipts.ts';
import { onboardingCallUrls } from './voice.urls.ts';
import { findCallbackTarget, receiveStatusReport } from './status.ts';
import { applyTelnyxCallEvent, callScript, recordCallAnswer } from './voice.service.ts';

const callbackQuery = {
  type: 'object',
  required: ['tenant_id', 'message_id'],
  additionalProperties: true,
  properties: { tenant_id: uuid, message_id: uuid },
} as const;

type CallbackRequest = FastifyRequest<{ Querystring: { tenant_id: string; message_id: string } }>;

/**
 * Loads the message the callback URL names and checks the request's Twilio signature with that
 * tenant's auth token. The tenant comes from the URL, and must be the message's own tenant: a
 * callback can never act for a tenant it was not issued for.
 */
async function authenticateTwilioCallback(ctx: Context, request: CallbackRequest) {
  const { tenant_id: tenantId, message_id: messageId } = request.query;
  if (!isUuid(tenantId) || !isUuid(messageId)) throw new AppError('invalid_id', 'tenant_id and message_id must be UUIDs');
  const { message, channel } = await findCallbackTarget(ctx, tenantId, messageId, 'voice', 'twilio');
  const signature = request.headers['x-twilio-signature'];
  if (typeof signature !== 'string' || !signature) throw new AppError('signature_missing', 'X-Twilio-Signature is missing');
  const url = `${ctx.config.publicUrl}${request.url}`;
  const params = request.method === 'POST' ? ((request.body ?? {}) as Record<string, string>) : {};
  if (!verifyTwilioSignature(String(channel.credentials.auth_token ?? ''), url, params, signature)) {
    throw new AppError('signature_invalid', 'X-Twilio-Signature does not match this request');
  }
  return message;
}

function twiml(reply: FastifyReply, body: string): FastifyReply {
  return reply.type('text/xml; charset=utf-8').send(`<?xml version="1.0" encoding="UTF-8"?>\n<Response>${body}</Response>`);
}

/** A Telnyx Call Control event: verified with the tenant's public key, then applied to the call (voice.service.ts). */
async function handleTelnyxCallEvent(ctx: Context, request: CallbackRequest, reply: FastifyReply) {
  const { tenant_id: tenantId, message_id: messageId } = request.query;
  const { message, channel } = await findCallbackTarget(ctx, tenantId, messageId, 'voice', 'telnyx');
  try {
    verifyTelnyxSignature(String(channel.credentials.public_key ?? ''), request.headers, request.rawBody ?? Buffer.alloc(0));
  } catch (error) {
    throw new AppError('signature_invalid', `Telnyx signature: ${(error as Error).message}`);
  }
  const event = parseTelnyxEvent(request.body);
  const callControlId = event.callControlId;
  if (!event.id || !event.eventType || !callControlId) throw new AppError('validation_failed', 'a Telnyx call event needs data.id, data.event_type and data.payload.call_control_id');
  if (message.provider_message_id && callControlId !== message.provider_message_id) throw new AppError('not_found', 'the call_control_id does not belong to this message');
  await applyTelnyxCallEvent(ctx, message, channel, { ...event, callControlId });
  return reply.send({ received: true });
}

export async function voiceRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  // Twilio posts form bodies; the signature covers the parameters exactly as sent
  acceptRawBodies(app);

  const intro = async (request: CallbackRequest, reply: FastifyReply) => {
    const message = await authenticateTwilioCallback(ctx, request);
    const says = (await callScript(ctx, message)).map((text) => `<Say>${escapeXml(text)}</Say>`);
    const gatherUrl = escapeXml(onboardingCallUrls(ctx.config.publicUrl, message).scriptUrl.replace('/intro?', '/gather?'));
    // everything but the last section is said while listening for an answer; the last closes the call
    const closing = says.length > 1 ? says.pop()! : '';
    return twiml(reply, `<Gather input="speech dtmf" action="${gatherUrl}" method="POST" timeout="5">${says.join('')}</Gather>${closing}`);
  };
  const introSchema = { tags: ['voice'], summary: 'TwiML for an onboarding call, from the tenant’s composed onboarding_call_script (Twilio-signed requests only)', querystring: callbackQuery };
  app.get('/api/v1/voice/onboarding/intro', { config: { access: ACCESS.public }, schema: introSchema }, intro);
  app.post('/api/v1/voice/onboarding/intro', { config: { access: ACCESS.public }, schema: introSchema }, intro);

  app.post(
    '/api/v1/voice/onboarding/gather',
    {
      config: { access: ACCESS.public },
      schema: { tags: ['voice'], summary: "Records the caller's answer (Digits / SpeechResult) on the call's message", querystring: callbackQuery },
    },
    async (request: CallbackRequest, reply) => {
      const message = await authenticateTwilioCallback(ctx, request);
      const fields = parseTwilioWebhook((request.body ?? {}) as Record<string, string>);
      await recordCallAnswer(ctx, message, fields);
      return twiml(reply, '<Say>Thank you. Goodbye!</Say><Hangup/>');
    },
  );

  app.post(
    '/api/v1/voice/onboarding/status',
    {
      config: { access: ACCESS.public },
      schema: {
        tags: ['voice'],
        summary: 'Call status: Twilio callbacks (applied in SequenceNumber order, duplicates ignored) and Telnyx Call Control events (answered → speak the script)',
        querystring: callbackQuery,
        response: responses({ 204: { type: 'null' } }),
      },
    },
    async (request: CallbackRequest, reply) => {
      // Twilio posts forms; Telnyx Call Control posts signed JSON events
      if (String(request.headers['content-type'] ?? '').startsWith('application/json')) return handleTelnyxCallEvent(ctx, request, reply);
      const message = await authenticateTwilioCallback(ctx, request);
      const fields = parseTwilioWebhook((request.body ?? {}) as Record<string, string>);
      if (fields.callSid && message.provider_message_id && fields.callSid !== message.provider_message_id) {
        throw new AppError('not_found', 'the CallSid does not belong to this message');
      }
      await receiveStatusReport(ctx, message.tenant_id, message.id, twilioCallStatusReport(fields));
      return reply.status(204).send();
    },
  );
}
