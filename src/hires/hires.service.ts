/**
 * Hires and the documents each must sign before their corporate account is provisioned (issue 14).
 * The tenant says which document kinds are required and which domain addresses are made in
 * (hire settings); a document is registered by its e-sign envelope, and the e-sign webhooks move it
 * along sent → delivered → completed (or declined, voided).
 */
import { randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import type { Queryable } from '../db/pool.ts';
import { inSavepoint, withTenant } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import { recordAudit, type Actor } from '../audit/audit.service.ts';
import { mapPage, readPage, UUID_KEY, type ListSpec, type PageQuery } from '../http/pagination.ts';
import { findContactIn } from '../crm/crm.service.ts';
import { appendEvent, eventActor } from '../events/events.service.ts';
import { activeIntegration, openCredentials } from '../integrations/integrations.service.ts';
import { createDropboxSignSender, type DropboxSignCredentials } from '../providers/esign/dropbox-sign.ts';
import { createDocuSignSender, docusignSendingMissing, type DocuSignSendingCredentials } from '../providers/esign/docusign.ts';
import { ProviderError } from '../providers/types.ts';
import * as store from './hires.store.ts';
import type { DocumentRow, EsignProvider, HireRow, HireSettingsRow, HireStatus } from './hires.store.ts';

const iso = (date: Date | null) => date?.toISOString() ?? null;

function presentSettings(row: HireSettingsRow | undefined) {
  return { document_kinds: row?.document_kinds ?? [], email_domain: row?.email_domain ?? null, sign_in_url: row?.sign_in_url ?? null, updated_at: iso(row?.updated_at ?? null) };
}

export async function getHireSettings(ctx: Context, tenantId: string) {
  return presentSettings(await withTenant(ctx.db.app, tenantId, (tx) => store.findSettings(tx, tenantId)));
}

export async function putHireSettings(ctx: Context, actor: Actor, tenantId: string, settings: Omit<HireSettingsRow, 'updated_at'>) {
  const keys = settings.document_kinds.map((kind) => kind.key);
  if (new Set(keys).size !== keys.length) throw new AppError('validation_failed', 'each document kind key may appear once');
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const row = await store.putSettings(tx, tenantId, { ...settings, email_domain: settings.email_domain?.toLowerCase() ?? null });
    await recordAudit(tx, actor, tenantId, 'hires.settings_updated', undefined, { document_kinds: keys, email_domain: row.email_domain });
    return presentSettings(row);
  });
}

function presentHire(row: HireRow) {
  return { ...row, created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString() };
}

function presentDocument(row: DocumentRow) {
  return { ...row, completed_at: iso(row.completed_at), updated_at: row.updated_at.toISOString() };
}

export interface HireInput {
  readonly first_name?: string | undefined;
  readonly last_name?: string | undefined;
  readonly personal_email?: string | undefined;
  readonly phone?: string | null | undefined;
  readonly role?: string | null | undefined;
  /** A CRM contact the hire comes from: its names, email and phone fill what the input leaves out. */
  readonly contact_id?: string | undefined;
}

export async function createHire(ctx: Context, actor: Actor, tenantId: string, input: HireInput) {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const contact = input.contact_id ? await findContactIn(tx, tenantId, input.contact_id) : undefined;
    if (input.contact_id && !contact) throw new AppError('contact_not_found', `no contact with id ${input.contact_id} in this tenant`);
    const hire = {
      first_name: input.first_name ?? contact?.first_name ?? null,
      last_name: input.last_name ?? contact?.last_name ?? null,
      personal_email: input.personal_email ?? contact?.email ?? null,
      phone: input.phone !== undefined ? input.phone : (contact?.phone ?? null),
      role: input.role ?? null,
      contact_id: input.contact_id ?? null,
    };
    const missing = (['first_name', 'last_name', 'personal_email'] as const).filter((field) => !hire[field]);
    if (missing.length) throw new AppError('validation_failed', `a hire needs ${missing.join(', ')}${contact ? ' (the contact has none to give)' : ''}`);
    const row = await store.insertHire(tx, tenantId, hire as Parameters<typeof store.insertHire>[2]);
    await recordAudit(tx, actor, tenantId, 'hire.created', { type: 'hire', id: row.id }, { contact_id: row.contact_id });
    await appendEvent(tx, tenantId, { type: 'hire.created', subject: { type: 'hire', id: row.id }, actor: eventActor(actor), payload: { hire_id: row.id, contact_id: row.contact_id } });
    return presentHire(row);
  });
}

export async function listHires(ctx: Context, tenantId: string, status: HireStatus | undefined, query: PageQuery) {
  const spec: ListSpec<HireRow> = { list: 'hires', scope: [tenantId, status], keyPattern: UUID_KEY, key: (row) => row.id };
  const page = await withTenant(ctx.db.app, tenantId, (tx) =>
    readPage(spec, query, {
      rows: (start, fetch) => store.listHires(tx, tenantId, status, start, fetch),
      count: (cap) => store.countHires(tx, tenantId, status, cap),
      exists: (id) => store.hireExists(tx, tenantId, id),
    }),
  );
  return mapPage(page, presentHire);
}

async function mustFind(tx: Queryable, tenantId: string, id: string, lock = false): Promise<HireRow> {
  const row = await store.findHire(tx, tenantId, id, { lock });
  if (!row) throw new AppError('hire_not_found', `no hire with id ${id} in this tenant`);
  return row;
}

/** A hire with its documents, and the required kinds it has no completed document of yet. */
async function detail(tx: Queryable, tenantId: string, row: HireRow) {
  const [documents, settings] = [await store.listDocuments(tx, tenantId, row.id), await store.findSettings(tx, tenantId)];
  const completed = new Set(documents.filter((d) => d.status === 'completed').map((d) => d.kind));
  return { ...presentHire(row), documents: documents.map(presentDocument), documents_missing: (settings?.document_kinds ?? []).map((k) => k.key).filter((key) => !completed.has(key)) };
}

export async function getHire(ctx: Context, tenantId: string, id: string) {
  return withTenant(ctx.db.app, tenantId, async (tx) => detail(tx, tenantId, await mustFind(tx, tenantId, id)));
}

/**
 * Registers the envelope the hire signs a document kind in, so the provider's webhooks find it; a
 * document sent again replaces the kind's earlier envelope, unless that one is completed.
 */
export async function registerDocument(ctx: Context, actor: Actor, tenantId: string, hireId: string, input: { kind: string; provider: EsignProvider; envelope_id: string }) {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const hire = await mustFind(tx, tenantId, hireId, true);
    await putDocumentIn(tx, tenantId, hireId, input);
    await recordAudit(tx, actor, tenantId, 'hire.document_registered', { type: 'hire', id: hireId }, { kind: input.kind, provider: input.provider, envelope_id: input.envelope_id });
    return detail(tx, tenantId, hire);
  });
}

async function requiredKind(tx: Queryable, tenantId: string, kind: string) {
  const kinds = (await store.findSettings(tx, tenantId))?.document_kinds ?? [];
  const found = kinds.find((k) => k.key === kind);
  if (!found) throw new AppError('document_kind_unknown', `${JSON.stringify(kind)} is not a required document kind here; the hire settings name ${kinds.map((k) => k.key).join(', ') || 'none yet'}`);
  return found;
}

async function putDocumentIn(tx: Queryable, tenantId: string, hireId: string, input: { kind: string; provider: EsignProvider; envelope_id: string }) {
  await requiredKind(tx, tenantId, input.kind);
  const row = await inSavepoint(
    tx,
    () => store.putDocument(tx, tenantId, hireId, { kind: input.kind, provider: input.provider, envelopeId: input.envelope_id }),
    (error) => ((error as { constraint?: string }).constraint === 'hire_documents_tenant_id_provider_envelope_id_key' ? new AppError('envelope_taken', `${input.provider} envelope ${input.envelope_id} belongs to another hire`) : undefined),
  );
  if (!row) throw new AppError('document_completed', `the hire's ${input.kind} is completed already`);
}

export interface SendDocumentInput {
  readonly kind: string;
  /** The provider's template the document is made from. */
  readonly template_id: string;
  /** The template's signer role the hire signs as (case sensitive, as in the template). */
  readonly signer_role: string;
  /** Dropbox Sign's test mode (not legally binding); DocuSign's is its demo environment. */
  readonly test_mode?: boolean | undefined;
}

const PROVIDER_NAMES: Record<EsignProvider, string> = { docusign: 'DocuSign', dropbox_sign: 'Dropbox Sign' };

/**
 * Sends one of the hire's documents from Embark (issue 14 §2) through the tenant's e-sign integration:
 * a Dropbox Sign signature request, or a DocuSign envelope, from the tenant's template to the hire's
 * personal address, then registers it like any other envelope. It carries the hire and the kind
 * (Dropbox Sign metadata, DocuSign text custom fields), which every callback repeats, so a crash
 * between the send and the registration still leaves a document its callbacks find.
 *
 * Idempotent per kind: the kind is reserved in the database in one statement before the provider is
 * called (store.reserveDocumentSend), so a double click, a retry after a timeout or concurrent calls
 * send it once. A kind already sent or delivered answers the hire as it is, sending nothing; one
 * being sent by another request right now is 409 `document_sending`; only a declined or voided
 * document is sent again. A send the provider refused or could not take releases the reservation.
 */
export async function sendDocument(ctx: Context, actor: Actor, tenantId: string, hireId: string, input: SendDocumentInput) {
  const placeholder = `${store.SENDING_PREFIX}${randomUUID()}`;
  const reserved = await withTenant(ctx.db.app, tenantId, async (tx) => {
    const found = await mustFind(tx, tenantId, hireId, true);
    const kind = await requiredKind(tx, tenantId, input.kind);
    const integration = await activeIntegration(tx, tenantId, 'esign');
    if (!integration || !integration.enabled) {
      throw new AppError('esign_cannot_send', `cannot send documents from Embark: ${integration ? `the ${integration.provider} integration is disabled` : 'no e-sign integration is set up'}`);
    }
    const opened = openCredentials(ctx, tenantId, 'esign', integration.provider, integration.credentials_encrypted);
    const missing = integration.provider === 'docusign' ? docusignSendingMissing(opened as DocuSignSendingCredentials) : [];
    if (missing.length) {
      throw new AppError('esign_cannot_send', `the DocuSign integration only receives Connect events: to send from Embark it needs ${missing.join(', ')} (an eSignature API app with JWT grant); or register envelopes sent from DocuSign with POST /api/v1/hires/:id/documents`);
    }
    const provider = integration.provider as EsignProvider;
    if (!(await store.reserveDocumentSend(tx, tenantId, hireId, input.kind, provider, placeholder))) {
      const current = (await store.listDocuments(tx, tenantId, hireId)).find((d) => d.kind === input.kind);
      if (current?.status === 'completed') throw new AppError('document_completed', `the hire's ${input.kind} is completed already`);
      if (current?.envelope_id.startsWith(store.SENDING_PREFIX)) throw new AppError('document_sending', `the hire's ${input.kind} is being sent by another request right now; look at the hire again in a moment`);
      // sent or delivered already: the same answer as the send that did it, and nothing is sent again
      return { done: await detail(tx, tenantId, found) };
    }
    return { hire: found, title: kind.label, provider, credentials: opened };
  });
  if ('done' in reserved) return reserved.done;
  const { hire, title, provider, credentials } = reserved;
  const name = PROVIDER_NAMES[provider];
  const tags = { embark_hire_id: hire.id, embark_document_kind: input.kind };
  const signer = { name: `${hire.first_name} ${hire.last_name}`, email: hire.personal_email };
  let envelopeId: string;
  try {
    envelopeId =
      provider === 'dropbox_sign'
        ? (await createDropboxSignSender(credentials as unknown as DropboxSignCredentials).sendWithTemplate({ templateIds: [input.template_id], signers: [{ role: input.signer_role, name: signer.name, emailAddress: signer.email }], metadata: tags, title, testMode: input.test_mode }))
            .signatureRequestId
        : (await createDocuSignSender(credentials as DocuSignSendingCredentials).sendFromTemplate({ templateId: input.template_id, signer: { roleName: input.signer_role, ...signer }, customFields: tags, emailSubject: `Please sign: ${title}` })).envelopeId;
  } catch (error) {
    // the provider sent nothing (or said so): the kind may be sent again
    await withTenant(ctx.db.app, tenantId, (tx) => store.releaseDocumentSend(tx, tenantId, hireId, input.kind, placeholder));
    if (!(error instanceof ProviderError)) throw error;
    if (error.retryable) throw new AppError('esign_unavailable', `${name} could not take the request now: ${error.message}`, { cause: error, ...(error.retryAfterSeconds ? { headers: { 'retry-after': String(error.retryAfterSeconds) } } : {}) });
    throw new AppError('esign_send_refused', `${name} refused to send the ${title}: ${error.message}`, { cause: error });
  }
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const current = await mustFind(tx, tenantId, hireId, true);
    await store.recordDocumentSent(tx, tenantId, hireId, input.kind, placeholder, envelopeId);
    await recordAudit(tx, actor, tenantId, 'hire.document_sent', { type: 'hire', id: hireId }, { kind: input.kind, provider, envelope_id: envelopeId, template_id: input.template_id, test_mode: input.test_mode === true });
    return detail(tx, tenantId, current);
  });
}
