/**
 * E-sign webhooks (issue 14 §3): DocuSign Connect and Dropbox Sign tell a tenant's hires' documents
 * along. The tenant is in the URL and must be the one whose e-sign integration signed the request —
 * there is never a fallback tenant. Each receipt is stored before it is acted on and deduplicated by
 * the provider's event identity, in the transaction of its effect. When every required document of a
 * hire is completed, its one provisioning run starts (under the hire's row lock, however many times
 * and in whatever order the events arrive); a document voided or declined before that run's first step
 * cancels it and the hire waits for its documents again.
 */
import type { Context } from '../context.ts';
import { SYSTEM_ACTOR } from '../audit/audit.service.ts';
import type { Queryable } from '../db/pool.ts';
import { withTenant } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import { appendEvent } from '../events/events.service.ts';
import { activeIntegration, openCredentials } from '../integrations/integrations.service.ts';
import { cancelRun, startRun } from '../jobs/runs.ts';
import { findRun, listSteps } from '../jobs/runs.store.ts';
import { dropboxSignPayload, parseDocuSignEvent, parseDropboxSignEvent, type EsignEvent, type EsignProvider } from '../providers/esign/parse.ts';
import { findTenantBySubdomain } from '../tenants/tenants.service.ts';
import { recordReceipt } from '../webhooks/receipts.ts';
import { verifyDocuSignSignature } from '../webhooks/signatures/docusign.ts';
import { verifyDropboxSignEvent } from '../webhooks/signatures/dropbox-sign.ts';
import { isUuid } from '../db/tx.ts';
import { PROVISIONING_RUN } from './provisioning.ts';
import * as store from './hires.store.ts';
import type { DocumentStatus } from './hires.store.ts';

export interface EsignDelivery {
  readonly headers: Record<string, string | string[] | undefined>;
  readonly rawBody: Buffer;
  readonly contentType: string | undefined;
}

/** What became of a delivery: acted on, a duplicate of one acted on, or nothing of the tenant's to act on. */
export type EsignOutcome = 'applied' | 'duplicate' | 'unmatched' | 'ignored';

/**
 * The moves a document makes; an event that arrives late changes nothing. A completed one is final,
 * but for a void that comes before its hire's provisioning run has begun (cancelUnstartedProvisioning).
 */
const NEXT: Readonly<Record<DocumentStatus, readonly DocumentStatus[]>> = {
  sent: ['delivered', 'completed', 'declined', 'voided'],
  delivered: ['completed', 'declined', 'voided'],
  completed: [],
  declined: [],
  voided: [],
};

/** The tenant by the URL's subdomain, with its active e-sign integration of `provider`, credentials opened. */
async function tenantIntegration(ctx: Context, subdomain: string, provider: EsignProvider) {
  const tenant = await findTenantBySubdomain(ctx, subdomain);
  if (!tenant || !tenant.is_active) throw new AppError('tenant_not_found', `no tenant has the subdomain ${JSON.stringify(subdomain)}`);
  const row = await withTenant(ctx.db.app, tenant.id, (tx) => activeIntegration(tx, tenant.id, 'esign'));
  if (!row || row.provider !== provider || !row.enabled) throw new AppError('tenant_unresolved', `this tenant receives no ${provider} events: its e-sign integration is not ${provider}, or is disabled`);
  return { tenantId: tenant.id, credentials: openCredentials(ctx, tenant.id, 'esign', provider, row.credentials_encrypted) };
}

/** Verifies and reads a delivery; a bad signature is refused before anything is stored. */
export async function readEsignDelivery(ctx: Context, subdomain: string, provider: EsignProvider, delivery: EsignDelivery): Promise<{ tenantId: string; event: EsignEvent }> {
  const { tenantId, credentials } = await tenantIntegration(ctx, subdomain, provider);
  if (provider === 'docusign') {
    const keys = [credentials.hmac_key, credentials.hmac_key_2].filter((key): key is string => typeof key === 'string');
    if (!verifyDocuSignSignature(keys, delivery.headers, delivery.rawBody)) throw new AppError('signature_invalid', "no X-DocuSign-Signature-N header signs this body with one of the tenant's Connect HMAC keys");
    const body = JSON.parse(delivery.rawBody.toString('utf8') || 'null') as unknown;
    return { tenantId, event: parseDocuSignEvent(body) };
  }
  const payload = dropboxSignPayload(delivery.contentType, delivery.rawBody);
  if (!verifyDropboxSignEvent(String(credentials.api_key ?? ''), (payload as { event?: object } | null)?.event)) throw new AppError('signature_invalid', "the callback's event_hash is not the one the tenant's API key gives");
  return { tenantId, event: parseDropboxSignEvent(payload) };
}

/**
 * Starts the hire's provisioning run once every required document is completed, holding the hire's row
 * lock: one run, whatever the events' number and order. Answers whether it started one now.
 */
async function maybeStartProvisioning(ctx: Context, tx: Queryable, tenantId: string, hireId: string): Promise<boolean> {
  const hire = await store.findHire(tx, tenantId, hireId, { lock: true });
  if (!hire || hire.status !== 'awaiting_documents') return false;
  const required = ((await store.findSettings(tx, tenantId))?.document_kinds ?? []).map((k) => k.key);
  const completed = new Set((await store.listDocuments(tx, tenantId, hireId)).filter((d) => d.status === 'completed').map((d) => d.kind));
  if (!required.length || !required.every((kind) => completed.has(kind))) return false;
  const runId = await startRun(ctx, tx, tenantId, PROVISIONING_RUN, { hire_id: hireId }, SYSTEM_ACTOR, { type: 'hire', id: hireId });
  await store.startProvisioning(tx, tenantId, hireId, runId);
  await appendEvent(tx, tenantId, { type: 'hire.documents_completed', subject: { type: 'hire', id: hireId }, actor: { kind: 'system' }, payload: { hire_id: hireId, run_id: runId, documents: required } });
  return true;
}

/**
 * A completed document voided while the hire's run has not begun its first step: the run is
 * cancelled and the hire waits for its documents again. Answers whether it was: once the run has
 * begun, the document stays completed and the run goes on.
 */
async function cancelUnstartedProvisioning(tx: Queryable, tenantId: string, hireId: string): Promise<boolean> {
  const hire = await store.findHire(tx, tenantId, hireId, { lock: true });
  if (!hire || hire.status !== 'provisioning' || !hire.run_id) return false;
  const run = await findRun(tx, tenantId, hire.run_id, { lock: true });
  const begun = (await listSteps(tx, tenantId, hire.run_id)).some((s) => s.attempts > 0);
  if (!run || run.state !== 'pending' || begun) return false;
  await cancelRun(tx, tenantId, hire.run_id);
  // after the run's onCancelled: the hire is not cancelled, it waits for the document again
  await store.setHireStatus(tx, tenantId, hireId, 'awaiting_documents');
  return true;
}

/** Stores the receipt and applies the event to the hire's document it names (by envelope, or by the sender's metadata). */
export async function applyEsignEvent(ctx: Context, tenantId: string, event: EsignEvent, delivery: EsignDelivery): Promise<EsignOutcome> {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const receipt = await recordReceipt(tx, { tenantId, provider: event.provider, eventId: event.eventId, eventType: event.eventType, headers: delivery.headers, rawBody: delivery.rawBody });
    if (receipt.duplicate) return 'duplicate';
    if (!event.envelopeId || !event.status) return 'ignored';
    let document = await store.findDocumentByEnvelope(tx, tenantId, event.provider, event.envelopeId);
    if (!document && event.hireId && isUuid(event.hireId) && event.documentKind && (await store.findHire(tx, tenantId, event.hireId))) {
      // the sender put the hire and the kind on the envelope: it is registered by the event itself
      const kinds = (await store.findSettings(tx, tenantId))?.document_kinds ?? [];
      if (kinds.some((k) => k.key === event.documentKind) && (await store.putDocument(tx, tenantId, event.hireId, { kind: event.documentKind, provider: event.provider, envelopeId: event.envelopeId }))) {
        document = await store.findDocumentByEnvelope(tx, tenantId, event.provider, event.envelopeId);
      }
    }
    if (!document) return 'unmatched';
    const voidsCompleted = document.status === 'completed' && event.status === 'voided' && (await cancelUnstartedProvisioning(tx, tenantId, document.hire_id));
    if (!voidsCompleted && !NEXT[document.status].includes(event.status)) return 'applied';
    await store.setDocumentStatus(tx, tenantId, document.hire_id, document.kind, event.status);
    if (event.status === 'completed') await maybeStartProvisioning(ctx, tx, tenantId, document.hire_id);
    return 'applied';
  });
}

export async function receiveEsignWebhook(ctx: Context, subdomain: string, provider: EsignProvider, delivery: EsignDelivery): Promise<EsignOutcome> {
  const { tenantId, event } = await readEsignDelivery(ctx, subdomain, provider, delivery);
  return applyEsignEvent(ctx, tenantId, event, delivery);
}
