import { createSign } from 'node:crypto';
import { jsonField, joinUrl, oauthTokenError, parseRetryAfter, vendorFetch, type VendorResponse } from '../http.ts';
import { ProviderError, type ProviderErrorKind } from '../types.ts';

/**
 * Sending a hire's document from a DocuSign template (issue 14 §2), beside the Connect webhooks the
 * same integration receives: the eSignature REST API v2.1 `POST {base_uri}/restapi/v2.1/accounts/
 * {account_id}/envelopes` with `templateId`, one `templateRoles` entry and `status: "sent"`, after an
 * OAuth JWT grant — an RS256 assertion signed with the integration key's RSA private key (`iss` the
 * integration key, `sub` the user it acts as, who must have consented once, `aud` the OAuth host,
 * scope `signature impersonation`) traded at `{oauth host}/oauth/token` for an hour's token. The hire
 * and the kind ride on the envelope as text custom fields, which Connect events repeat, so an event
 * finds its document even if Embark never recorded the envelopeId it got back.
 */

export interface DocuSignSendingCredentials {
  /** The app's integration key (a GUID), from Apps and Keys. */
  readonly integration_key?: string | undefined;
  /** The API user id (a GUID) of the user envelopes are sent as. */
  readonly user_id?: string | undefined;
  /** The integration key's RSA private key (PEM). */
  readonly private_key?: string | undefined;
  /** The API account id (a GUID). */
  readonly account_id?: string | undefined;
  /** The account's base URI, e.g. https://demo.docusign.net (userinfo's base_uri). */
  readonly base_uri?: string | undefined;
  /** `demo` (account-d.docusign.com, the default) or `production` (account.docusign.com). */
  readonly environment?: string | undefined;
  /** Test overrides of the OAuth host and of the base URI (test/fakes/docusign.ts). */
  readonly oauth_base_url?: string | undefined;
  readonly api_base_url?: string | undefined;
}

export interface TemplateEnvelope {
  readonly templateId: string;
  readonly signer: { readonly roleName: string; readonly name: string; readonly email: string };
  /** Text custom fields on the envelope (not shown to the signer). */
  readonly customFields: Readonly<Record<string, string>>;
  readonly emailSubject?: string | undefined;
}

const PROVIDER = 'docusign';
export const DOCUSIGN_SENDING_FIELDS = ['integration_key', 'user_id', 'private_key', 'account_id', 'base_uri'] as const;
export const DOCUSIGN_SCOPES = ['signature', 'impersonation'];
const OAUTH_HOSTS: Record<string, string> = { demo: 'https://account-d.docusign.com', production: 'https://account.docusign.com' };
const TOKEN_MARGIN_SECONDS = 60;

/** The sending fields a Connect-only integration leaves out: empty when it can send. */
export function docusignSendingMissing(credentials: DocuSignSendingCredentials): string[] {
  return DOCUSIGN_SENDING_FIELDS.filter((name) => !credentials[name]);
}

/** The JWT grant's assertion: `aud` is the OAuth host, without a scheme. */
export function docusignAssertion(credentials: Required<Pick<DocuSignSendingCredentials, 'integration_key' | 'user_id' | 'private_key'>>, oauthBase: string, nowSeconds = Math.floor(Date.now() / 1000)): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iss: credentials.integration_key, sub: credentials.user_id, aud: new URL(oauthBase).host, iat: nowSeconds, exp: nowSeconds + 3600, scope: DOCUSIGN_SCOPES.join(' ') })}`;
  const signer = createSign('RSA-SHA256');
  signer.update(unsigned);
  try {
    return `${unsigned}.${signer.sign(credentials.private_key, 'base64url')}`;
  } catch (error) {
    throw new ProviderError(PROVIDER, 'bad_credentials', 'docusign: the private_key is not a usable RSA key (PEM)', { cause: error });
  }
}

/** The eSignature API's error body: `{"errorCode": "TEMPLATE_ID_INVALID", "message": "…"}`. */
function esignatureError(response: VendorResponse): ProviderError {
  const code = jsonField(response.json, 'errorCode');
  const message = jsonField(response.json, 'message');
  const errorCode = typeof code === 'string' ? code : undefined;
  const detail = typeof message === 'string' ? message : response.text.slice(0, 200) || 'no error body';
  let kind: ProviderErrorKind;
  switch (true) {
    case response.status === 429 || (errorCode?.endsWith('_LIMIT_EXCEEDED') ?? false):
      kind = 'rate_limited';
      break;
    case response.status >= 500:
      kind = 'transient';
      break;
    case response.status === 401 || response.status === 403 || errorCode === 'USER_AUTHENTICATION_FAILED' || errorCode === 'USER_LACKS_MEMBERSHIP':
      kind = 'bad_credentials';
      break;
    default:
      kind = 'rejected';
  }
  return new ProviderError(PROVIDER, kind, `docusign ${response.status}${errorCode ? ` ${errorCode}` : ''}: ${detail}`, { status: response.status, vendorCode: errorCode, retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')) });
}

export function createDocuSignSender(credentials: DocuSignSendingCredentials) {
  const missing = docusignSendingMissing(credentials);
  if (missing.length) throw new ProviderError(PROVIDER, 'bad_credentials', `docusign: sending needs ${missing.join(', ')} in the integration`);
  const oauthBase = credentials.oauth_base_url ?? OAUTH_HOSTS[credentials.environment ?? 'demo'] ?? OAUTH_HOSTS.demo!;
  const apiBase = credentials.api_base_url ?? credentials.base_uri!;
  let cached: { token: string; expiresAt: number } | undefined;

  async function accessToken(): Promise<string> {
    if (cached && cached.expiresAt > Date.now()) return cached.token;
    const assertion = docusignAssertion({ integration_key: credentials.integration_key!, user_id: credentials.user_id!, private_key: credentials.private_key! }, oauthBase);
    const form = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
    const response = await vendorFetch(PROVIDER, joinUrl(oauthBase, '/oauth/token'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString() });
    // 400 consent_required: the user never granted the app consent; invalid_grant: a wrong key or user
    if (response.status !== 200) throw oauthTokenError(PROVIDER, response);
    const token = jsonField(response.json, 'access_token');
    const expiresIn = jsonField(response.json, 'expires_in');
    if (typeof token !== 'string' || !token) throw new ProviderError(PROVIDER, 'transient', 'docusign token endpoint answered 200 without an access_token', { status: 200 });
    cached = { token, expiresAt: Date.now() + (typeof expiresIn === 'number' ? expiresIn - TOKEN_MARGIN_SECONDS : 0) * 1000 };
    return token;
  }

  return {
    /**
     * "Test connection": the JWT grant, then `GET {oauth host}/oauth/userinfo` with its token, which
     * reads the user and changes nothing; the integration's account_id must be one of the user's
     * accounts (a wrong one would refuse every envelope).
     */
    async testConnection(): Promise<void> {
      const response = await vendorFetch(PROVIDER, joinUrl(oauthBase, '/oauth/userinfo'), { method: 'GET', headers: { authorization: `Bearer ${await accessToken()}`, accept: 'application/json' } });
      if (response.status !== 200) throw oauthTokenError(PROVIDER, response);
      const accounts = jsonField(response.json, 'accounts');
      const ids = Array.isArray(accounts) ? accounts.map((a) => (a as { account_id?: unknown } | null)?.account_id) : [];
      if (!ids.includes(credentials.account_id)) throw new ProviderError(PROVIDER, 'bad_credentials', `docusign: the user the integration acts as is not a member of account ${credentials.account_id!}`, { status: 200 });
    },
    /** Creates the envelope from the template and sends it now; answers the envelopeId Connect events will name. */
    async sendFromTemplate(envelope: TemplateEnvelope): Promise<{ envelopeId: string }> {
      const body = {
        templateId: envelope.templateId,
        templateRoles: [{ roleName: envelope.signer.roleName, name: envelope.signer.name, email: envelope.signer.email }],
        status: 'sent',
        ...(envelope.emailSubject ? { emailSubject: envelope.emailSubject } : {}),
        customFields: { textCustomFields: Object.entries(envelope.customFields).map(([name, value]) => ({ name, value, show: 'false', required: 'false' })) },
      };
      const url = joinUrl(apiBase, `/restapi/v2.1/accounts/${encodeURIComponent(credentials.account_id!)}/envelopes`);
      const response = await vendorFetch(PROVIDER, url, { method: 'POST', headers: { authorization: `Bearer ${await accessToken()}`, 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
      if (response.status !== 201 && response.status !== 200) throw esignatureError(response);
      const id = jsonField(response.json, 'envelopeId');
      if (typeof id !== 'string' || !id) throw new ProviderError(PROVIDER, 'rejected', `docusign answered ${response.status} without an envelopeId`, { status: response.status });
      return { envelopeId: id };
    },
  };
}
