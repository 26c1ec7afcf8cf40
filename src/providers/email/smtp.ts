import nodemailer from 'nodemailer';
import { ProviderError, type EmailMessage, type EmailProvider, type ProviderErrorKind, type SendResult } from '../types.ts';

/** Any SMTP relay through nodemailer (PROVIDERS.md 3.3). */

export interface SmtpCredentials {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (port 465). Default: true on 465, else plain with STARTTLS when offered. */
  readonly secure?: boolean | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** Refuse to continue (and to send the password) unless the server upgrades with STARTTLS. */
  readonly require_tls?: boolean | undefined;
  /** Never try STARTTLS, even when offered (a relay on a trusted network with a broken certificate). */
  readonly ignore_tls?: boolean | undefined;
}

interface SmtpFailure {
  code?: string;
  /** The SMTP command that got the failing reply (MAIL FROM, STARTTLS…). */
  command?: string;
  responseCode?: number;
  response?: string;
  message: string;
}

function errorKind(failure: SmtpFailure): ProviderErrorKind {
  const reply = failure.responseCode;
  switch (true) {
    // 530 authentication required, 534 mechanism too weak, 535 credentials invalid
    case reply === 530 || reply === 534 || reply === 535:
    case failure.code === 'EAUTH' && (reply === undefined || reply >= 500):
      return 'bad_credentials';
    case reply !== undefined && reply >= 400 && reply < 500:
      return 'transient';
    case reply !== undefined && reply >= 500:
      return 'rejected';
    default: // no SMTP reply at all: connection refused, DNS, TLS or socket failure, timeout
      return 'transient';
  }
}

export function createSmtpEmailProvider(credentials: SmtpCredentials): EmailProvider {
  const transport = nodemailer.createTransport({
    host: credentials.host,
    port: credentials.port,
    secure: credentials.secure ?? credentials.port === 465,
    auth: credentials.username ? { user: credentials.username, pass: credentials.password ?? '' } : undefined,
    requireTLS: credentials.require_tls ?? false,
    ignoreTLS: credentials.ignore_tls ?? false,
    // nodemailer's defaults wait minutes; a dispatcher worker should not
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    id: 'smtp',
    // SMTP has no idempotency: a second DATA is a second email, whatever its Message-ID
    supportsIdempotencyKey: false,
    async sendEmail(message: EmailMessage): Promise<SendResult> {
      try {
        const info = await transport.sendMail({
          from: message.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html ? { html: message.html } : {}),
          // deterministic, so a copy sent twice after a crash can be matched up in the recipient's mailbox
          messageId: `<${message.idempotencyKey}@embark>`,
        });
        return { providerMessageId: info.messageId, status: 'sent' };
      } catch (error) {
        const failure = error as SmtpFailure;
        const vendorCode = failure.responseCode !== undefined ? String(failure.responseCode) : failure.code;
        const during = failure.command ? ` after ${failure.command}` : '';
        throw new ProviderError('smtp', errorKind(failure), `smtp${vendorCode ? ` ${vendorCode}` : ''}${during}: ${failure.response ?? failure.message}`, {
          vendorCode,
          cause: error,
        });
      }
    },
  };
}
