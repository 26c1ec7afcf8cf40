/**
 * The building blocks the pages share (pages never import each other): labelled fields, problem
 * messages in words for people, data loading and submitting, role and channel names, the message
 * type several pages show.
 */
import { useCallback, useEffect, useId, useRef, useState, type CSSProperties, type FormEvent, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { ApiError, api, type ProblemField, type Role } from './api.ts';
import type { paths } from './api-types.ts';

export const ROLE_LABELS: Record<Role, string> = {
  global_admin: 'Global admin',
  tenant_admin: 'Tenant admin',
  staff: 'Staff',
  member: 'Member',
};

export function roleLabel(role: string): string {
  return ROLE_LABELS[role as Role] ?? role;
}

const CHANNEL_LABELS: Record<string, string> = { email: 'Email', sms: 'SMS', voice: 'Voice call' };

export function channelLabel(channel: string): string {
  return CHANNEL_LABELS[channel] ?? channel;
}

type MessageSchema = paths['/api/v1/messages/{id}']['get']['responses'][200]['content']['application/json'];
/** A message of the outbox, as GET /api/v1/messages/:id answers it (its schema, generated; these fields are always there). */
export type Message = MessageSchema &
  Required<Pick<MessageSchema, 'id' | 'channel' | 'recipient' | 'bundle' | 'status' | 'attempts'>> & {
    variant?: string | null;
    user_id?: string | null;
    created_at: string;
    next_attempt_at?: string | null;
    sent_at?: string | null;
    delivered_at?: string | null;
  };

/**
 * What a code means for the person in front of the page, where the server's sentence is not the best
 * thing to show (it speaks to an API client) or there is no server answer at all.
 */
const PROBLEM_MESSAGES: Record<string, string> = {
  network_error: 'Could not reach the server. Check your connection and try again.',
  session_ended: 'Your session has ended. Please sign in again.',
  forbidden: 'Your account may not do this.',
  impersonation_forbidden: 'Only global admins may act in another tenant.',
  tenant_required: 'Choose a tenant to act in first.',
  rate_limited: 'Too many attempts. Wait a moment and try again.',
  invalid_json: 'The page sent something the server could not read. Reload the page and try again.',
  body_too_large: 'That is more than the server accepts at once.',
  internal_error: 'Something went wrong on the server. Try again; if it keeps happening, tell your administrator.',
  database_unavailable: 'The server lost its database connection. Try again in a few seconds.',
  invalid_id: 'That link points to something that does not exist.',
  invalid_cursor: 'That page of results has expired. Go back to the first page.',
  not_found: 'That no longer exists; it may have been removed. Reload the page.',
  webhook_url_not_allowed: 'The URL must start with https:// (http:// only for localhost) and carry no user name or password.',
  webhook_event_type_unknown: 'One of the event types is not one Embark sends. Reload the page for the current list.',
  webhook_endpoint_disabled: 'This endpoint is disabled. Enable it first, then try again.',
  webhook_endpoint_not_found: 'That endpoint no longer exists. Reload the page.',
  webhook_delivery_not_found: 'That delivery no longer exists. Reload the page.',
  webhook_delivery_not_retryable: 'Only a failed, cancelled or waiting delivery can be sent again.',
  job_not_found: 'That job is no longer in the queue; it may have succeeded meanwhile.',
  job_not_retryable: 'Only a failed job that no worker is running can be retried.',
  template_not_found: 'This bundle has no text for that language and variant yet.',
  too_deeply_nested: 'That is nested more deeply than the server accepts.',
  unsupported_media_type: 'The page sent something the server could not read. Reload the page and try again.',
  route_not_found: 'This server does not offer that yet; it may run an older version of Embark.',
};

/** A field's name as a person reads it: auth_token → "Auth token". */
function fieldName(name: string, labels: Readonly<Record<string, string>>): string {
  if (labels[name]) return labels[name];
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The last segment of a JSON pointer: /credentials/auth_token → auth_token. */
function lastSegment(pointer: string): string {
  return pointer.split('/').filter(Boolean).at(-1) ?? '';
}

/** A JSON-schema (ajv) complaint in plain words; a sentence the server wrote for people stays as it is. */
export function plainWords(message: string): string {
  const rules: [RegExp, (...m: string[]) => string][] = [
    [/^must NOT have fewer than (\d+) characters?$/, (n) => `must be at least ${n} characters long`],
    [/^must NOT have more than (\d+) characters?$/, (n) => `must be at most ${n} characters long`],
    [/^must NOT have fewer than (\d+) items?$/, (n) => `needs at least ${n}`],
    [/^must NOT have more than (\d+) (items?|properties)$/, (n) => `may have at most ${n}`],
    [/^must match format "email"$/, () => 'must be an email address'],
    [/^must match format "uuid"$/, () => 'must be a valid id'],
    [/^must match format "(uri|url)"$/, () => 'must be a web address starting with https://'],
    [/^must match format "date-time"$/, () => 'must be a date and time'],
    [/^must match format "(.+)"$/, () => 'is not in the expected format'],
    [/^must match pattern ".*"$/, () => 'has characters or a form that is not allowed'],
    [/^must be equal to one of the allowed values$/, () => 'must be one of the offered choices'],
    [/^must be integer$/, () => 'must be a whole number'],
    [/^must be number$/, () => 'must be a number'],
    [/^must be boolean$/, () => 'must be yes or no'],
    [/^must be string$/, () => 'must be text'],
    [/^must be (>=|>) (-?[\d.]+)$/, (op, n) => (op === '>=' ? `must be at least ${n}` : `must be more than ${n}`)],
    [/^must be (<=|<) (-?[\d.]+)$/, (op, n) => (op === '<=' ? `must be at most ${n}` : `must be less than ${n}`)],
    [/^must match exactly one schema in oneOf$|^must match a schema in anyOf$/, () => 'is not valid here'],
    [/^unknown property "(.+)"$/, (name) => `has a field this form does not know (${name})`],
  ];
  for (const [pattern, say] of rules) {
    const match = pattern.exec(message);
    if (match) return say(...match.slice(1));
  }
  return /^must /.test(message) ? 'is not valid' : message;
}

/**
 * Each refused field of a problem, keyed by its name, in words: "Email must be an email address".
 * `labels` names the page's fields (name → label). A sentence the server wrote about one field that
 * already starts with its name ("client_secret is required") gets the label instead of the name.
 */
export function fieldProblems(error: unknown, labels: Readonly<Record<string, string>> = {}): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const problem of error.errors as readonly ProblemField[]) {
    const required = /^must have required property '(.+)'$/.exec(problem.message);
    const name = required ? required[1]! : lastSegment(problem.path);
    if (!name || out[name]) continue;
    const label = fieldName(name, labels);
    const text = required ? 'is required' : problem.message.startsWith(`${name} `) ? problem.message.slice(name.length + 1) : plainWords(problem.message);
    out[name] = `${label} ${text}`;
  }
  return out;
}

/**
 * What to tell a person about a failed call, never raw JSON-schema text, a stack or a token: a
 * refused body as its fields' problems, a code the UI knows in its own words, otherwise the server's
 * sentence for people.
 */
export function messageOf(error: unknown, labels: Readonly<Record<string, string>> = {}): string {
  if (!(error instanceof ApiError)) return 'Something went wrong; please try again.';
  const fields = Object.values(fieldProblems(error, labels));
  if (fields.length) return fields.join('. ') + '.';
  if (error.code === 'validation_failed' && error.status !== 0 && /^invalid (body|params|querystring):/.test(error.detail)) return 'Some of what you entered is not valid; check the form and try again.';
  return PROBLEM_MESSAGES[error.code] ?? sentence(error.detail);
}

/** The server's detail, written for API clients in lower case, as a sentence: "the subdomain is taken" → "The subdomain is taken." */
function sentence(detail: string): string {
  const text = detail.trim();
  if (!text) return 'Something went wrong; please try again.';
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

export interface Submitting<A extends unknown[]> {
  readonly busy: boolean;
  readonly error: unknown;
  /** Runs the action unless one is running: clears the error, sets busy, keeps what it throws as the error. */
  run(...args: A): Promise<void>;
  /** Shows a refusal without calling the server (a check the page makes itself). */
  fail(error: unknown): void;
}

/**
 * The one way a page submits: busy while the action runs (a second click does nothing), the error it
 * threw shown until the next try. An action throws an ApiError to refuse with a message.
 */
export function useSubmit<A extends unknown[]>(action: (...args: A) => Promise<void>): Submitting<A> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const running = useRef(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = async (...args: A) => {
    if (running.current) return;
    running.current = true;
    setError(null);
    setBusy(true);
    try {
      await action(...args);
    } catch (failure) {
      if (mounted.current) setError(failure);
    } finally {
      running.current = false;
      if (mounted.current) setBusy(false);
    }
  };
  return { busy, error, run, fail: setError };
}

/** A form's submit handler for useSubmit: no page reload, the form handed to the action. */
export function onSubmitOf(submit: Submitting<[HTMLFormElement]>): (event: FormEvent<HTMLFormElement>) => void {
  return (event) => {
    event.preventDefault();
    void submit.run(event.currentTarget);
  };
}

/** A refusal the page makes itself, shown like the server's. */
export function refusal(detail: string, code = 'validation_failed'): ApiError {
  return new ApiError(0, code, detail);
}

export function ErrorAlert({ error, testId, labels }: { error: unknown; testId?: string; labels?: Readonly<Record<string, string>> }) {
  if (error === null || error === undefined) return null;
  return (
    <p className="alert alert-error" role="alert" data-testid={testId ?? 'error'}>
      {messageOf(error, labels)}
    </p>
  );
}

export function Notice({ children, testId }: { children: ReactNode; testId?: string }) {
  if (!children) return null;
  return (
    <p className="alert alert-ok" role="status" data-testid={testId ?? 'notice'}>
      {children}
    </p>
  );
}

/**
 * A controlled field's length limit, checked here instead of by the browser: a browser's maxlength cuts
 * pasted text silently, so the text is kept whole and the field says it is too long (the server refuses
 * it too). An uncontrolled field (a password) keeps the browser's limit. The server's problem wins.
 */
function lengthCheck<P>(label: string, maxLength: number | undefined, value: unknown, given: P | undefined): { limit: number | undefined; problem: P | string | undefined } {
  if (maxLength === undefined) return { limit: undefined, problem: given };
  if (typeof value !== 'string') return { limit: maxLength, problem: given };
  const over = value.length > maxLength ? `${label} must be at most ${maxLength.toLocaleString('en')} characters long; it has ${value.length.toLocaleString('en')}` : undefined;
  return { limit: undefined, problem: given ?? over };
}

type FieldProps = InputHTMLAttributes<HTMLInputElement> & { label: string; help?: ReactNode; problem?: string | undefined };

/** An input with its label, optional help text and the server's problem with it (under it), tied to it for screen readers. */
export function Field({ label, help, problem: given, id, className, maxLength, ...input }: FieldProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const { limit, problem } = lengthCheck(label, maxLength, input.value, given);
  const helpId = help ? `${inputId}-help` : undefined;
  const problemId = problem ? `${inputId}-problem` : undefined;
  const describedBy = [problemId, helpId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${className ?? ''}`.trim()}>
      <label htmlFor={inputId}>{label}</label>
      <input id={inputId} aria-describedby={describedBy} aria-invalid={problem ? true : undefined} maxLength={limit} {...input} />
      {problem ? (
        <small id={problemId} className="field-error" data-testid="field-problem">
          {problem}
        </small>
      ) : null}
      {help ? (
        <small id={helpId} className="help">
          {help}
        </small>
      ) : null}
    </div>
  );
}

type TextAreaProps = TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; help?: ReactNode; problem?: ReactNode };

/** A textarea with its label, optional help text and the server's problem with it (under it), like Field. */
export function TextAreaField({ label, help, problem: given, id, className, maxLength, ...textarea }: TextAreaProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const { limit, problem } = lengthCheck(label, maxLength, textarea.value, given);
  const helpId = help ? `${inputId}-help` : undefined;
  const problemId = problem ? `${inputId}-problem` : undefined;
  const describedBy = [problemId, helpId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${className ?? ''}`.trim()}>
      <label htmlFor={inputId}>{label}</label>
      <textarea id={inputId} aria-describedby={describedBy} aria-invalid={problem ? true : undefined} maxLength={limit} {...textarea} />
      {problem ? (
        <small id={problemId} className="field-error" data-testid="field-problem">
          {problem}
        </small>
      ) : null}
      {help ? (
        <small id={helpId} className="help">
          {help}
        </small>
      ) : null}
    </div>
  );
}

type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & { label: string; help?: ReactNode; problem?: string | undefined; options: readonly (readonly [value: string, label: string])[] };

/** A select with its label, from [value, label] pairs, and the server's problem with it under it, like Field. */
export function SelectField({ label, help, problem, id, className, options, ...select }: SelectProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const helpId = help ? `${inputId}-help` : undefined;
  const problemId = problem ? `${inputId}-problem` : undefined;
  const describedBy = [problemId, helpId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${className ?? ''}`.trim()}>
      <label htmlFor={inputId}>{label}</label>
      <select id={inputId} aria-describedby={describedBy} aria-invalid={problem ? true : undefined} {...select}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      {problem ? (
        <small id={problemId} className="field-error" data-testid="field-problem">
          {problem}
        </small>
      ) : null}
      {help ? (
        <small id={helpId} className="help">
          {help}
        </small>
      ) : null}
    </div>
  );
}

const MESSAGE_STATUS: Record<string, readonly [label: string, tone: string]> = {
  queued: ['Queued', ''],
  sending: ['Sending', ''],
  sent: ['Sent', 'ok'],
  delivered: ['Delivered', 'ok'],
  failed: ['Failed', 'error'],
  needs_attention: ['Needs attention', 'warn'],
  cancelled: ['Cancelled', 'off'],
};

export const MESSAGE_STATUSES = Object.keys(MESSAGE_STATUS);

export function messageStatusLabel(status: string): string {
  return MESSAGE_STATUS[status]?.[0] ?? status;
}

/** A message's delivery status as a badge; `data-status` carries the API's value. */
export function MessageStatus({ status, testId }: { status: string; testId?: string }) {
  const [label, tone] = MESSAGE_STATUS[status] ?? [status, ''];
  return (
    <span className={`badge ${tone}`.trim()} data-status={status} data-testid={testId ?? 'message-status'}>
      {label}
    </span>
  );
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/** Runs `load` on mount and whenever `key` changes; ignores answers that arrive after a newer request. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  // `key` stands for everything `load` reads, so the effect re-runs when it changes and not on every render
  useEffect(() => {
    let current = true;
    setLoading(true);
    load().then(
      (value) => {
        if (!current) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!current) return;
        setError(failure);
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload };
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** What every list of the API answers (src/http/pagination.ts): a page and the cursor of the next. */
export interface ListPage<T> {
  items: T[];
  limit: number;
  next_cursor: string | null;
  total: number;
  total_capped: boolean;
}

/** A page as loaded, with its place among the pages: shown together, so the range never runs ahead of the rows. */
export type LoadedPage<T> = ListPage<T> & { index: number };

export interface CursorPages<C> {
  /** The cursor of the page shown; undefined on the first page. */
  cursor: C | undefined;
  /** The page shown, from 0. */
  index: number;
  /** The page a request answers, marked with the place it was asked for. */
  load<T>(list: Promise<ListPage<T>>): Promise<LoadedPage<T>>;
  next(cursor: C): void;
  previous(): void;
  /** Back to the first page, as when a filter changes. */
  reset(): void;
}

/**
 * The cursors of the pages walked so far. A cursor only leads forward, so Previous goes back by
 * dropping the last one; `C` is a string, or several cursors for pages read from lists side by side.
 */
export function useCursorPages<C>(): CursorPages<C> {
  const [stack, setStack] = useState<C[]>([]);
  return {
    cursor: stack.at(-1),
    index: stack.length,
    load: (list) => list.then((page) => ({ ...page, index: stack.length })),
    next: (cursor) => setStack((current) => [...current, cursor]),
    previous: () => setStack((current) => current.slice(0, -1)),
    reset: () => setStack([]),
  };
}

const count = (n: number) => n.toLocaleString('en');

/**
 * "51–100 of 10,000+" with Previous and Next, for the page shown (until the next one has loaded, the
 * one before); a single page says only how many items there are. Next hands over its next_cursor.
 */
export function Pager({ list, onPrevious, onNext, label }: { list: LoadedPage<unknown>; onPrevious(): void; onNext(cursor: string): void; label: string }) {
  const index = list.index;
  const total = `${count(list.total)}${list.total_capped ? '+' : ''}`;
  const next = list.next_cursor;
  if (index === 0 && next === null) return <p className="muted">{list.total === 1 ? '1 item' : `${total} items`}</p>;
  const first = index * list.limit + 1;
  const last = first + list.items.length - 1;
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <button type="button" disabled={index === 0} onClick={onPrevious}>
        Previous
      </button>
      <span data-testid="pager-range">{list.items.length === 0 ? 'none' : `${count(first)}–${count(last)} of ${total}`}</span>
      <button type="button" disabled={next === null} onClick={() => next !== null && onNext(next)}>
        Next
      </button>
    </nav>
  );
}

/**
 * Reads a password input and empties it at once. Password inputs are uncontrolled on purpose:
 * React mirrors a controlled input's value into its `value` attribute, which would put the
 * password in the page's HTML; this way it lives in no state and no attribute.
 */
export function takePassword(form: HTMLFormElement, name: string): string {
  const input = form.elements.namedItem(name);
  if (!(input instanceof HTMLInputElement)) return '';
  const value = input.value;
  input.value = '';
  return value;
}

/**
 * A secret the server shows in one answer only (an API key, a signing secret): in a read-only field
 * with a copy button and the warning that it will not be shown again. Dismissed, it is gone.
 */
export function SecretOnce({ label, secret, onDone, testId }: { label: string; secret: string; onDone(): void; testId?: string }) {
  const id = useId();
  const [copied, setCopied] = useState(false);
  const copy = () => {
    // the clipboard needs a secure context; the selected text is the fallback a person copies by hand
    const input = document.getElementById(id);
    if (input instanceof HTMLInputElement) input.select();
    void navigator.clipboard?.writeText(secret).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <div className="secret-once" role="region" aria-label={label} data-testid={testId ?? 'secret-once'}>
      <p className="alert alert-warn" role="note">
        Copy this now: it is shown only this once and cannot be read again.
      </p>
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <div className="secret-row">
          <input id={id} readOnly value={secret} spellCheck={false} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" onClick={copy}>
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
      </div>
      <button type="button" onClick={onDone}>
        I have stored it
      </button>
    </div>
  );
}

/** A button that asks again before it acts: the first click offers "Yes, <action>" and Cancel. */
export function ConfirmButton({ children, confirm, question, onConfirm, disabled, label }: { children: ReactNode; confirm: string; question: string; onConfirm(): void; disabled?: boolean; label?: string }) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" aria-label={label} disabled={disabled} onClick={() => setAsking(true)}>
        {children}
      </button>
    );
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span className="confirm-question">{question}</span>
      <button
        type="button"
        className="danger"
        disabled={disabled}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirm}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}

/**
 * A list's table inside its card, scrolling there on a narrow screen: a caption for screen readers,
 * the column headings (an empty one is the row's actions, named for screen readers) and the rows.
 */
export function DataTable({ caption, columns, testId, busy, children }: { caption: string; columns: readonly string[]; testId: string; busy?: boolean; children: ReactNode }) {
  return (
    <div className="table-scroll">
      <table data-testid={testId} aria-busy={busy}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th key={`${i}-${column}`} scope="col">
                {column || <span className="visually-hidden">Actions</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** What a tenant shows of itself on its public pages (GET /api/v1/tenants/by-subdomain/:subdomain/public). */
export type PublicTenant = paths['/api/v1/tenants/by-subdomain/{subdomain}/public']['get']['responses'][200]['content']['application/json'];

/** A tenant's public face as a page loads it: found, not there (unknown or inactive), or not known because the lookup failed. */
export type TenantFace = { status: 'loading' } | { status: 'found'; tenant: PublicTenant } | { status: 'missing' } | { status: 'unknown'; error: unknown };

const SUBDOMAIN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Loads the tenant's public face for its sign-in, signup and password pages; a subdomain that cannot exist is missing at once. */
export function useTenantFace(subdomain: string): TenantFace {
  const [face, setFace] = useState<TenantFace>({ status: 'loading' });
  useEffect(() => {
    if (!SUBDOMAIN.test(subdomain)) {
      setFace({ status: 'missing' });
      return;
    }
    let current = true;
    setFace({ status: 'loading' });
    api<PublicTenant>('GET', `/api/v1/tenants/by-subdomain/${encodeURIComponent(subdomain)}/public`, undefined, { auth: false }).then(
      (tenant) => {
        if (current) setFace({ status: 'found', tenant });
      },
      (error: unknown) => {
        if (!current) return;
        setFace(error instanceof ApiError && error.code === 'tenant_not_found' ? { status: 'missing' } : { status: 'unknown', error });
      },
    );
    return () => {
      current = false;
    };
  }, [subdomain]);
  return face;
}

/** The name a tenant's pages show: its business name, else its name; the subdomain until it is known. */
export function tenantName(face: TenantFace, subdomain: string): string {
  return face.status === 'found' ? face.tenant.business_name || face.tenant.name : subdomain;
}

/**
 * The page's primary buttons in the tenant's accent colour, with the readable text colour the server
 * chose for it (black or white). Only the primary buttons: links and focus rings keep the console's
 * colours, which are readable on the page whatever the accent.
 */
export function brandStyle(face: TenantFace): CSSProperties | undefined {
  if (face.status !== 'found' || !face.tenant.accent_color) return undefined;
  return { '--brand': face.tenant.accent_color, '--brand-text': face.tenant.accent_text_color ?? '#ffffff' } as CSSProperties;
}

/** The tenant's logo above its page's heading, when it has one. */
export function TenantLogo({ face }: { face: TenantFace }) {
  if (face.status !== 'found' || !face.tenant.logo_url) return null;
  return <img className="tenant-logo" src={face.tenant.logo_url} alt={`${face.tenant.business_name || face.tenant.name} logo`} data-testid="tenant-logo" />;
}

/** The page of a tenant's address where no active tenant is: said plainly, with the way out, instead of a form that cannot work. */
export function TenantMissing({ subdomain }: { subdomain: string }) {
  return (
    <main className="narrow">
      <h1>No organisation here</h1>
      <p className="alert alert-error" role="alert" data-testid="tenant-missing">
        No active organisation uses this address ({subdomain || 'no name'}). Check the address in your email, or ask your administrator.
      </p>
      <p>
        <a href="/">Go to the Embark sign-in page</a>
      </p>
    </main>
  );
}
