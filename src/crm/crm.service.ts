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
import { generateTemporaryPassword, hashPassword } from '../identities/passwords.ts';
import { sealSecretVariables } from '../messaging/messages.service.ts';
import { definedKeys, signupSettingsIn } from '../onboarding/signup-settings.service.ts';
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

/** moveContactIn for a contact the caller has read under its row lock already. */
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
function refuseProvisioning(contact: store.ProvisioningRow): void {
  if (contact.user_id) throw new AppError('account_exists', `the contact already has an account (user ${contact.user_id})`, { extra: { user_id: contact.user_id } });
  if (contact.status !== 'qualified') throw new AppError('contact_not_qualified', `the contact is ${contact.status}; only a qualified contact can be approved into an account`);
  if (!contact.email) throw new AppError('contact_unreachable', 'the contact has no email address for its account and welcome email');
  if (contact.existing_user_id) throw new AppError('account_exists', `a user of this tenant already has the email ${contact.email} (user ${contact.existing_user_id})`, { extra: { user_id: contact.existing_user_id } });
  // the signup settings changed since the mapping was saved: a user with no such role would get no checklists of its own
  const defined = definedKeys(contact.signup_roles, contact.signup_modes);
  const stale = [contact.app_role !== null && !defined.roles.has(contact.app_role) ? `application role ${JSON.stringify(contact.app_role)}` : '', contact.signup_mode !== null && !defined.modes.has(contact.signup_mode) ? `signup mode ${JSON.stringify(contact.signup_mode)}` : ''].filter(Boolean);
  if (stale.length) throw new AppError('crm_settings_outdated', `the CRM settings map contacts to the ${stale.join(' and the ')}, which the signup settings no longer define; a tenant admin fixes them in the CRM settings`);
}

/**
 * Approve & create account (issue 13 §2), in one transaction holding the contact's row lock: a user
 * with a generated temporary password (argon2id, to be changed at first sign-in) and the access role,
 * app role and signup mode the tenant maps contacts to (crm settings; its onboarding progress is that
 * role's checklists), the welcome email that carries the password (through the tenant's email
 * channel, masked in the stored copy), the contact linked to the user and moved to onboarding. A
 * contact that has its account, or whose email a user of the tenant has already, gets nothing new:
 * 409 account_exists names that user, for a double click and for ten concurrent approvals alike. The
 * password is in no answer or log. Four round trips: begin, the locked read, the hash (none), the
 * writes in one statement (sql/functions/crm_provision_contact.sql), commit.
 */
export async function provisionContact(ctx: Context, actor: Actor, tenantId: string, id: string): Promise<{ user_id: string; email: string }> {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    // concurrent approvals of the contact wait here, and find it provisioned: one password is hashed
    const contact = await store.lockForProvisioning(tx, tenantId, id);
    if (!contact) throw new AppError('contact_not_found', `no contact with id ${id} in this tenant`);
    refuseProvisioning(contact);
    const email = contact.email!;
    const temporaryPassword = generateTemporaryPassword();
    const passwordHash = await hashPassword(temporaryPassword, actor.ip ?? null);
    let userId: string | undefined;
    try {
      userId = await store.provisionContact(tx, tenantId, {
        contactId: id,
        email,
        accessRole: contact.access_role,
        appRole: contact.app_role,
        signupMode: contact.signup_mode,
        passwordHash,
        // the user-created hook's welcome email (src/messaging/user-hooks.ts), written by the same statement
        sealedSecrets: sealSecretVariables(ctx, tenantId, { temporary_password: temporaryPassword }),
        keepRevealable: ctx.config.outboxRevealSecrets,
        actor: { user_id: actor.userId, kind: actor.kind, impersonating: actor.impersonating, request_id: actor.requestId ?? null, ip: actor.ip ?? null },
        eventActor: { ...eventActor(actor) },
      });
    } catch (error) {
      // a user with the email arrived by another way (a signup) since the locked read
      if ((error as { constraint?: string }).constraint === 'users_tenant_email_key') throw new AppError('email_taken', `a user with email ${email} already exists here`);
      throw error;
    }
    // the row lock held since the read: nothing else can have moved the contact
    if (!userId) throw new Error(`provisioning contact ${id}: the locked contact was no longer qualified`);
    return { user_id: userId, email };
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

// ---- the role contacts are provisioned with ------------------------------------------------------

export interface CrmSettings {
  access_role: store.ProvisionedAccessRole;
  app_role: string | null;
  signup_mode: string | null;
  updated_at: string | null;
}

function presentSettings(row: store.CrmSettingsRow | undefined): CrmSettings {
  return { access_role: row?.access_role ?? 'member', app_role: row?.app_role ?? null, signup_mode: row?.signup_mode ?? null, updated_at: row?.updated_at.toISOString() ?? null };
}

/** What an approved contact becomes (the defaults until saved: a member, the app role and mode any new user gets). */
export async function getCrmSettings(ctx: Context, tenantId: string): Promise<CrmSettings> {
  return withTenant(ctx.db.app, tenantId, async (tx) => presentSettings(await store.findCrmSettings(tx, tenantId)));
}

/**
 * Replaces what an approved contact becomes: its access role, and the app role and signup mode its
 * onboarding starts with (which decide its checklists), each checked against the tenant's signup
 * settings; audited in the same transaction.
 */
export async function putCrmSettings(ctx: Context, actor: Actor, tenantId: string, body: { access_role: store.ProvisionedAccessRole; app_role: string | null; signup_mode: string | null }): Promise<CrmSettings> {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const signup = await signupSettingsIn(tx, tenantId);
    const defined = definedKeys(signup.roles, signup.modes);
    if (body.app_role !== null && !defined.roles.has(body.app_role)) {
      throw new AppError('crm_role_unknown', `the signup settings define no application role ${JSON.stringify(body.app_role)}; they define ${[...defined.roles].join(', ')}`);
    }
    if (body.signup_mode !== null && !defined.modes.has(body.signup_mode)) {
      throw new AppError('crm_mode_unknown', `the signup settings define no signup mode ${JSON.stringify(body.signup_mode)}; ${defined.modes.size ? `they define ${[...defined.modes].join(', ')}` : 'they define none'}`);
    }
    const row = await store.upsertCrmSettings(tx, tenantId, body);
    await recordAudit(tx, actor, tenantId, 'crm.settings_updated', { type: 'tenant', id: tenantId }, { access_role: row.access_role, app_role: row.app_role, signup_mode: row.signup_mode });
    return presentSettings(row);
  });
}
