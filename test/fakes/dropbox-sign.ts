/**
 * A fake Dropbox Sign API v3 for sending from templates: `POST /v3/signature_request/send_with_template`
 * with HTTP Basic (the API key as the user name, an empty password), a JSON body with only the fields
 * the endpoint takes, `template_ids` it knows, one signer (role, name, email_address) for every role
 * of those templates and no role they lack, and metadata within Dropbox Sign's limits (10 keys of up
 * to 40 characters, values up to 1000). Errors are Dropbox Sign's envelope
 * `{"error": {"error_msg", "error_name"}}`. `GET /v3/account` (the integration's "test connection")
 * answers the account for the right key, 401 `unauthorized` for any other. callback() builds the signed callback Dropbox Sign would
 * post for a request it sent, carrying the request's metadata.
 */
import { randomBytes } from 'node:crypto';
import { mediaType, startHttpFake, type HttpFake, type RawRequest, type ScriptedResponse, type Verdict } from './http-fake.ts';
import { dropboxSignCallback } from './esign.ts';

const FIELDS = new Set(['template_ids', 'signers', 'allow_decline', 'ccs', 'client_id', 'custom_fields', 'files', 'file_urls', 'is_eid', 'is_qualified_signature', 'message', 'metadata', 'signing_options', 'signing_redirect_url', 'subject', 'test_mode', 'title']);
const SIGNER_FIELDS = new Set(['role', 'name', 'email_address', 'pin', 'sms_phone_number', 'sms_phone_number_type']);

export interface SentSignatureRequest {
  readonly signature_request_id: string;
  readonly template_ids: string[];
  readonly signers: { role: string; name: string; email_address: string }[];
  readonly metadata: Record<string, string>;
  readonly test_mode: boolean;
  readonly title?: string;
}

export interface DropboxSignFake extends HttpFake {
  readonly sent: SentSignatureRequest[];
  /** The callback Dropbox Sign posts for one of the requests it sent (event_hash with the API key). */
  callback(signatureRequestId: string, eventType: string): Record<string, unknown>;
}

export interface DropboxSignFakeOptions {
  readonly apiKey: string;
  /** The account's templates and their signer roles. */
  readonly templates: Readonly<Record<string, readonly string[]>>;
}

export function dropboxSignError(status: number, name: string, message: string): ScriptedResponse {
  return { status, body: { error: { error_msg: message, error_name: name } } };
}

export async function startDropboxSignFake(options: DropboxSignFakeOptions): Promise<DropboxSignFake> {
  const sent: SentSignatureRequest[] = [];
  const accountId = randomBytes(20).toString('hex');
  const expectedAuth = `Basic ${Buffer.from(`${options.apiKey}:`).toString('base64')}`;

  function send(raw: RawRequest): Verdict {
    const bad = (problem: string): Verdict => ({ violation: problem, response: dropboxSignError(400, 'bad_request', problem) });
    if (raw.headers.authorization !== expectedAuth) {
      const given = String(raw.headers.authorization ?? '');
      const [user] = given.startsWith('Basic ') ? Buffer.from(given.slice(6), 'base64').toString('utf8').split(':') : [];
      return user === options.apiKey ? { violation: 'the API key goes as the Basic user name with an empty password', response: dropboxSignError(401, 'unauthorized', 'Unauthorized api key') } : { refuse: dropboxSignError(401, 'unauthorized', 'Unauthorized api key') };
    }
    if (mediaType(raw.headers) !== 'application/json') return bad(`Content-Type ${mediaType(raw.headers) || '(none)'}: this fake takes the JSON body the SDKs send without files`);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.body) as Record<string, unknown>;
    } catch {
      return bad('the body is not JSON');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) return bad('the body is not a JSON object');
    for (const name of Object.keys(body)) if (!FIELDS.has(name)) return bad(`Unknown parameter: ${name}`);
    const templateIds = body.template_ids;
    if (!Array.isArray(templateIds) || !templateIds.length || templateIds.some((t) => typeof t !== 'string')) return bad('template_ids must be a non-empty array of template ids');
    const unknown = templateIds.find((t) => !(t in options.templates));
    if (unknown) return { refuse: dropboxSignError(404, 'not_found', `Template not found: ${unknown}`) };
    const signers = body.signers;
    if (!Array.isArray(signers) || !signers.length) return bad('signers is required');
    for (const signer of signers as Record<string, unknown>[]) {
      for (const name of Object.keys(signer ?? {})) if (!SIGNER_FIELDS.has(name)) return bad(`Unknown signer parameter: ${name}`);
      for (const name of ['role', 'name', 'email_address']) if (typeof signer?.[name] !== 'string' || !(signer[name] as string).trim()) return bad(`signers[].${name} is required`);
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(signer.email_address as string)) return bad('signers[].email_address is not an email address');
    }
    const roles = new Set(templateIds.flatMap((t) => options.templates[t as string]!));
    const given = (signers as { role: string }[]).map((s) => s.role);
    const stray = given.find((r) => !roles.has(r));
    if (stray) return { refuse: dropboxSignError(400, 'bad_request', `Signer role "${stray}" does not exist in the template(s)`) };
    const missing = [...roles].find((r) => !given.includes(r));
    if (missing) return { refuse: dropboxSignError(400, 'bad_request', `Missing a signer for role "${missing}"`) };
    const metadata = body.metadata ?? {};
    if (typeof metadata !== 'object' || Array.isArray(metadata)) return bad('metadata must be an object');
    const entries = Object.entries(metadata as Record<string, unknown>);
    if (entries.length > 10) return bad('metadata: at most 10 keys');
    for (const [key, value] of entries) {
      if (key.length > 40) return bad(`metadata key ${key} is longer than 40 characters`);
      if (typeof value !== 'string' || value.length > 1000) return bad(`metadata ${key}: a string of at most 1000 characters`);
    }
    if (body.test_mode !== undefined && typeof body.test_mode !== 'boolean') return bad('test_mode must be a boolean');
    return {
      respond: () => {
        const request: SentSignatureRequest = {
          signature_request_id: randomBytes(20).toString('hex'),
          template_ids: templateIds as string[],
          signers: signers as SentSignatureRequest['signers'],
          metadata: metadata as Record<string, string>,
          test_mode: body.test_mode === true,
          ...(typeof body.title === 'string' ? { title: body.title } : {}),
        };
        sent.push(request);
        return {
          status: 200,
          body: {
            signature_request: {
              signature_request_id: request.signature_request_id,
              test_mode: request.test_mode,
              title: request.title ?? 'Untitled',
              metadata: request.metadata,
              is_complete: false,
              is_declined: false,
              has_error: false,
              template_ids: request.template_ids,
              signatures: request.signers.map((s) => ({ signature_id: randomBytes(16).toString('hex'), signer_email_address: s.email_address, signer_name: s.name, signer_role: s.role, status_code: 'awaiting_signature' })),
            },
          },
        };
      },
    };
  }

  /** `GET /v3/account`: what "test connection" reads; it takes no body and changes nothing. */
  function account(raw: RawRequest): Verdict {
    if (raw.headers.authorization !== expectedAuth) return { refuse: dropboxSignError(401, 'unauthorized', 'Unauthorized api key') };
    if (raw.body) return { violation: 'GET /v3/account takes no body', response: dropboxSignError(400, 'bad_request', 'GET /v3/account takes no body') };
    return { respond: () => ({ status: 200, body: { account: { account_id: accountId, email_address: 'esign-admin@example.test', is_locked: false, is_paid_hs: true, is_paid_hf: false, quotas: { api_signature_requests_left: 250 } } } }) };
  }

  const http = await startHttpFake('dropbox-sign', (raw) => {
    if (raw.path === '/v3/account') return raw.method === 'GET' ? account(raw) : { violation: `${raw.method} /v3/account: the test connection only reads the account`, response: dropboxSignError(405, 'method_not_supported', 'Method not supported') };
    if (raw.method === 'POST' && raw.path === '/v3/signature_request/send_with_template') return send(raw);
    return { violation: 'no such Dropbox Sign API method in this fake', response: dropboxSignError(404, 'not_found', 'Not found') };
  });
  return Object.assign(http, {
    sent,
    callback(signatureRequestId: string, eventType: string) {
      const request = sent.find((r) => r.signature_request_id === signatureRequestId);
      if (!request) throw new Error(`the fake sent no signature request ${signatureRequestId}`);
      return dropboxSignCallback(options.apiKey, eventType, { signatureRequestId, metadata: request.metadata });
    },
  });
}
