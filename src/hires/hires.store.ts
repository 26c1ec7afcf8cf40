import type { Queryable } from '../db/pool.ts';
import { inIndexOrder } from '../db/index-order.ts';
import type { PageStart } from '../http/pagination.ts';

export type HireStatus = 'awaiting_documents' | 'provisioning' | 'provisioned' | 'failed' | 'cancelled';
export type DocumentStatus = 'sent' | 'delivered' | 'completed' | 'declined' | 'voided';
export type EsignProvider = 'docusign' | 'dropbox_sign';

export interface HireSettingsRow {
  document_kinds: { key: string; label: string }[];
  email_domain: string | null;
  sign_in_url: string | null;
  updated_at: Date | null;
}

export interface HireRow {
  id: string;
  first_name: string;
  last_name: string;
  personal_email: string;
  phone: string | null;
  role: string | null;
  contact_id: string | null;
  status: HireStatus;
  corporate_email: string | null;
  run_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface DocumentRow {
  kind: string;
  provider: EsignProvider;
  envelope_id: string;
  status: DocumentStatus;
  completed_at: Date | null;
  updated_at: Date;
}

export async function findSettings(db: Queryable, tenantId: string): Promise<HireSettingsRow | undefined> {
  const { rows } = await db.query('select document_kinds, email_domain, sign_in_url, updated_at from hire_settings where tenant_id = $1', [tenantId]);
  return rows[0];
}

export async function putSettings(db: Queryable, tenantId: string, settings: Omit<HireSettingsRow, 'updated_at'>): Promise<HireSettingsRow> {
  const { rows } = await db.query(
    `insert into hire_settings (tenant_id, document_kinds, email_domain, sign_in_url) values ($1, $2, $3, $4)
     on conflict (tenant_id) do update set document_kinds = excluded.document_kinds, email_domain = excluded.email_domain, sign_in_url = excluded.sign_in_url
     returning document_kinds, email_domain, sign_in_url, updated_at`,
    [tenantId, JSON.stringify(settings.document_kinds), settings.email_domain, settings.sign_in_url],
  );
  return rows[0];
}

const COLUMNS = 'id, first_name, last_name, personal_email, phone, role, contact_id, status, corporate_email, run_id, created_at, updated_at';

export async function insertHire(db: Queryable, tenantId: string, hire: Pick<HireRow, 'first_name' | 'last_name' | 'personal_email' | 'phone' | 'role' | 'contact_id'>): Promise<HireRow> {
  const { rows } = await db.query(`insert into hires (tenant_id, first_name, last_name, personal_email, phone, role, contact_id) values ($1, $2, $3, $4, $5, $6, $7) returning ${COLUMNS}`, [tenantId, hire.first_name, hire.last_name, hire.personal_email, hire.phone, hire.role, hire.contact_id]);
  return rows[0];
}

export async function findHire(db: Queryable, tenantId: string, id: string, options: { lock?: boolean } = {}): Promise<HireRow | undefined> {
  const { rows } = await db.query(`select ${COLUMNS} from hires where tenant_id = $1 and id = $2${options.lock ? ' for update' : ''}`, [tenantId, id]);
  return rows[0];
}

export async function listHires(db: Queryable, tenantId: string, status: HireStatus | undefined, start: PageStart, fetch: number): Promise<HireRow[]> {
  const filter = status ? ' and status = $3' : '';
  const params: unknown[] = status ? [tenantId, fetch, status] : [tenantId, fetch];
  const { rows } = await inIndexOrder(db, () =>
    start.after === undefined
      ? db.query(`select ${COLUMNS} from hires where tenant_id = $1${filter} order by created_at, id limit $2 offset $${params.length + 1}`, [...params, start.offset])
      : db.query(
          `select ${COLUMNS} from hires where tenant_id = $1${filter}
          and (created_at, id) > (select created_at, id from hires where tenant_id = $1 and id = $${params.length + 1})
        order by created_at, id limit $2`,
          [...params, start.after],
        ),
  );
  return rows;
}

export async function countHires(db: Queryable, tenantId: string, status: HireStatus | undefined, cap: number): Promise<number> {
  const { rows } = await db.query(`select count(*)::int as n from (select 1 from hires where tenant_id = $1 and ($2::text is null or status = $2) limit $3) capped`, [tenantId, status ?? null, cap]);
  return rows[0].n;
}

export async function hireExists(db: Queryable, tenantId: string, id: string): Promise<boolean> {
  const { rows } = await db.query('select exists (select 1 from hires where tenant_id = $1 and id = $2) as found', [tenantId, id]);
  return rows[0].found;
}

export async function listDocuments(db: Queryable, tenantId: string, hireId: string): Promise<DocumentRow[]> {
  const { rows } = await db.query('select kind, provider, envelope_id, status, completed_at, updated_at from hire_documents where tenant_id = $1 and hire_id = $2 order by kind', [tenantId, hireId]);
  return rows;
}

/** Registers the hire's envelope for a kind, replacing one that was not completed (a document sent again). */
export async function putDocument(db: Queryable, tenantId: string, hireId: string, doc: { kind: string; provider: EsignProvider; envelopeId: string }): Promise<DocumentRow | undefined> {
  const { rows } = await db.query(
    `insert into hire_documents (tenant_id, hire_id, kind, provider, envelope_id) values ($1, $2, $3, $4, $5)
     on conflict (tenant_id, hire_id, kind) do update set provider = excluded.provider, envelope_id = excluded.envelope_id, status = 'sent', completed_at = null
       where hire_documents.status <> 'completed'
     returning kind, provider, envelope_id, status, completed_at, updated_at`,
    [tenantId, hireId, doc.kind, doc.provider, doc.envelopeId],
  );
  return rows[0];
}

/** Which hire reserved the address, if any. */
export async function addressOwner(db: Queryable, tenantId: string, address: string): Promise<string | undefined> {
  const { rows } = await db.query('select hire_id from hire_addresses where tenant_id = $1 and address = $2', [tenantId, address]);
  return rows[0]?.hire_id;
}

/** Reserves the address for the hire; false when another transaction reserved it first. */
export async function reserveAddress(db: Queryable, tenantId: string, address: string, hireId: string): Promise<boolean> {
  const { rowCount } = await db.query('insert into hire_addresses (tenant_id, address, hire_id) values ($1, $2, $3) on conflict do nothing', [tenantId, address, hireId]);
  return rowCount === 1;
}

export async function releaseAddress(db: Queryable, tenantId: string, address: string, hireId: string): Promise<void> {
  await db.query('delete from hire_addresses where tenant_id = $1 and address = $2 and hire_id = $3', [tenantId, address, hireId]);
}

export async function startProvisioning(db: Queryable, tenantId: string, hireId: string, runId: string): Promise<void> {
  await db.query(`update hires set status = 'provisioning', run_id = $3 where tenant_id = $1 and id = $2`, [tenantId, hireId, runId]);
}

export async function markProvisioned(db: Queryable, tenantId: string, hireId: string, corporateEmail: string): Promise<void> {
  await db.query(`update hires set status = 'provisioned', corporate_email = $3 where tenant_id = $1 and id = $2`, [tenantId, hireId, corporateEmail]);
}

export async function markFailed(db: Queryable, tenantId: string, hireId: string): Promise<void> {
  await db.query(`update hires set status = 'failed' where tenant_id = $1 and id = $2 and status = 'provisioning'`, [tenantId, hireId]);
}

export async function setHireStatus(db: Queryable, tenantId: string, hireId: string, status: HireStatus): Promise<void> {
  await db.query('update hires set status = $3 where tenant_id = $1 and id = $2', [tenantId, hireId, status]);
}

export async function findDocumentByEnvelope(db: Queryable, tenantId: string, provider: EsignProvider, envelopeId: string): Promise<(DocumentRow & { hire_id: string }) | undefined> {
  const { rows } = await db.query('select hire_id, kind, provider, envelope_id, status, completed_at, updated_at from hire_documents where tenant_id = $1 and provider = $2 and envelope_id = $3 for update', [tenantId, provider, envelopeId]);
  return rows[0];
}

export async function setDocumentStatus(db: Queryable, tenantId: string, hireId: string, kind: string, status: DocumentStatus): Promise<void> {
  await db.query(`update hire_documents set status = $4, completed_at = case when $4 = 'completed' then now() else completed_at end where tenant_id = $1 and hire_id = $2 and kind = $3`, [tenantId, hireId, kind, status]);
}

/** The envelope id a kind holds while Embark is sending it: no provider's id looks like it. */
export const SENDING_PREFIX = 'embark-sending:';
/** A reservation older than this is taken to be left by a crash (the send's own timeout is far shorter). */
const STALE_SENDING = '10 minutes';

/**
 * Reserves the kind for one send, in one statement: a kind with no document, or whose document was
 * declined or voided, or whose reservation a crash left behind, gets `placeholder` as its envelope;
 * anything else (sent, delivered, completed, or being sent right now) is left as it is. Answers
 * whether this call holds the reservation.
 */
export async function reserveDocumentSend(db: Queryable, tenantId: string, hireId: string, kind: string, provider: EsignProvider, placeholder: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `insert into hire_documents (tenant_id, hire_id, kind, provider, envelope_id) values ($1, $2, $3, $4, $5)
     on conflict (tenant_id, hire_id, kind) do update set provider = excluded.provider, envelope_id = excluded.envelope_id, status = 'sent', completed_at = null
       where hire_documents.status in ('declined', 'voided')
          or (hire_documents.status = 'sent' and starts_with(hire_documents.envelope_id, '${SENDING_PREFIX}') and hire_documents.updated_at < now() - interval '${STALE_SENDING}')`,
    [tenantId, hireId, kind, provider, placeholder],
  );
  return rowCount === 1;
}

/** Puts the envelope the provider answered in place of this send's reservation (a callback that came first may have already). */
export async function recordDocumentSent(db: Queryable, tenantId: string, hireId: string, kind: string, placeholder: string, envelopeId: string): Promise<void> {
  await db.query('update hire_documents set envelope_id = $5 where tenant_id = $1 and hire_id = $2 and kind = $3 and envelope_id = $4', [tenantId, hireId, kind, placeholder, envelopeId]);
}

/** Drops this send's reservation when the provider sent nothing, so the kind can be sent again. */
export async function releaseDocumentSend(db: Queryable, tenantId: string, hireId: string, kind: string, placeholder: string): Promise<void> {
  await db.query('delete from hire_documents where tenant_id = $1 and hire_id = $2 and kind = $3 and envelope_id = $4', [tenantId, hireId, kind, placeholder]);
}
