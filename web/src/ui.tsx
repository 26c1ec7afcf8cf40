/** Small building blocks shared by the pages: labelled fields, messages, data loading, role names. */
import { useCallback, useEffect, useId, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { ApiError, type Role } from './api.ts';

export const ROLE_LABELS: Record<Role, string> = {
  global_admin: 'Global admin',
  tenant_admin: 'Tenant admin',
  staff: 'Staff',
  member: 'Member',
};

export function roleLabel(role: string): string {
  return ROLE_LABELS[role as Role] ?? role;
}

/** What to tell a person about a failed call: the server's `detail`, never a stack or a token. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  return 'something went wrong; please try again';
}

export function ErrorAlert({ error, testId }: { error: unknown; testId?: string }) {
  if (error === null || error === undefined) return null;
  return (
    <p className="alert alert-error" role="alert" data-testid={testId ?? 'error'}>
      {messageOf(error)}
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

type FieldProps = InputHTMLAttributes<HTMLInputElement> & { label: string; help?: ReactNode };

/** An input with its label and optional help text tied to it for screen readers. */
export function Field({ label, help, id, className, ...input }: FieldProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const helpId = help ? `${inputId}-help` : undefined;
  return (
    <div className={`field ${className ?? ''}`.trim()}>
      <label htmlFor={inputId}>{label}</label>
      <input id={inputId} aria-describedby={helpId} {...input} />
      {help ? <small id={helpId} className="help">{help}</small> : null}
    </div>
  );
}

type TextAreaProps = TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; help?: ReactNode };

/** A textarea with its label and optional help text, like Field. */
export function TextAreaField({ label, help, id, className, ...textarea }: TextAreaProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const helpId = help ? `${inputId}-help` : undefined;
  return (
    <div className={`field ${className ?? ''}`.trim()}>
      <label htmlFor={inputId}>{label}</label>
      <textarea id={inputId} aria-describedby={helpId} {...textarea} />
      {help ? <small id={helpId} className="help">{help}</small> : null}
    </div>
  );
}

type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & { label: string; help?: ReactNode; options: readonly (readonly [value: string, label: string])[] };

/** A select with its label, from [value, label] pairs. */
export function SelectField({ label, help, id, className, options, ...select }: SelectProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const helpId = help ? `${inputId}-help` : undefined;
  return (
    <div className={`field ${className ?? ''}`.trim()}>
      <label htmlFor={inputId}>{label}</label>
      <select id={inputId} aria-describedby={helpId} {...select}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>{text}</option>
        ))}
      </select>
      {help ? <small id={helpId} className="help">{help}</small> : null}
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
  return <span className={`badge ${tone}`.trim()} data-status={status} data-testid={testId ?? 'message-status'}>{label}</span>;
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
      <button type="button" disabled={index === 0} onClick={onPrevious}>Previous</button>
      <span data-testid="pager-range">{list.items.length === 0 ? 'none' : `${count(first)}–${count(last)} of ${total}`}</span>
      <button type="button" disabled={next === null} onClick={() => next !== null && onNext(next)}>Next</button>
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
