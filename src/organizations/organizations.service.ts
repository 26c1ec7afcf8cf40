/**
 * Organisations inside a tenant: the companies a tenant's users work for, whose onboarding can progress
 * together. A user belongs to at most one; a signup that names one gets a new organisation of its own
 * (sql/functions/initialize_user_onboarding.sql), and admins or the tenant's app move users between them.
 * Each writing function has a form that runs in the caller's transaction (…In), so an organisation can
 * commit together with the user or contact that brought it.
 */
import type { Context } from '../context.ts';
import type { Queryable } from '../db/pool.ts';
import { inSavepoint, withTenant } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import { recordAudit, type Actor } from '../audit/audit.service.ts';
import { mapPage, readPage, UUID_KEY, type ListSpec, type PageQuery } from '../http/pagination.ts';
import { findUserById } from '../identities/users.service.ts';
import { appendEvent, eventActor } from '../events/events.service.ts';
import * as store from './organizations.store.ts';
import type { MemberRole, OrganizationRow } from './organizations.store.ts';

function present(row: OrganizationRow) {
  return { id: row.id, name: row.name, external_id: row.external_id, created_by: row.created_by, member_count: row.member_count, created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString() };
}

function externalIdTaken(error: unknown, externalId: string | null | undefined): AppError | undefined {
  const e = error as { code?: string; constraint?: string };
  if (e.code === '23505' && e.constraint === 'organizations_external_id') return new AppError('external_id_taken', `another organisation of this tenant has the external_id ${JSON.stringify(externalId)}`);
  return undefined;
}

export interface OrganizationInput {
  readonly name: string;
  readonly external_id?: string | null | undefined;
}

/** Creates an organisation in the caller's transaction, with its audit entry. */
export async function createOrganizationIn(tx: Queryable, actor: Actor, tenantId: string, input: OrganizationInput) {
  const row = await inSavepoint(
    tx,
    // a global admin acting in the tenant is no user of it: no creator then
    () => store.insertOrganization(tx, tenantId, { name: input.name, externalId: input.external_id ?? null, createdBy: actor.impersonating ? null : actor.userId }),
    (error) => externalIdTaken(error, input.external_id),
  );
  await recordAudit(tx, actor, tenantId, 'organization.created', { type: 'organization', id: row.id }, { name: row.name, external_id: row.external_id });
  await appendEvent(tx, tenantId, { type: 'organization.created', subject: { type: 'organization', id: row.id }, actor: eventActor(actor), payload: { organization_id: row.id, name: row.name, external_id: row.external_id } });
  return present(row);
}

export async function createOrganization(ctx: Context, actor: Actor, tenantId: string, input: OrganizationInput) {
  return withTenant(ctx.db.app, tenantId, (tx) => createOrganizationIn(tx, actor, tenantId, input));
}

/** The tenant's organisations, oldest first, a page at a time; filter by the app's external_id or a part of the name. */
export async function listOrganizations(ctx: Context, tenantId: string, filter: store.OrganizationFilter, query: PageQuery) {
  const spec: ListSpec<OrganizationRow> = { list: 'organizations', scope: [tenantId, filter.externalId, filter.name], keyPattern: UUID_KEY, key: (row) => row.id };
  const page = await withTenant(ctx.db.app, tenantId, (tx) =>
    readPage(spec, query, {
      rows: (start, fetch) => store.listOrganizations(tx, tenantId, filter, start, fetch),
      count: (cap) => store.countOrganizations(tx, tenantId, filter, cap),
      exists: (id) => store.organizationExists(tx, tenantId, id),
    }),
  );
  return mapPage(page, present);
}

async function mustFind(tx: Queryable, tenantId: string, id: string, lock = false): Promise<OrganizationRow> {
  const row = await store.findOrganization(tx, tenantId, id, { lock });
  if (!row) throw new AppError('organization_not_found', `no organisation with id ${id} in this tenant`);
  return row;
}

async function withMembers(tx: Queryable, tenantId: string, row: OrganizationRow) {
  const members = await store.listMembers(tx, tenantId, row.id);
  return { ...present(row), members: members.map((m) => ({ user_id: m.user_id, email: m.email, role: m.role, joined_at: m.joined_at.toISOString() })) };
}

/** An organisation with its members. */
export async function getOrganization(ctx: Context, tenantId: string, id: string) {
  return withTenant(ctx.db.app, tenantId, async (tx) => withMembers(tx, tenantId, await mustFind(tx, tenantId, id)));
}

export async function updateOrganization(ctx: Context, actor: Actor, tenantId: string, id: string, patch: { name?: string | undefined; external_id?: string | null | undefined }) {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    await mustFind(tx, tenantId, id, true);
    try {
      await store.updateOrganization(tx, tenantId, id, { name: patch.name, externalId: patch.external_id });
    } catch (error) {
      throw externalIdTaken(error, patch.external_id) ?? error;
    }
    await recordAudit(tx, actor, tenantId, 'organization.updated', { type: 'organization', id }, { ...patch });
    return withMembers(tx, tenantId, await mustFind(tx, tenantId, id));
  });
}

/**
 * Deletes the organisation: its members stay users of the tenant, in no organisation, and its row is
 * kept (marked deleted, its external_id free again) for the history that names it. Deleting it again
 * changes nothing.
 */
export async function deleteOrganization(ctx: Context, actor: Actor, tenantId: string, id: string): Promise<void> {
  await withTenant(ctx.db.app, tenantId, async (tx) => {
    const row = await store.findOrganization(tx, tenantId, id, { lock: true });
    if (!row) {
      if (await store.organizationWasDeleted(tx, tenantId, id)) return;
      throw new AppError('organization_not_found', `no organisation with id ${id} in this tenant`);
    }
    for (const member of await store.listMembers(tx, tenantId, id)) {
      await appendEvent(tx, tenantId, { type: 'organization.member_removed', subject: { type: 'organization', id }, actor: eventActor(actor), payload: { organization_id: id, user_id: member.user_id, organization_deleted: true } });
    }
    await store.deleteOrganization(tx, tenantId, id);
    await recordAudit(tx, actor, tenantId, 'organization.deleted', { type: 'organization', id }, { name: row.name, members: row.member_count });
  });
}

/** Puts a user of the tenant in the organisation (moving them out of another), in the caller's transaction. */
export async function putMemberIn(tx: Queryable, actor: Actor, tenantId: string, organizationId: string, userId: string, role: MemberRole): Promise<void> {
  await mustFind(tx, tenantId, organizationId, true);
  const moved = await inSavepoint(
    tx,
    () => store.putMember(tx, tenantId, organizationId, userId, role),
    (error) => ((error as { code?: string }).code === '23503' ? new AppError('user_not_found', `no user with id ${userId} in this tenant`) : undefined),
  );
  await recordAudit(tx, actor, tenantId, 'organization.member_set', { type: 'organization', id: organizationId }, { user_id: userId, role, previous_organization_id: moved.previous });
  await appendEvent(tx, tenantId, { type: 'organization.member_added', subject: { type: 'organization', id: organizationId }, actor: eventActor(actor), payload: { organization_id: organizationId, user_id: userId, role, previous_organization_id: moved.previous } });
}

export async function putMember(ctx: Context, actor: Actor, tenantId: string, organizationId: string, userId: string, role: MemberRole) {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    await putMemberIn(tx, actor, tenantId, organizationId, userId, role);
    return withMembers(tx, tenantId, await mustFind(tx, tenantId, organizationId));
  });
}

/** Takes a user of the tenant out of the organisation; one who is not in it stays out, and nothing is recorded. */
export async function removeMember(ctx: Context, actor: Actor, tenantId: string, organizationId: string, userId: string) {
  if (!(await findUserById(ctx, tenantId, userId))) throw new AppError('user_not_found', `no user with id ${userId} in this tenant`);
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const row = await mustFind(tx, tenantId, organizationId, true);
    if (!(await store.deleteMember(tx, tenantId, organizationId, userId))) return withMembers(tx, tenantId, row);
    await recordAudit(tx, actor, tenantId, 'organization.member_removed', { type: 'organization', id: organizationId }, { user_id: userId });
    await appendEvent(tx, tenantId, { type: 'organization.member_removed', subject: { type: 'organization', id: organizationId }, actor: eventActor(actor), payload: { organization_id: organizationId, user_id: userId } });
    return withMembers(tx, tenantId, await mustFind(tx, tenantId, organizationId));
  });
}

/** The organisation a user of the tenant belongs to, in the caller's transaction. */
export async function organizationOfUser(tx: Queryable, tenantId: string, userId: string) {
  return store.organizationOfUser(tx, tenantId, userId);
}
