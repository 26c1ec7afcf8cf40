import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSmtpEmailProvider, type SmtpCredentials } from './smtp.ts';
import { startSmtpFake, type SmtpFake } from '../../../test/fakes/smtp.ts';
import { assertProviderError } from '../../../test/fakes/assertions.ts';

const AUTH = { username: 'relay-user', password: 'relay-password-0001' };
const MESSAGE = { to: 'ada@example.com', from: 'Acme <welcome@acme.example>', subject: 'Welcome, Ada — your account', text: 'Your account is ready.', html: '<p>Your account is <b>ready</b>.</p>', idempotencyKey: '0b7f7a9e-4bd4-4c2b-9d59-4c1a3c0f6a11' };

describe('SMTP email adapter', () => {
  let smtp: SmtpFake;
  beforeEach(async () => {
    smtp = await startSmtpFake({ auth: AUTH });
  });
  afterEach(() => smtp.close());
  const provider = (overrides: Partial<SmtpCredentials> = {}) => createSmtpEmailProvider({ host: smtp.host, port: smtp.port, username: AUTH.username, password: AUTH.password, ...overrides });

  it('logs in and delivers the message with its subject, text, HTML and a Message-ID made from the idempotency key', async () => {
    const result = await provider().sendEmail(MESSAGE);

    assert.equal(smtp.messages.length, 1);
    const received = smtp.messages[0]!;
    assert.equal(received.user, AUTH.username);
    assert.deepEqual(received.envelope, { mailFrom: 'welcome@acme.example', rcptTo: ['ada@example.com'] });
    assert.equal(received.from, 'welcome@acme.example');
    assert.deepEqual(received.to, ['ada@example.com']);
    assert.equal(received.subject, MESSAGE.subject);
    assert.equal(received.text?.trim(), MESSAGE.text);
    assert.equal(received.html?.trim(), MESSAGE.html);
    assert.equal(received.messageId, `<${MESSAGE.idempotencyKey}@embark>`);
    assert.deepEqual(result, { providerMessageId: `<${MESSAGE.idempotencyKey}@embark>`, status: 'sent' });
    smtp.assertNoViolations();
  });

  it('sends a text-only message when there is no HTML', async () => {
    await provider().sendEmail({ ...MESSAGE, html: '' });
    assert.equal(smtp.messages[0]!.html, undefined);
    assert.doesNotMatch(smtp.messages[0]!.raw, /text\/html/);
    smtp.assertNoViolations();
  });

  it('sends without AUTH to a relay that needs none', async () => {
    await smtp.close();
    smtp = await startSmtpFake();
    await provider({ username: undefined, password: undefined }).sendEmail(MESSAGE);
    assert.equal(smtp.messages[0]!.user, undefined);
    smtp.assertNoViolations();
  });

  it('does not claim idempotency, because SMTP delivers every DATA', () => {
    assert.equal(provider().supportsIdempotencyKey, false);
    assert.equal(provider().id, 'smtp');
  });

  it('reports a wrong password (535) as bad_credentials', async () => {
    await assertProviderError(provider({ password: 'wrong' }).sendEmail(MESSAGE), { kind: 'bad_credentials', provider: 'smtp', vendorCode: '535', message: /Authentication credentials invalid/ });
    assert.equal(smtp.messages.length, 0);
    assert.match(smtp.takeViolations()[0] ?? '', /wrong password/);
  });

  it('reports a server that requires AUTH (530) as bad_credentials when none is configured', async () => {
    await assertProviderError(provider({ username: undefined, password: undefined }).sendEmail(MESSAGE), { kind: 'bad_credentials', vendorCode: '530' });
    assert.match(smtp.takeViolations()[0] ?? '', /without AUTH/);
  });

  it('reports a 4xx reply as transient', async () => {
    smtp.failNext(1, { stage: 'rcpt', code: 451, message: 'Greylisted, try again later' });
    await assertProviderError(provider().sendEmail(MESSAGE), { kind: 'transient', vendorCode: '451', message: /Greylisted/ });
    smtp.assertNoViolations();
  });

  it('reports a 5xx reply as rejected with the server’s text', async () => {
    smtp.failNext(1, { stage: 'data', code: 554, message: 'Message rejected as spam' });
    await assertProviderError(provider().sendEmail(MESSAGE), { kind: 'rejected', vendorCode: '554', message: /Message rejected as spam/ });
    assert.equal(smtp.messages.length, 0);
    smtp.assertNoViolations();
  });

  it('reports a server that is not listening as transient', async () => {
    const { port } = smtp;
    await smtp.close();
    await assertProviderError(createSmtpEmailProvider({ host: '127.0.0.1', port }).sendEmail(MESSAGE), { kind: 'transient', vendorCode: 'ESOCKET' });
    smtp = await startSmtpFake();
  });

  it('refuses to log in over plain text when require_tls is set and the server offers no STARTTLS', async () => {
    await assertProviderError(provider({ require_tls: true }).sendEmail(MESSAGE), { kind: 'rejected', message: /after STARTTLS/ });
    assert.equal(smtp.messages.length, 0);
    smtp.assertNoViolations();
  });
});
