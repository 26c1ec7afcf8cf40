import { ANALYTICS_ERRORS } from './analytics/errors.ts';
import { CHECKLISTS_ERRORS } from './checklists/errors.ts';
import { CRM_ERRORS } from './crm/errors.ts';
import { EMBED_ERRORS } from './embed/errors.ts';
import { EVENTS_ERRORS } from './events/errors.ts';
import { HIRES_ERRORS } from './hires/errors.ts';
import { IDENTITIES_ERRORS } from './identities/errors.ts';
import { INTEGRATIONS_ERRORS } from './integrations/errors.ts';
import { JOBS_ERRORS } from './jobs/errors.ts';
import { MESSAGING_ERRORS } from './messaging/errors.ts';
import { ONBOARDING_ERRORS } from './onboarding/errors.ts';
import { ORGANIZATIONS_ERRORS } from './organizations/errors.ts';
import { TEMPLATES_ERRORS } from './templates/errors.ts';
import { TENANTS_ERRORS } from './tenants/errors.ts';
import { WEBHOOKS_ERRORS } from './webhooks/errors.ts';

export type ErrorCatalogue = Record<string, { readonly status: number; readonly doc: string }>;

/** Codes of the HTTP layer and of more than one module. */
const CORE_ERRORS = {
  validation_failed: { status: 400, doc: 'The request body, query or path did not match the schema; `errors` lists each problem.' },
  invalid_json: { status: 400, doc: 'The body is not valid JSON.' },
  invalid_text: { status: 400, doc: 'A string (or property name) in the body, query or path contains a NUL character or an unpaired UTF-16 surrogate, or the path’s percent-encoding is not UTF-8: text that cannot be stored; `errors` says where.' },
  too_deeply_nested: { status: 400, doc: 'The body nests objects or arrays deeper than 32 levels.' },
  invalid_id: { status: 400, doc: 'A path or header id is not a valid UUID.' },
  invalid_cursor: { status: 400, doc: 'The `cursor` of a list is malformed, was given by another list or with other filters, belongs to another tenant, or names a row that is gone; read the first page again without it.' },
  current_password_incorrect: { status: 400, doc: 'The current password given to change it is not right.' },
  weak_password: { status: 400, doc: 'The new password is too short, too long or the same as the current one.' },
  unauthenticated: { status: 401, doc: 'No credentials, or the access token or API key is invalid, expired or revoked.' },
  invalid_credentials: { status: 401, doc: 'Email, password or tenant did not match an active account (deliberately not more specific).' },
  refresh_token_invalid: { status: 401, doc: 'The refresh token is unknown, expired, revoked or was already used.' },
  forbidden: { status: 403, doc: 'Authenticated, but the role does not allow this action (or the endpoint does not accept API keys).' },
  scope_missing: { status: 403, doc: 'The API key does not have the scope the endpoint needs; `required_scope` names it.' },
  impersonation_forbidden: { status: 403, doc: 'X-Tenant-Id was sent by someone who is not a global admin.' },
  password_change_required: { status: 403, doc: 'The account has a temporary password; only POST /api/v1/auth/password is allowed until it is changed.' },
  tenant_required: { status: 400, doc: 'The action needs a tenant context: log in as a tenant user, or as a global admin send X-Tenant-Id.' },
  tenant_inactive: { status: 403, doc: 'The tenant is deactivated; its users and keys cannot be used.' },
  signature_invalid: { status: 403, doc: "A webhook's signature does not match its body, URL or timestamp, or the timestamp is outside the tolerance." },
  signature_missing: { status: 400, doc: 'A webhook carries no signature header.' },
  not_found: { status: 404, doc: 'The resource does not exist in this tenant.' },
  route_not_found: { status: 404, doc: 'No route matches the method and path.' },
  tenant_not_found: { status: 404, doc: 'No tenant has that id or subdomain.' },
  user_not_found: { status: 404, doc: 'No user with that id in this tenant.' },
  subdomain_taken: { status: 409, doc: 'Another tenant already uses that subdomain.' },
  tenant_marked_for_deletion: { status: 409, doc: 'The tenant is marked for deletion; restore it (POST /api/v1/admin/tenants/:id/restore) before activating it.' },
  tenant_not_marked_for_deletion: { status: 409, doc: 'The tenant is not marked for deletion, so there is nothing to restore.' },
  subdomain_reserved: { status: 400, doc: 'The subdomain is reserved (www, api, admin, …).' },
  email_taken: { status: 409, doc: 'A user with that email already exists in this tenant.' },
  body_too_large: { status: 413, doc: 'The body is larger than EMBARK_BODY_LIMIT allows.' },
  unsupported_media_type: { status: 415, doc: 'The Content-Type is not accepted by this endpoint.' },
  too_many_attempts: { status: 429, doc: 'Too many failed logins (or signups refused as duplicates) for this account or address; retry after the Retry-After seconds.' },
  too_many_requests: { status: 429, doc: 'This address has too many password checks (login, signup, password change) in progress at once; retry after the Retry-After seconds.' },
  server_busy: { status: 503, doc: 'Every password-hashing place of the server is taken and its short queue is full; retry after the Retry-After seconds.' },
  internal_error: { status: 500, doc: 'An unexpected error; the log has the cause under the request id.' },
  not_ready: { status: 503, doc: 'The database is unreachable or migrations are not current.' },
  database_unavailable: { status: 503, doc: 'The connection to the database was lost or could not be made while handling the request; nothing was changed unless it committed. Retry after the Retry-After seconds.' },
} as const satisfies ErrorCatalogue;

/**
 * The catalogue of error codes: the core's and each module's (`src/<module>/errors.ts`), one list
 * with no code twice. Codes are part of the API: never rename one. docs/errors.md lists every entry; a
 * test keeps the two in step. AppError takes only a code of this catalogue, checked by the compiler.
 */
const PARTS = {
  core: CORE_ERRORS,
  analytics: ANALYTICS_ERRORS,
  checklists: CHECKLISTS_ERRORS,
  crm: CRM_ERRORS,
  embed: EMBED_ERRORS,
  events: EVENTS_ERRORS,
  hires: HIRES_ERRORS,
  identities: IDENTITIES_ERRORS,
  integrations: INTEGRATIONS_ERRORS,
  jobs: JOBS_ERRORS,
  messaging: MESSAGING_ERRORS,
  onboarding: ONBOARDING_ERRORS,
  organizations: ORGANIZATIONS_ERRORS,
  templates: TEMPLATES_ERRORS,
  tenants: TENANTS_ERRORS,
  webhooks: WEBHOOKS_ERRORS,
};

export const ERROR_CODES = mergeCatalogues(PARTS);

export type ErrorCode = keyof typeof ERROR_CODES;

/** One catalogue from its parts; a code in two parts is a mistake caught when the server loads. */
type Merged<T> = (T extends unknown ? (part: T) => void : never) extends (part: infer All) => void ? All : never;

export function mergeCatalogues<T extends Record<string, ErrorCatalogue>>(parts: T): Merged<T[keyof T]> {
  const merged: Record<string, { status: number; doc: string }> = {};
  const owner = new Map<string, string>();
  for (const [part, codes] of Object.entries(parts)) {
    for (const [code, entry] of Object.entries(codes)) {
      const first = owner.get(code);
      if (first !== undefined) throw new Error(`error code ${code} is declared by both ${first} and ${part}`);
      owner.set(code, part);
      merged[code] = entry;
    }
  }
  return merged as Merged<T[keyof T]>;
}

export function allErrorCodes(): ErrorCatalogue {
  return ERROR_CODES;
}

export interface AppErrorOptions {
  /** Extra members for the problem document, e.g. `errors` or an existing resource id. */
  extra?: Record<string, unknown>;
  /** Extra response headers, e.g. Retry-After. */
  headers?: Record<string, string>;
  /** For a 5xx whose message says nothing internal: send it instead of the generic sentence. */
  expose?: boolean;
  cause?: unknown;
}

export class AppError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly extra: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;
  readonly expose: boolean;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    const entry: { status: number } | undefined = ERROR_CODES[code];
    // only reachable from JavaScript that bypassed the type check: a wrong code is a bug, not a 4xx
    if (!entry) throw new Error(`error code ${code} is not in the catalogue`);
    this.name = 'AppError';
    this.code = code;
    this.status = entry.status;
    this.extra = options.extra;
    this.headers = options.headers;
    this.expose = options.expose ?? this.status < 500;
  }
}
