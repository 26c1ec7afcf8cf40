/**
 * The API client: same-origin JSON calls with the signed-in session's bearer token, one refresh when
 * an access token has expired, and the X-Tenant-Id a global admin chose with "Act as tenant".
 * Tokens live in sessionStorage (gone when the tab closes) and are never rendered.
 */

export type Role = 'global_admin' | 'tenant_admin' | 'staff' | 'member';
export type TenantRole = Exclude<Role, 'global_admin'>;

export interface SessionUser {
  id: string;
  email: string;
  role: Role;
  tenant_id: string | null;
}

export interface Session {
  access_token: string;
  refresh_token: string;
  must_change_password: boolean;
  user: SessionUser;
}

export interface ActingTenant {
  id: string;
  name: string;
}

interface State {
  session: Session | null;
  acting: ActingTenant | null;
}

/** One problem with one part of a request, as the server lists them under `errors` (src/http/problem.ts). */
export interface ProblemField {
  /** Where: body, params, querystring. */
  in?: string;
  /** A JSON pointer to the value, e.g. /email or /credentials/auth_token. */
  path: string;
  message: string;
}

/**
 * A refused call: `code` is the problem's stable name, `detail` the server's sentence, `errors` the
 * field-level problems of a refused body. Show it with ui.tsx's messageOf, which turns validation
 * text into words for people.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: readonly ProblemField[];
  /** The problem document's other members, as some codes add them (a template's line and column, known_variables). */
  readonly extra: Readonly<Record<string, unknown>>;
  constructor(status: number, code: string, detail: string, errors: readonly ProblemField[] = [], extra: Readonly<Record<string, unknown>> = {}) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.errors = errors;
    this.extra = extra;
  }
}

const SESSION_KEY = 'embark.session';
const ACTING_KEY = 'embark.acting_tenant';

function read<T>(key: string): T | null {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  if (value === null) sessionStorage.removeItem(key);
  else sessionStorage.setItem(key, JSON.stringify(value));
}

let state: State = { session: read<Session>(SESSION_KEY), acting: read<ActingTenant>(ACTING_KEY) };
const listeners = new Set<() => void>();

function setState(next: Partial<State>): void {
  state = { ...state, ...next };
  if ('session' in next) write(SESSION_KEY, state.session);
  if ('acting' in next) write(ACTING_KEY, state.acting);
  for (const listener of listeners) listener();
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getState(): State {
  return state;
}

/** Stores a token pair from login, refresh or a password change. */
export function setSession(pair: Session): void {
  const session: Session = {
    access_token: pair.access_token,
    refresh_token: pair.refresh_token,
    must_change_password: pair.must_change_password,
    user: pair.user,
  };
  // a different person signing in must not inherit the previous one's tenant choice
  const acting = state.session && state.session.user.id === session.user.id ? state.acting : null;
  setState({ session, acting });
}

export function clearSession(): void {
  setState({ session: null, acting: null });
}

export function actAsTenant(tenant: ActingTenant | null): void {
  setState({ acting: tenant });
}

async function parseError(response: Response): Promise<ApiError> {
  let code = 'http_error';
  let detail = `the server answered ${response.status} ${response.statusText}`.trim();
  let errors: ProblemField[] = [];
  let extra: Record<string, unknown> = {};
  try {
    const body = (await response.json()) as { code?: unknown; detail?: unknown; errors?: unknown };
    if (body && typeof body === 'object' && !Array.isArray(body)) extra = body;
    if (typeof body.code === 'string') code = body.code;
    if (typeof body.detail === 'string' && body.detail) detail = body.detail;
    if (Array.isArray(body.errors)) errors = body.errors.filter((e): e is ProblemField => typeof e?.path === 'string' && typeof e?.message === 'string');
  } catch {
    // not a problem document (a proxy's error page, say): keep the status line
  }
  return new ApiError(response.status, code, detail, errors, extra);
}

async function send(method: string, path: string, body: unknown, withAuth: boolean): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // a file (a logo) goes as itself, with its own type; anything else as JSON
  const file = body instanceof Blob ? body : undefined;
  if (body !== undefined) headers['content-type'] = file ? file.type || 'application/octet-stream' : 'application/json';
  const { session, acting } = state;
  if (withAuth && session) {
    headers.authorization = `Bearer ${session.access_token}`;
    if (acting && session.user.role === 'global_admin') headers['x-tenant-id'] = acting.id;
  }
  try {
    return await fetch(path, { method, headers, body: file ?? (body === undefined ? undefined : JSON.stringify(body)), credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network_error', 'could not reach the server; check your connection and try again');
  }
}

// one refresh at a time: parallel calls that all got 401 wait for the same new pair,
// because each refresh token works only once
let refreshing: Promise<boolean> | null = null;

function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const current = state.session;
    if (!current) return false;
    try {
      const response = await send('POST', '/api/v1/auth/refresh', { refresh_token: current.refresh_token }, false);
      if (!response.ok) {
        clearSession();
        return false;
      }
      setSession((await response.json()) as Session);
      return true;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** Calls the API as the signed-in user; answers the parsed JSON body (undefined for 204). A Blob body (a File) is sent as itself. */
export async function api<T>(method: string, path: string, body?: unknown, options: { auth?: boolean } = {}): Promise<T> {
  const withAuth = options.auth !== false;
  const tokenUsed = state.session?.access_token;
  let response = await send(method, path, body, withAuth);
  // only an expired or revoked access token is worth a refresh; a wrong current password is also 401
  if (withAuth && response.status === 401 && state.session) {
    const error = await parseError(response.clone());
    if (error.code === 'unauthenticated') {
      const renewed = state.session.access_token !== tokenUsed || (await refreshSession());
      if (!renewed) throw new ApiError(401, 'session_ended', 'your session has ended; please sign in again');
      response = await send(method, path, body, withAuth);
    }
  }
  if (!response.ok) {
    const error = await parseError(response);
    // the account was given a temporary password since sign-in: show the change form
    if (error.code === 'password_change_required' && state.session) setState({ session: { ...state.session, must_change_password: true } });
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Ends the session on the server (best effort) and forgets it here. */
export async function logout(): Promise<void> {
  const session = state.session;
  clearSession();
  if (session) await send('POST', '/api/v1/auth/logout', { refresh_token: session.refresh_token }, false).catch(() => undefined);
}
