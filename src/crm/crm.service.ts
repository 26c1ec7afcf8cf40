/**
 * The CRM pipeline's contacts: staff create, edit, import and qualify them; provisioning turns a
 * qualified one into an account (ONBOARDING) and onboarding completion makes it ACTIVE. Every move of
 * status is a transition with who, when and why; a move the pipeline does not allow is refused.
 * Writing functions have a form that runs in the caller's transaction (…In).
 */
import type { Context } from '../context.ts';
import type { Queryable } from '../db/pool.ts';
import { inSavepoint, withTenant } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import { recordAudit, type Actor } from '../audit/audit.service.ts';
import { mapPage, readPage, UUID_KEY, type ListSpec, type PageQuery } from '../http/pagination.ts';
import { compileBodyValidator } from '../http/validation.ts';
import { contactInput, type ContactStatus } from './crm.schemas.ts';
import { CsvError, parseCsv } from './csv.ts';
import { createUserIn, findUserByEmailIn } from '../identities/users.service.ts';
import { generateTemporaryPassword, hashPassword } from '../identities/passwords.ts';
import { appendEvent, eventActor, listEvents } from '../events/events.service.ts';
import * as store from './crm.store.ts';
import type { ContactRow, ContactValues } from './crm.store.ts';

/** The moves staff make by hand; onboarding and active come only from provisioning and completion. */
const BY_HAND: Readonly<Record<ContactStatus, readonly ContactStatus[]>> = {
  lead: ['qualified', 'lost'],
  qualified: ['lead', 'lost'],
  onboarding: ['lost'],
  active: [],
  lost: ['lead'],
};
/** The moves the system makes: provisioning (qualified → onboarding) and onboarding completion (onboarding → active). */
const BY_SYSTEM: Readonly<Partial<Record<ContactStatus, readonly ContactStatus[]>>> = { qualified: ['onboarding'], onboarding: ['active'] };

/** Rows a CSV import takes at once. */
export const IMPORT_MAX_ROWS = 1000;

function present(row: ContactRow) {
  return { ...row, created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString() };
}

/** A constraint PostgreSQL reported, as the error a person can act on. */
function fromConstraint(error: unknown): AppError | undefined {
  const e = error as { code?: string; constraint?: string };
  if (e.code === '23505' && e.constraint === 'crm_contacts_email') return new AppError('contact_email_taken', 'another contact of this tenant has that email address');
  if (e.code === '23503' && e.constraint === 'crm_contacts_tenant_id_owner_id_fkey') return new AppError('user_not_found', 'the owner is not a user of this tenant');
  if (e.code === '23514' && e.constraint === 'crm_contacts_check') return new AppError('contact_empty', 'a contact needs at least one of: a first or last name, an email, a phone number or a company');
  return undefined;
}

/** A refused row leaves the caller's transaction usable (an import goes on), with the refusal in words. */
const guarded = <T>(tx: Queryable, write: () => Promise<T>): Promise<T> => inSavepoint(tx, write, fromConstraint);

const actorOf = (actor: Actor) => ({ actorKind: actor.kind, actorId: actor.userId });

export async function createContactIn(tx: Queryable, actor: Actor, tenantId: string, values: ContactValues) {
  const row = await guarded(tx, () => store.insertContact(tx, tenantId, values));
  await store.insertTransition(tx, tenantId, row.id, { from: null, to: row.status, ...actorOf(actor), note: null });
  await recordAudit(tx, actor, tenantId, 'crm.contact_created', { type: 'contact', id: row.id });
  await appendEvent(tx, tenantId, { type: 'crm.contact.created', subject: { type: 'contact', id: row.id }, actor: eventActor(actor), payload: { contact_id: row.id, status: row.status, source: row.source } });
  return present(row);
}

export async function createContact(ctx: Context, actor: Actor, tenantId: string, values: ContactValues) {
  return withTenant(ctx.db.app, tenantId, (tx) => createContactIn(tx, actor, tenantId, values));
}

async function mustFind(tx: Queryable, tenantId: string, id: string, lock = false): Promise<ContactRow> {
  const row = await store.findContact(tx, tenantId, id, { lock });
  if (!row) throw new AppError('contact_not_found', `no contact with id ${id} in this tenant`);
  return row;
}

/** A contact with its history of statuses. */
export async function getContact(ctx: Context, tenantId: string, id: string) {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const row = await mustFind(tx, tenantId, id);
    const history = await store.listTransitions(tx, tenantId, id);
    return { ...present(row), history: history.map((t) => ({ ...t, created_at: t.created_at.toISOString() })) };
  });
}

export async function listContacts(ctx: Context, tenantId: string, filter: store.ContactFilter, query: PageQuery) {
  const spec: ListSpec<ContactRow> = { list: 'crm_contacts', scope: [tenantId, filter.status, filter.ownerId, filter.q], keyPattern: UUID_KEY, key: (row) => row.id };
  const page = await withTenant(ctx.db.app, tenantId, (tx) =>
    readPage(spec, query, {
      rows: (start, fetch) => store.listContacts(tx, tenantId, filter, start, fetch),
      count: (cap) => store.countContacts(tx, tenantId, filter, cap),
      exists: (id) => store.contactExists(tx, tenantId, id),
    }),
  );
  return mapPage(page, present);
}

export async function updateContact(ctx: Context, actor: Actor, tenantId: string, id: string, values: ContactValues) {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    await mustFind(tx, tenantId, id, true);
    const row = await guarded(tx, () => store.updateContact(tx, tenantId, id, values));
    await recordAudit(tx, actor, tenantId, 'crm.contact_updated', { type: 'contact', id }, { fields: Object.keys(values) });
    return present(row);
  });
}

/**
 * Moves the contact to `to` in the caller's transaction, holding its row lock, if the pipeline allows
 * it from where the contact stands: by hand (staff) or by the system (provisioning, completion).
 */
export async function moveContactIn(tx: Queryable, actor: Actor, tenantId: string, id: string, to: ContactStatus, options: MoveOptions = {}) {
  return moveLockedIn(tx, actor, tenantId, await mustFind(tx, tenantId, id, true), to, options);
}

interface MoveOptions {
  note?: string | null | undefined;
  bySystem?: boolean;
  userId?: string;
}

/** moveContactIn for a contact the caller has read under its row lock already (provisioning does). */
async function moveLockedIn(tx: Queryable, actor: Actor, tenantId: string, row: ContactRow, to: ContactStatus, options: MoveOptions) {
  const allowed = (options.bySystem ? BY_SYSTEM : BY_HAND)[row.status] ?? [];
  if (!allowed.includes(to)) {
    const byHand = BY_HAND[row.status];
    throw new AppError('contact_transition_refused', `a ${row.status} contact cannot be moved to ${to}${options.bySystem ? '' : `; by hand it can go to ${byHand.length ? byHand.join(' or ') : 'nowhere'}`}`);
  }
  const moved = await store.moveContact(tx, tenantId, row.id, { from: row.status, to, userId: options.userId, ...actorOf(actor), note: options.note ?? null });
  await recordAudit(tx, actor, tenantId, 'crm.contact_moved', { type: 'contact', id: row.id }, { from: row.status, to });
  await appendEvent(tx, tenantId, { type: 'crm.contact.moved', subject: { type: 'contact', id: row.id }, actor: eventActor(actor), payload: { contact_id: row.id, from: row.status, to, note: options.note ?? null, user_id: moved.user_id } });
  return present(moved);
}

export async function moveContact(ctx: Context, actor: Actor, tenantId: string, id: string, to: ContactStatus, note: string | null | undefined) {
  await withTenant(ctx.db.app, tenantId, (tx) => moveContactIn(tx, actor, tenantId, id, to, { note }));
  return getContact(ctx, tenantId, id);
}

const validRow = compileBodyValidator(contactInput);
const KNOWN = new Set(Object.keys(contactInput.properties).filter((name) => name !== 'custom'));
/** "First Name" and "first-name" are first_name. */
const columnName = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/**
 * Imports contacts from CSV with a header row: known columns (first_name, email, …; any case, spaces
 * for underscores) fill their fields, any other column becomes a custom field. Each row is created or
 * refused on its own — the answer lists every refused row with why — all in one transaction.
 */
export async function importContacts(ctx: Context, actor: Actor, tenantId: string, csv: string) {
  let records: string[][];
  try {
    records = parseCsv(csv);
  } catch (error) {
    if (error instanceof CsvError) throw new AppError('csv_invalid', `the CSV could not be read: ${error.message}`);
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) throw new AppError('csv_invalid', 'the CSV is empty: it needs a header row naming its columns');
  if (rows.length > IMPORT_MAX_ROWS) throw new AppError('csv_invalid', `an import takes at most ${IMPORT_MAX_ROWS} rows; this CSV has ${rows.length}`);
  const columns = header.map(columnName);
  if (new Set(columns).size !== columns.length) throw new AppError('csv_invalid', 'the header row names a column twice');
  if (columns.some((c) => !/^[a-z][a-z0-9_]{0,63}$/.test(c))) throw new AppError('csv_invalid', 'each column name must start with a letter and hold letters, digits and underscores');
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const created: string[] = [];
    const errors: { row: number; errors: string[] }[] = [];
    for (const [index, record] of rows.entries()) {
      // the row as its line in the file: the header is line 1
      const line = index + 2;
      const values: Record<string, unknown> = { custom: {} };
      for (const [i, column] of columns.entries()) {
        const cell = record[i]?.trim() ?? '';
        if (cell === '') continue;
        if (KNOWN.has(column)) values[column] = cell;
        else (values.custom as Record<string, string>)[column] = cell;
      }
      // a line of empty fields is a blank line, as spreadsheets write them
      if (record.every((cell) => cell.trim() === '')) continue;
      if (record.length > columns.length) {
        errors.push({ row: line, errors: [`has ${record.length} fields; the header names ${columns.length}`] });
        continue;
      }
      if (!validRow(values)) {
        errors.push({ row: line, errors: (validRow.errors ?? []).map((e) => `${e.instancePath.slice(1) || 'row'} ${e.message}`) });
        continue;
      }
      try {
        created.push((await createContactIn(tx, actor, tenantId, values as ContactValues)).id);
      } catch (error) {
        if (error instanceof AppError) errors.push({ row: line, errors: [error.message] });
        else throw error;
      }
    }
    await recordAudit(tx, actor, tenantId, 'crm.contacts_imported', undefined, { created: created.length, refused: errors.length });
    return { imported: created.length, refused: errors.length, ids: created, errors };
  });
}

/** Why a contact cannot be approved into an account, checked under its row lock. */
function refuseProvisioning(contact: ContactRow): void {
  if (contact.user_id) throw new AppError('account_exists', `the contact already has an account (user ${contact.user_id})`, { extra: { user_id: contact.user_id } });
  if (contact.status !== 'qualified') throw new AppError('contact_not_qualified', `the contact is ${contact.status}; only a qualified contact can be approved into an account`);
  if (!contact.email) throw new AppError('contact_unreachable', 'the contact has no email address for its account and welcome email');
}

/**
 * Approve & create account (issue 13 §2), in one transaction holding the contact's row lock: a user
 * with a generated temporary password (argon2id, to be changed at first sign-in) and the welcome email
 * that carries it (the user-created hooks, through the tenant's email channel, masked in the stored
 * copy), the contact linked to the user and moved to onboarding. A contact that has its account, or
 * whose email a user of the tenant has already, gets nothing new: 409 account_exists names that user,
 * for a double click and for ten concurrent approvals alike. The password is in no answer or log.
 */
export async function provisionContact(ctx: Context, actor: Actor, tenantId: string, id: string): Promise<{ user_id: string; email: string }> {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    // concurrent approvals of the contact wait here, and find it provisioned: one password is hashed
    const contact = await mustFind(tx, tenantId, id, true);
    refuseProvisioning(contact);
    const email = contact.email!;
    const existing = await findUserByEmailIn(tx, tenantId, email);
    if (existing) throw new AppError('account_exists', `a user of this tenant already has the email ${email} (user ${existing.id})`, { extra: { user_id: existing.id } });
    const temporaryPassword = generateTemporaryPassword();
    const passwordHash = await hashPassword(temporaryPassword, actor.ip ?? null);
    const user = await createUserIn(ctx, tx, actor, { tenantId, email, role: 'member', passwordHash, mustChange: true, temporaryPassword });
    await moveLockedIn(tx, actor, tenantId, contact, 'onboarding', { bySystem: true, userId: user.id, note: 'account provisioned' });
    await recordAudit(tx, actor, tenantId, 'crm.contact_provisioned', { type: 'contact', id }, { user_id: user.id });
    await appendEvent(tx, tenantId, { type: 'onboarding.account.provisioned', subject: { type: 'contact', id }, actor: eventActor(actor), payload: { contact_id: id, user_id: user.id, email } });
    return { user_id: user.id, email };
  });
}

/** Approves each contact on its own, in order; the answer says what happened to each. */
export async function provisionContacts(ctx: Context, actor: Actor, tenantId: string, ids: readonly string[]) {
  const results = [];
  for (const id of ids) {
    try {
      results.push({ id, outcome: 'created', ...(await provisionContact(ctx, actor, tenantId, id)) });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({ id, outcome: error.code, detail: error.message, ...(error.extra?.user_id ? { user_id: error.extra.user_id } : {}) });
    }
  }
  return { results };
}

/** A contact of the tenant in the caller's transaction, as the API shows it; undefined when there is none. */
export async function findContactIn(tx: Queryable, tenantId: string, id: string) {
  const row = await store.findContact(tx, tenantId, id);
  return row && present(row);
}

/**
 * The activity feed (issue 13 §4): the tenant's events newest first — every contact's moves, approvals
 * and provisioning, and what its account did and was sent. For a contact, the events about it and
 * those concerning its account; for a user, the events about or concerning them.
 */
export async function listFeed(ctx: Context, tenantId: string, filter: { contactId?: string | undefined; userId?: string | undefined; type?: string | undefined; since?: string | undefined }, query: PageQuery) {
  let about: { subject: { type: string; id: string }; userId: string | null } | undefined;
  if (filter.contactId) {
    const contact = await withTenant(ctx.db.app, tenantId, (tx) => store.findContact(tx, tenantId, filter.contactId!));
    if (!contact) throw new AppError('contact_not_found', `no contact with id ${filter.contactId} in this tenant`);
    about = { subject: { type: 'contact', id: contact.id }, userId: filter.userId ?? contact.user_id };
  } else if (filter.userId) {
    about = { subject: { type: 'user', id: filter.userId }, userId: filter.userId };
  }
  return listEvents(ctx, tenantId, { type: filter.type, since: filter.since, about }, query);
}
