/**
 * A real SMTP server (smtp-server) on 127.0.0.1:0 that keeps every message's raw RFC 822 text and
 * parses it with postal-mime. Authentication is optional; STARTTLS is not offered, so tests run in
 * plain text as against a local relay.
 */
import { SMTPServer, type SMTPServerAddress, type SMTPServerOptions } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import PostalMime from 'postal-mime';

export interface SmtpMessage {
  readonly envelope: { readonly mailFrom: string; readonly rcptTo: readonly string[] };
  /** The authenticated user name, if the client logged in. */
  readonly user: string | undefined;
  readonly raw: string;
  readonly from: string | undefined;
  readonly to: readonly string[];
  readonly subject: string | undefined;
  readonly text: string | undefined;
  readonly html: string | undefined;
  /** As in the header, with angle brackets: `<id@host>`. */
  readonly messageId: string | undefined;
}

export interface SmtpFailure {
  /** When to answer with the failure: after MAIL FROM, RCPT TO, or the message data (default). */
  readonly stage?: 'mail' | 'rcpt' | 'data';
  readonly code: number;
  readonly message: string;
}

export interface SmtpFake {
  /** smtp://127.0.0.1:port */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly messages: SmtpMessage[];
  readonly violations: readonly string[];
  /** The next `count` transactions fail at `stage` with this SMTP reply. */
  failNext(count: number, failure: SmtpFailure): void;
  /** Each reply to the message data waits this long. */
  setDelay(ms: number): void;
  takeViolations(): string[];
  assertNoViolations(): void;
  close(): Promise<void>;
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startSmtpFake(options: { auth?: { username: string; password: string } } = {}): Promise<SmtpFake> {
  const messages: SmtpMessage[] = [];
  const violations: string[] = [];
  const failures: SmtpFailure[] = [];
  let delayMs = 0;

  const failAt = (stage: 'mail' | 'rcpt' | 'data'): Error | undefined => {
    const next = failures[0];
    if (!next || (next.stage ?? 'data') !== stage) return undefined;
    failures.shift();
    return smtpError(next.code, next.message);
  };

  const config: SMTPServerOptions = {
    logger: false,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    // AUTH is enforced in onMailFrom instead, so a missing login is recorded as a violation
    authOptional: true,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === options.auth?.username && auth.password === options.auth?.password) return callback(null, { user: auth.username });
      violations.push(`smtp: AUTH as ${auth.username ?? '(none)'} with the wrong password`);
      return callback(smtpError(535, 'Authentication credentials invalid'));
    },
    onMailFrom(address: SMTPServerAddress, session, callback) {
      if (options.auth && !session.user) {
        violations.push('smtp: MAIL FROM without AUTH');
        return callback(smtpError(530, 'Authentication required'));
      }
      callback(failAt('mail'));
    },
    onRcptTo(_address, _session, callback) {
      callback(failAt('rcpt'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        PostalMime.parse(raw)
          .then((parsed) => {
            if (!parsed.messageId) violations.push('smtp: a message without a Message-ID header');
            if (!parsed.from?.address) violations.push('smtp: a message without a From header');
            const failure = failAt('data');
            // a refused DATA is not a delivered message
            if (!failure)
              messages.push({
                envelope: { mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', rcptTo: session.envelope.rcptTo.map((r) => r.address) },
                user: typeof session.user === 'string' ? session.user : undefined,
                raw,
                from: parsed.from?.address,
                to: (parsed.to ?? []).flatMap((a) => (a.address ? [a.address] : [])),
                subject: parsed.subject,
                text: parsed.text,
                html: parsed.html,
                messageId: parsed.messageId,
              });
            setTimeout(() => callback(failure ?? null), delayMs);
          })
          .catch((error: Error) => {
            violations.push(`smtp: unparseable message: ${error.message}`);
            callback(smtpError(554, 'Message could not be parsed'));
          });
      });
    },
  };
  const server = new SMTPServer(config);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    messages,
    violations,
    failNext(count, failure) {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    setDelay(ms) {
      delayMs = ms;
    },
    takeViolations() {
      return violations.splice(0);
    },
    assertNoViolations() {
      assert.deepEqual(violations, [], 'the SMTP fake saw sessions a real server would refuse');
    },
    close() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
