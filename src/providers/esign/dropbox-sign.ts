import { jsonField, joinUrl, parseRetryAfter, vendorFetch, type VendorResponse } from '../http.ts';
import { ProviderError, type ProviderErrorKind } from '../types.ts';

/**
 * Sending a hire's document from a Dropbox Sign template (issue 14 §2):
 * `POST /v3/signature_request/send_with_template`, HTTP Basic with the API key as the user name and
 * no password, a JSON body (the SDKs send multipart only when there are files). Embark puts the
 * hire and the document kind in the request's `metadata`, which Dropbox Sign repeats in every
 * callback of that request — so a callback finds its document even if Embark never recorded the
 * signature_request_id it got back (src/providers/esign/parse.ts reads them).
 */

export interface DropboxSignCredentials {
  readonly api_key: string;
  /** Default https://api.hellosign.com; tests point it at test/fakes/dropbox-sign.ts. */
  readonly base_url?: string | undefined;
}

export interface TemplateSigner {
  /** The template's signer role, exactly as named in the template (case sensitive). */
  readonly role: string;
  readonly name: string;
  readonly emailAddress: string;
}

export interface TemplateSignatureRequest {
  readonly templateIds: readonly string[];
  readonly signers: readonly TemplateSigner[];
  /** At most 10 keys of up to 40 characters, values up to 1000 (Dropbox Sign's limits). */
  readonly metadata: Readonly<Record<string, string>>;
  readonly title?: string | undefined;
  /** Not legally binding; free on every plan. */
  readonly testMode?: boolean | undefined;
}

export const DROPBOX_SIGN_BASE_URL = 'https://api.hellosign.com';
const PROVIDER = 'dropbox_sign';

/** Dropbox Sign's error envelope: `{"error": {"error_msg", "error_name", "error_path"?}}`. */
function dropboxSignError(response: VendorResponse): ProviderError {
  const name = jsonField(response.json, 'error', 'error_name');
  const message = jsonField(response.json, 'error', 'error_msg');
  const code = typeof name === 'string' ? name : undefined;
  const detail = typeof message === 'string' ? message : response.text.slice(0, 200) || 'no error body';
  let kind: ProviderErrorKind;
  switch (true) {
    case response.status === 429 || code === 'exceeded_rate':
      kind = 'rate_limited';
      break;
    case response.status >= 500 || code === 'maintenance':
      kind = 'transient';
      break;
    case response.status === 401 || response.status === 403 || code === 'unauthorized' || code === 'forbidden' || code === 'payment_required':
      kind = 'bad_credentials';
      break;
    default:
      kind = 'rejected';
  }
  return new ProviderError(PROVIDER, kind, `dropbox_sign ${response.status}${code ? ` ${code}` : ''}: ${detail}`, { status: response.status, vendorCode: code, retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')) });
}

export function createDropboxSignSender(credentials: DropboxSignCredentials) {
  const base = credentials.base_url ?? DROPBOX_SIGN_BASE_URL;
  const authorization = `Basic ${Buffer.from(`${credentials.api_key}:`).toString('base64')}`;
  return {
    /**
     * "Test connection": `GET /v3/account` with the API key, which reads the account and changes
     * nothing; a key Dropbox Sign refuses is bad_credentials with its reason.
     */
    async testConnection(): Promise<void> {
      const response = await vendorFetch(PROVIDER, joinUrl(base, '/v3/account'), { method: 'GET', headers: { authorization, accept: 'application/json' } });
      if (response.status !== 200) throw dropboxSignError(response);
      if (typeof jsonField(response.json, 'account', 'account_id') !== 'string') throw new ProviderError(PROVIDER, 'transient', 'dropbox_sign answered GET /v3/account with no account', { status: 200 });
    },
    /** Sends the request to its signers now; answers the signature_request_id its callbacks will name. */
    async sendWithTemplate(request: TemplateSignatureRequest): Promise<{ signatureRequestId: string }> {
      const body = {
        template_ids: request.templateIds,
        signers: request.signers.map((s) => ({ role: s.role, name: s.name, email_address: s.emailAddress })),
        metadata: request.metadata,
        ...(request.title ? { title: request.title } : {}),
        ...(request.testMode ? { test_mode: true } : {}),
      };
      const response = await vendorFetch(PROVIDER, joinUrl(base, '/v3/signature_request/send_with_template'), { method: 'POST', headers: { authorization, 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
      if (response.status !== 200) throw dropboxSignError(response);
      const id = jsonField(response.json, 'signature_request', 'signature_request_id');
      if (typeof id !== 'string' || !id) throw new ProviderError(PROVIDER, 'rejected', 'dropbox_sign answered 200 without a signature_request_id', { status: 200 });
      return { signatureRequestId: id };
    },
  };
}
