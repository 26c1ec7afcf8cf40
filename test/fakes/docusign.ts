/**
 * A fake DocuSign for sending from templates: the account server's JWT grant (`POST /oauth/token`,
 * the RS256 assertion verified with the integration key's public key; `iss` the integration key,
 * `sub` a user who consented, `aud` this server's host, scope with `signature` and `impersonation`,
 * `exp` at most an hour after `iat`) and the eSignature REST API v2.1's
 * `POST /restapi/v2.1/accounts/{accountId}/envelopes` from a template it knows, with a signer for each
 * of its roles and `status: "sent"`, answering 201 with the envelopeId, and `GET /oauth/userinfo` with a
 * granted token (the integration's "test connection": the user and its one account). Errors are the eSignature
 * envelope `{"errorCode", "message"}` and OAuth's `{"error"}`. connectEvent() builds the Connect
 * event DocuSign would post for an envelope it sent, carrying its custom fields.
 */
import { generateKeyPairSync, randomUUID, verify } from 'node:crypto';
import { mediaType, parseForm, startHttpFake, type HttpFake, type RawRequest, type ScriptedResponse, type Verdict } from './http-fake.ts';
import { docusignConnectEvent } from './esign.ts';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const ENVELOPE_FIELDS = new Set(['templateId', 'templateRoles', 'status', 'emailSubject', 'emailBlurb', 'customFields', 'notification', 'brandId']);
const ROLE_FIELDS = new Set(['roleName', 'name', 'email', 'clientUserId', 'tabs', 'routingOrder']);

export interface SentEnvelope {
  readonly envelopeId: string;
  readonly templateId: string;
  readonly templateRoles: { roleName: string; name: string; email: string }[];
  readonly customFields: Record<string, string>;
  readonly emailSubject?: string;
}

export interface DocuSignFake extends HttpFake {
  readonly integrationKey: string;
  readonly userId: string;
  readonly accountId: string;
  /** The integration key's RSA private key (PEM), whose public half this fake verifies assertions with. */
  readonly privateKey: string;
  readonly envelopes: SentEnvelope[];
  readonly tokenGrants: number;
  /** The Connect event for an envelope this fake sent, with its custom fields (test/fakes/esign.ts). */
  connectEvent(envelopeId: string, event: string): Record<string, unknown>;
}

export interface DocuSignFakeOptions {
  /** Templates of the account and their signer roles. */
  readonly templates: Readonly<Record<string, readonly string[]>>;
  /** False: the user never granted consent (the grant answers consent_required). */
  readonly consented?: boolean;
}

export const esignatureError = (status: number, errorCode: string, message: string): ScriptedResponse => ({ status, body: { errorCode, message } });

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export async function startDocuSignFake(options: DocuSignFakeOptions): Promise<DocuSignFake> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const integrationKey = randomUUID();
  const userId = randomUUID();
  const accountId = randomUUID();
  const envelopes: SentEnvelope[] = [];
  const tokens = new Set<string>();
  let tokenGrants = 0;
  let host = '';

  function token(raw: RawRequest): Verdict {
    const oauthError = (status: number, error: string, description?: string): ScriptedResponse => ({ status, body: { error, ...(description ? { error_description: description } : {}) } });
    if (raw.method !== 'POST' || mediaType(raw.headers) !== 'application/x-www-form-urlencoded') return { violation: 'the token request must be a form POST', response: oauthError(400, 'invalid_request') };
    const form = parseForm(raw.body);
    if (form.grant_type !== JWT_BEARER) return { violation: `grant_type is ${String(form.grant_type)}`, response: oauthError(400, 'unsupported_grant_type') };
    const parts = String(form.assertion ?? '').split('.');
    const header = parts.length === 3 ? decodePart(parts[0]!) : undefined;
    const claims = parts.length === 3 ? decodePart(parts[1]!) : undefined;
    if (!header || !claims || header.alg !== 'RS256') return { violation: 'the assertion is not an RS256 JWT', response: oauthError(400, 'invalid_grant', 'no_valid_keys_or_signatures') };
    if (!verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), publicKey, Buffer.from(parts[2]!, 'base64url'))) return { violation: 'the assertion signature does not verify with the integration key', response: oauthError(400, 'invalid_grant', 'no_valid_keys_or_signatures') };
    if (claims.iss !== integrationKey) return { refuse: oauthError(400, 'invalid_grant', 'issuer_not_found') };
    if (claims.aud !== host) return { violation: `aud is ${String(claims.aud)}, not the account server's host ${host}`, response: oauthError(400, 'invalid_grant', 'invalid audience') };
    const scopes = String(claims.scope ?? '').split(' ');
    if (!scopes.includes('signature') || !scopes.includes('impersonation')) return { violation: `scope ${String(claims.scope)} lacks signature impersonation`, response: oauthError(400, 'invalid_scope') };
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number' || Math.abs(claims.iat - now) > 300 || claims.exp <= now || claims.exp > claims.iat + 3600)
      return { violation: 'iat must be now and exp within an hour of it', response: oauthError(400, 'invalid_grant', 'expired or future assertion') };
    if (claims.sub !== userId) return { refuse: oauthError(400, 'invalid_grant', 'user_not_found') };
    if (options.consented === false) return { refuse: oauthError(400, 'consent_required') };
    return {
      respond: () => {
        tokenGrants++;
        const accessToken = `eyJ0eXAiOiJNVCIs.${randomUUID()}`;
        tokens.add(accessToken);
        return { status: 200, body: { access_token: accessToken, token_type: 'Bearer', expires_in: 3600 } };
      },
    };
  }

  function createEnvelope(raw: RawRequest, account: string): Verdict {
    const bad = (problem: string): Verdict => ({ violation: problem, response: esignatureError(400, 'INVALID_REQUEST_BODY', problem) });
    const bearer = /^Bearer (\S+)$/.exec(String(raw.headers.authorization ?? ''))?.[1];
    if (!bearer || !tokens.has(bearer)) return { violation: 'no valid Bearer token', response: esignatureError(401, 'USER_AUTHENTICATION_FAILED', 'One or both of Username and Password are invalid.') };
    // the error code for an account the user is not a member of is [UNCONFIRMED]; the status is 400
    if (account !== accountId) return { refuse: esignatureError(400, 'USER_LACKS_MEMBERSHIP', 'The UserID does not have a valid membership in this Account.') };
    if (mediaType(raw.headers) !== 'application/json') return bad('the body is not sent as application/json');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.body) as Record<string, unknown>;
    } catch {
      return bad('The request body is not valid JSON.');
    }
    for (const name of Object.keys(body ?? {})) if (!ENVELOPE_FIELDS.has(name)) return bad(`The request contained at least one invalid parameter: ${name}`);
    if (body.status !== 'sent') return bad(`status is ${String(body.status)}: an envelope sent now is "sent" (a draft would be "created")`);
    const templateId = body.templateId;
    if (typeof templateId !== 'string' || !(templateId in options.templates)) return { refuse: esignatureError(400, 'TEMPLATE_ID_INVALID', `Invalid template ID. Template ${String(templateId)} does not exist.`) };
    const roles = body.templateRoles;
    if (!Array.isArray(roles) || !roles.length) return bad('templateRoles is required with a template');
    for (const role of roles as Record<string, unknown>[]) {
      for (const name of Object.keys(role ?? {})) if (!ROLE_FIELDS.has(name)) return bad(`templateRoles takes no ${name}`);
      for (const name of ['roleName', 'name', 'email']) if (typeof role?.[name] !== 'string' || !(role[name] as string).trim()) return bad(`templateRoles[].${name} is required`);
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(role.email as string)) return { refuse: esignatureError(400, 'INVALID_EMAIL_ADDRESS_FOR_RECIPIENT', 'The email address for the recipient is invalid.') };
      // how DocuSign answers a role the template lacks is [UNCONFIRMED]: this fake refuses it rather than let a signer go missing
      if (!options.templates[templateId]!.includes(role.roleName as string)) return { refuse: esignatureError(400, 'ROLE_NAME_INVALID', `The role ${String(role.roleName)} is not a role of the template.`) };
    }
    const custom = (body.customFields as { textCustomFields?: unknown } | undefined)?.textCustomFields ?? [];
    if (!Array.isArray(custom) || custom.some((f) => typeof f?.name !== 'string' || typeof f?.value !== 'string')) return bad('customFields.textCustomFields must be {name, value} entries');
    return {
      respond: () => {
        const envelope: SentEnvelope = {
          envelopeId: randomUUID(),
          templateId,
          templateRoles: roles as SentEnvelope['templateRoles'],
          customFields: Object.fromEntries((custom as { name: string; value: string }[]).map((f) => [f.name, f.value])),
          ...(typeof body.emailSubject === 'string' ? { emailSubject: body.emailSubject } : {}),
        };
        envelopes.push(envelope);
        return { status: 201, body: { envelopeId: envelope.envelopeId, uri: `/envelopes/${envelope.envelopeId}`, statusDateTime: new Date().toISOString(), status: 'sent' } };
      },
    };
  }

  /** `GET /oauth/userinfo` with a granted token: the user and the accounts it belongs to ("test connection"). */
  function userinfo(raw: RawRequest): Verdict {
    if (raw.method !== 'GET') return { violation: `${raw.method} /oauth/userinfo: it is a GET`, response: { status: 405, body: { error: 'invalid_request' } } };
    const bearer = /^Bearer (\S+)$/.exec(String(raw.headers.authorization ?? ''))?.[1];
    if (!bearer || !tokens.has(bearer)) return { violation: 'userinfo without a token the grant gave', response: { status: 401, body: { error: 'invalid_request', error_description: 'The access token provided is expired, revoked or malformed.' } } };
    return { respond: () => ({ status: 200, body: { sub: userId, name: 'Esign Admin', email: 'esign-admin@example.test', accounts: [{ account_id: accountId, is_default: true, account_name: 'Embark tests', base_uri: http.url }] } }) };
  }

  const http = await startHttpFake('docusign', (raw) => {
    if (raw.path === '/oauth/token') return token(raw);
    if (raw.path === '/oauth/userinfo') return userinfo(raw);
    const envelopesPath = /^\/restapi\/v2\.1\/accounts\/([^/]+)\/envelopes$/.exec(raw.path);
    if (envelopesPath && raw.method === 'POST') return createEnvelope(raw, decodeURIComponent(envelopesPath[1]!));
    return { violation: 'no such DocuSign endpoint in this fake', response: esignatureError(404, 'RESOURCE_NOT_FOUND', 'Not found') };
  });
  host = new URL(http.url).host;
  return Object.defineProperties(
    Object.assign(http, {
      integrationKey,
      userId,
      accountId,
      privateKey: privateKeyPem,
      envelopes,
      connectEvent(envelopeId: string, event: string) {
        const envelope = envelopes.find((e) => e.envelopeId === envelopeId);
        if (!envelope) throw new Error(`the fake sent no envelope ${envelopeId}`);
        return docusignConnectEvent(event, { envelopeId, customFields: envelope.customFields });
      },
    }),
    { tokenGrants: { get: () => tokenGrants, enumerable: true } },
  ) as DocuSignFake;
}
