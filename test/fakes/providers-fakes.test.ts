/**
 * The fakes are what make the adapter tests able to fail: each must refuse, and record, what the
 * real vendor would refuse. These send malformed requests by hand and check that they are caught.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import nodemailer from 'nodemailer';
import { startTwilioFake, type TwilioFake } from './twilio.ts';
import { startTelnyxFake, type TelnyxFake } from './telnyx.ts';
import { startSesFake, type SesFake } from './ses.ts';
import { startSmtpFake } from './smtp.ts';
import { startGoogleOidcFake } from './google-oidc.ts';
import { startHttpFake } from './http-fake.ts';
import { signAwsRequest } from '../../src/providers/aws-sigv4.ts';

const SID = 'AC' + '9'.repeat(32);
const TOKEN = 'token-for-fake-tests';

describe('Twilio fake', () => {
  let twilio: TwilioFake;
  before(async () => {
    twilio = await startTwilioFake({ accountSid: SID, authToken: TOKEN });
  });
  after(() => twilio.close());
  const auth = 'Basic ' + Buffer.from(`${SID}:${TOKEN}`).toString('base64');
  const post = (path: string, body: string, headers: Record<string, string> = { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' }) => fetch(twilio.url + path, { method: 'POST', headers, body });
  const messages = `/2010-04-01/Accounts/${SID}/Messages.json`;

  it('accepts a well-formed message and answers 201 with an SM sid', async () => {
    const response = await post(messages, 'To=%2B15555550100&From=%2B15555550199&Body=hi');
    assert.equal(response.status, 201);
    assert.match(((await response.json()) as { sid: string }).sid, /^SM/);
    twilio.assertNoViolations();
  });

  it('refuses and records a missing .json, missing auth, a JSON body, missing params, unknown or repeated params', async () => {
    const cases: [Promise<Response>, number, RegExp][] = [
      [post(`/2010-04-01/Accounts/${SID}/Messages`, 'To=%2B15555550100&From=%2B1&Body=x'), 404, /no such resource/],
      [post(messages, 'To=%2B15555550100&From=%2B1&Body=x', { 'content-type': 'application/x-www-form-urlencoded' }), 401, /no Basic Authorization/],
      [post(messages, '{"To":"+15555550100"}', { authorization: auth, 'content-type': 'application/json' }), 400, /Content-Type application\/json/],
      [post(messages, 'To=%2B15555550100&From=%2B1'), 400, /missing Body/],
      [post(messages, 'To=%2B15555550100&From=%2B1&Body=x&Statuscallback=https%3A%2F%2Fe.example'), 400, /unexpected parameter Statuscallback/],
      [post(messages, 'To=%2B15555550100&To=%2B15555550101&From=%2B1&Body=x'), 400, /To sent 2 times/],
      [post(`/2010-04-01/Accounts/${SID}/Calls.json`, 'To=%2B15555550100&From=%2B1'), 400, /none of Url, Twiml, ApplicationSid/],
      [post(`/2010-04-01/Accounts/${SID}/Calls.json`, 'To=%2B15555550100&From=%2B1&Url=https%3A%2F%2Fe.example&StatusCallbackEvent=answered+completed'), 400, /unknown StatusCallbackEvent/],
    ];
    for (const [sending, status, violation] of cases) {
      const response = await sending;
      assert.equal(response.status, status);
      assert.equal(typeof ((await response.json()) as { code: unknown }).code, 'number');
      const recorded = twilio.takeViolations();
      assert.equal(recorded.length, 1, `one violation for ${violation}`);
      assert.match(recorded[0]!, violation);
    }
  });

  it('makes assertNoViolations fail while a violation is recorded', async () => {
    await post(messages, '');
    assert.throws(() => twilio.assertNoViolations(), /fake saw requests the real API would refuse/);
    twilio.takeViolations();
  });
});

describe('Telnyx fake', () => {
  let telnyx: TelnyxFake;
  before(async () => {
    telnyx = await startTelnyxFake({ apiKey: 'KEY_fake', connectionId: 'conn-1' });
  });
  after(() => telnyx.close());
  const post = (path: string, body: string, headers: Record<string, string> = { authorization: 'Bearer KEY_fake', 'content-type': 'application/json' }) => fetch(telnyx.url + path, { method: 'POST', headers, body });

  it('refuses and records missing auth, a form body, missing text, unknown fields, bad client_state and unknown endpoints', async () => {
    const cases: [Promise<Response>, number, RegExp][] = [
      [post('/v2/messages', '{"to":"+15555550100","from":"+15555550199","text":"x"}', { 'content-type': 'application/json' }), 401, /no Bearer/],
      [post('/v2/messages', 'to=%2B15555550100', { authorization: 'Bearer KEY_fake', 'content-type': 'application/x-www-form-urlencoded' }), 422, /not a JSON object/],
      [post('/v2/messages', '{"to":"+15555550100","from":"+15555550199"}'), 422, /missing text/],
      [post('/v2/messages', '{"to":"+15555550100","from":"+15555550199","text":"x","statusCallback":"https://e.example"}'), 422, /unexpected field statusCallback/],
      [post('/v2/calls', '{"connection_id":"conn-1","to":"+15555550100","from":"+15555550199","client_state":"https://not-base64"}'), 422, /client_state is not base64/],
      [post('/v2/calls', '{"connection_id":"conn-2","to":"+15555550100","from":"+15555550199"}'), 422, /unknown connection_id/],
      [post('/v1/messages', '{}'), 404, /no such endpoint/],
    ];
    for (const [sending, status, violation] of cases) {
      const response = await sending;
      assert.equal(response.status, status);
      assert.equal(typeof ((await response.json()) as { errors: { code: unknown }[] }).errors[0]!.code, 'string');
      const recorded = telnyx.takeViolations();
      assert.equal(recorded.length, 1, `one violation for ${violation}`);
      assert.match(recorded[0]!, violation);
    }
  });
});

describe('SES fake', () => {
  let ses: SesFake;
  const keys = { region: 'eu-central-1', accessKeyId: 'AKIAFAKE000000000000', secretAccessKey: 'secret/for+fake/tests' };
  const goodBody = JSON.stringify({ FromEmailAddress: 'a@example.com', Destination: { ToAddresses: ['b@example.com'] }, Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } } });
  before(async () => {
    ses = await startSesFake(keys);
  });
  after(() => ses.close());
  const send = (options: { path?: string; body?: string; signedBody?: string; service?: string; now?: Date; unsigned?: boolean } = {}) => {
    const url = ses.url + (options.path ?? '/v2/email/outbound-emails');
    const headers = { 'content-type': 'application/json' };
    const signed = options.unsigned ? {} : signAwsRequest({ method: 'POST', url, headers, body: options.signedBody ?? options.body ?? goodBody }, { region: keys.region, service: options.service ?? 'ses', credentials: keys, now: options.now });
    return fetch(url, { method: 'POST', headers: { ...headers, ...signed }, body: options.body ?? goodBody });
  };

  it('accepts a correctly signed SendEmail', async () => {
    const response = await send();
    assert.equal(response.status, 200);
    ses.assertNoViolations();
  });

  it('refuses and records an unsigned request, a body changed after signing, another service, an old signature, a wrong path and a body without a subject', async () => {
    const noSubject = JSON.stringify({ FromEmailAddress: 'a@example.com', Destination: { ToAddresses: ['b@example.com'] }, Content: { Simple: { Body: { Text: { Data: 't' } } } } });
    const cases: [Promise<Response>, number, string, RegExp][] = [
      [send({ unsigned: true }), 403, 'InvalidSignatureException', /no AWS4-HMAC-SHA256 Authorization/],
      [send({ signedBody: goodBody.replace('"t"', '"u"') }), 403, 'InvalidSignatureException', /signature does not match/],
      [send({ service: 'sesv2' }), 403, 'InvalidSignatureException', /service sesv2/],
      [send({ now: new Date(Date.now() - 20 * 60 * 1000) }), 403, 'InvalidSignatureException', /signature expired/],
      [send({ path: '/v1/email/outbound-emails' }), 404, 'NotFoundException', /no such operation/],
      [send({ body: noSubject }), 400, 'BadRequestException', /Subject\.Data is required/],
    ];
    for (const [sending, status, type, violation] of cases) {
      const response = await sending;
      assert.equal(response.status, status);
      assert.equal(response.headers.get('x-amzn-errortype'), type);
      assert.equal(((await response.json()) as { __type: string }).__type, type);
      const recorded = ses.takeViolations();
      assert.equal(recorded.length, 1, `one violation for ${violation}`);
      assert.match(recorded[0]!, violation);
    }
  });
});

describe('SMTP fake', () => {
  it('records a message sent without a Message-ID header', async () => {
    const smtp = await startSmtpFake();
    try {
      const transport = nodemailer.createTransport({ host: smtp.host, port: smtp.port, secure: false });
      await transport.sendMail({ envelope: { from: 'a@example.com', to: ['b@example.com'] }, raw: 'From: a@example.com\r\nTo: b@example.com\r\nSubject: hi\r\n\r\nbody\r\n' });
      assert.deepEqual(smtp.takeViolations(), ['smtp: a message without a Message-ID header']);
      assert.equal(smtp.messages[0]!.subject, 'hi');
    } finally {
      await smtp.close();
    }
  });
});

describe('Google OIDC fake and the shared HTTP harness', () => {
  it('refuses any path but the JWKS', async () => {
    const google = await startGoogleOidcFake();
    try {
      assert.equal((await fetch(google.url + '/oauth2/v1/certs')).status, 404);
      assert.equal(google.takeViolations().length, 1);
      assert.equal((await fetch(google.jwksUrl)).status, 200);
      google.assertNoViolations();
    } finally {
      await google.close();
    }
  });

  it('records a crash of a fake as a violation instead of hanging the request', async () => {
    const broken = await startHttpFake('broken', () => {
      throw new Error('boom');
    });
    try {
      assert.equal((await fetch(broken.url)).status, 500);
      assert.match(broken.takeViolations()[0] ?? '', /the fake crashed: Error: boom/);
    } finally {
      await broken.close();
    }
  });
});
