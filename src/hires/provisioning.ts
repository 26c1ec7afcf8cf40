/**
 * The provisioning run of a hire (issue 14 §4): once every required document is completed, a
 * multi-step run of the durable-work engine (src/jobs/runs.ts) makes the corporate account and tells
 * the person. Each step is recorded when it succeeds and never repeated after a crash:
 *
 * 1. address — `first.last@domain`, then first.last2, … : the first candidate no other hire reserved
 *    and the provider's directory does not hold, reserved for this hire in the step's transaction;
 * 2. password — a temporary password from the CSPRNG, kept sealed in the run only until step 4;
 * 3. mailbox — the account at the tenant's mailbox provider (or, built in, a staff user of the
 *    tenant); an address the provider turns out to hold moves on to the next candidate;
 * 4. welcome_email — queued to the personal inbox only, in the step's transaction, which also erases
 *    the password from step 2;
 * 5. done — the hire is provisioned, with `provisioning.succeeded` in the event log.
 *
 * A step out of attempts fails the run: the hire is `failed`, with `provisioning.failed` in the event
 * log (webhooks, the admins' view). Nothing is silent, and no password is in a result, log or event.
 */
import type { Context } from '../context.ts';
import { SYSTEM_ACTOR } from '../audit/audit.service.ts';
import type { Queryable } from '../db/pool.ts';
import { withTenant } from '../db/tx.ts';
import { decryptSecret, encryptSecret } from '../secrets.ts';
import { appendEvent } from '../events/events.service.ts';
import { activeIntegration, openCredentials } from '../integrations/integrations.service.ts';
import { createUserIn, findUserByEmailIn, tenantAdminsIn } from '../identities/users.service.ts';
import { generateTemporaryPassword, hashPassword } from '../identities/passwords.ts';
import { enqueueMessage } from '../messaging/messages.service.ts';
import { createMailboxProvider, type MailboxProvider } from '../providers/mailbox/index.ts';
import { ProviderError } from '../providers/types.ts';
import { permanentFailure, redactStepResult, type RunDefinition, type StepArgs } from '../jobs/runs.ts';
import type { RunRow } from '../jobs/runs.store.ts';
import { addressCandidate } from './username.ts';
import * as store from './hires.store.ts';
import type { HireRow } from './hires.store.ts';

export const PROVISIONING_RUN = 'hire.provisioning';
/** How many address candidates a run tries before it gives up (first.last … first.last50). */
const MAX_CANDIDATES = 50;

export interface ProvisioningInput {
  readonly hire_id: string;
}

type Args = StepArgs<ProvisioningInput> & { readonly tenantId: string };

const passwordContext = (tenantId: string, hireId: string) => `hire-password:${tenantId}:${hireId}`;

/** The hire the run is for, and the domain its address is made in. */
async function hireAndDomain(tx: Queryable, tenantId: string, hireId: string): Promise<{ hire: HireRow; domain: string }> {
  const hire = await store.findHire(tx, tenantId, hireId);
  if (!hire) throw permanentFailure(`the hire ${hireId} is gone`);
  const domain = (await store.findSettings(tx, tenantId))?.email_domain;
  if (!domain) throw permanentFailure('the hire settings name no corporate email domain; set one, then retry the run');
  return { hire, domain };
}

/** The tenant's mailbox provider: a vendor adapter, or built in (Embark's own staff user) when none is configured. */
async function mailboxProvider(ctx: Context, tx: Queryable, tenantId: string): Promise<MailboxProvider | 'builtin'> {
  const row = await activeIntegration(tx, tenantId, 'mailbox');
  if (!row || row.provider === 'builtin') return 'builtin';
  if (!row.enabled) throw permanentFailure(`the ${row.provider} mailbox integration is disabled; enable it, then retry the run`);
  return createMailboxProvider(row.provider, openCredentials(ctx, tenantId, 'mailbox', row.provider, row.credentials_encrypted));
}

async function addressTaken(tx: Queryable, tenantId: string, provider: MailboxProvider | 'builtin', address: string): Promise<boolean> {
  return provider === 'builtin' ? Boolean(await findUserByEmailIn(tx, tenantId, address)) : provider.addressTaken(address);
}

/**
 * The first candidate from `from` on that is free: not reserved by another hire (the reservation's
 * key decides between concurrent runs) and not in the provider's directory. Reserves it for the hire.
 */
async function reserveAddress(tx: Queryable, tenantId: string, hire: HireRow, domain: string, provider: MailboxProvider | 'builtin', from: number): Promise<{ address: string; candidate: number }> {
  const { address, candidate } = await firstFreeAddress(tx, tenantId, hire, domain, provider, from, { reserve: true });
  return { address, candidate };
}

/**
 * Walks the candidates from `from` on, skipping those another hire holds or the directory has; with
 * `reserve`, the first free one is reserved for the hire (one that a concurrent run reserved first is
 * skipped too). Without, nothing is written: the dry run. Answers the address and those it skipped.
 */
async function firstFreeAddress(tx: Queryable, tenantId: string, hire: HireRow, domain: string, provider: MailboxProvider | 'builtin', from: number, options: { reserve: boolean }) {
  const skipped: string[] = [];
  for (let n = from; n <= MAX_CANDIDATES; n++) {
    const address = `${addressCandidate(hire.first_name, hire.last_name, n)}@${domain}`.toLowerCase();
    const owner = await store.addressOwner(tx, tenantId, address);
    if (owner === hire.id) return { address, candidate: n, skipped };
    if (!owner && !(await addressTaken(tx, tenantId, provider, address)) && (!options.reserve || (await store.reserveAddress(tx, tenantId, address, hire.id)))) return { address, candidate: n, skipped };
    skipped.push(address);
  }
  throw permanentFailure(`no free address among the first ${MAX_CANDIDATES} candidates for ${hire.first_name} ${hire.last_name}`);
}

async function chooseAddress(ctx: Context, { input, tenantId, tx }: Args) {
  const { hire, domain } = await hireAndDomain(tx!, tenantId, input.hire_id);
  return reserveAddress(tx!, tenantId, hire, domain, await mailboxProvider(ctx, tx!, tenantId), 1);
}

async function choosePassword(ctx: Context, { input, tenantId }: Args) {
  return { sealed: encryptSecret(ctx.keys.credentialEncryption, generateTemporaryPassword(), passwordContext(tenantId, input.hire_id)).toString('base64') };
}

function openPassword(ctx: Context, tenantId: string, hireId: string, results: Readonly<Record<string, unknown>>): string {
  const sealed = (results.password as { sealed?: string } | undefined)?.sealed;
  if (!sealed) throw permanentFailure('the temporary password was erased before the mailbox was made; cancel this run and start a new one');
  return decryptSecret(ctx.keys.credentialEncryption, Buffer.from(sealed, 'base64'), passwordContext(tenantId, hireId));
}

/**
 * Makes the account. The address was free in the provider's directory when it was reserved, so the
 * provider saying it is taken is either this step's own earlier create, whose answer was lost with
 * its worker, or someone else's account made since. The adapter tells them apart (the run's id on
 * the Google or Microsoft user; the user a cut-off WorkMail create leaves, on a retried attempt) and
 * answers its own as made, so a crash never makes two accounts; a duplicate it reports is someone
 * else's, and the next free candidate is reserved and tried.
 */
async function createMailbox(ctx: Context, { input, tenantId, results, runId, attempt }: Args & { runId: string }) {
  const password = openPassword(ctx, tenantId, input.hire_id, results);
  let { address, candidate } = results.address as { address: string; candidate: number };
  for (;;) {
    const made = await withTenant(ctx.db.app, tenantId, async (tx) => {
      const { hire } = await hireAndDomain(tx, tenantId, input.hire_id);
      const provider = await mailboxProvider(ctx, tx, tenantId);
      if (provider !== 'builtin') return { hire, provider };
      // a staff user of the tenant; the address is this hire's reservation, so a user holding it is the one an earlier attempt made
      const existing = await findUserByEmailIn(tx, tenantId, address);
      const user = existing ?? (await createUserIn(ctx, tx, SYSTEM_ACTOR, { tenantId, email: address, role: 'staff', passwordHash: await hashPassword(password), mustChange: true }));
      return { done: { provider: 'builtin', provider_user_id: user.id, address, forces_password_change: true } };
    });
    if (made.done) return made.done;
    const { hire, provider } = made as { hire: HireRow; provider: MailboxProvider };
    try {
      // an earlier attempt may have reached the vendor with this address (or a later candidate) before it failed or its worker died
      const created = await provider.createMailbox({ primaryEmail: address, givenName: hire.first_name, familyName: hire.last_name, password, idempotencyKey: runId, retrying: attempt > 1 });
      return { provider: provider.id, provider_user_id: created.providerUserId, address, forces_password_change: provider.forcesPasswordChange };
    } catch (error) {
      if (!(error instanceof ProviderError) || error.kind !== 'duplicate') throw error;
    }
    ({ address, candidate } = await withTenant(ctx.db.app, tenantId, async (tx) => {
      const { hire: current, domain } = await hireAndDomain(tx, tenantId, input.hire_id);
      await store.releaseAddress(tx, tenantId, address, current.id);
      return reserveAddress(tx, tenantId, current, domain, await mailboxProvider(ctx, tx, tenantId), candidate + 1);
    }));
  }
}

async function sendWelcome(ctx: Context, { input, tenantId, results, tx, runId }: Args & { runId: string }) {
  const { hire } = await hireAndDomain(tx!, tenantId, input.hire_id);
  const settings = await store.findSettings(tx!, tenantId);
  const { address } = results.mailbox as { address: string };
  const messageId = await enqueueMessage(ctx, tx!, {
    tenantId,
    channel: 'email',
    recipient: hire.personal_email,
    bundle: 'hire_welcome_email',
    variables: { first_name: hire.first_name, last_name: hire.last_name, corporate_email: address, sign_in_url: settings?.sign_in_url ?? null },
    secretVariables: { temporary_password: openPassword(ctx, tenantId, input.hire_id, results) },
    related: { type: 'hire', id: hire.id },
  });
  // the email carries it from here, sealed until it is sent: the run keeps no copy
  await redactStepResult(tx!, tenantId, runId, 'password', { erased: true });
  return { message_id: messageId };
}

async function finish(_ctx: Context, { input, tenantId, results, tx }: Args) {
  const { address, provider } = results.mailbox as { address: string; provider: string };
  await store.markProvisioned(tx!, tenantId, input.hire_id, address);
  await appendEvent(tx!, tenantId, { type: 'provisioning.succeeded', subject: { type: 'hire', id: input.hire_id }, actor: { kind: 'system' }, payload: { hire_id: input.hire_id, corporate_email: address, provider } });
  return { corporate_email: address };
}

/** The run is out of attempts: the hire fails, the event log says why (its webhooks), and each of the tenant's admins gets an email. */
async function failed(ctx: Context, tx: Queryable, run: RunRow, reason: string): Promise<void> {
  const tenantId = run.tenant_id;
  const hireId = (run.input as ProvisioningInput).hire_id;
  await store.markFailed(tx, tenantId, hireId);
  await appendEvent(tx, tenantId, { type: 'provisioning.failed', subject: { type: 'hire', id: hireId }, actor: { kind: 'system' }, payload: { hire_id: hireId, run_id: run.id, error: reason } });
  const hire = await store.findHire(tx, tenantId, hireId);
  const hireName = hire ? `${hire.first_name} ${hire.last_name}` : hireId;
  for (const admin of await tenantAdminsIn(tx, tenantId)) {
    await enqueueMessage(ctx, tx, { tenantId, channel: 'email', recipient: admin.email, bundle: 'provisioning_failed_email', userId: admin.id, variables: { hire_name: hireName, error: reason }, related: { type: 'hire', id: hireId } });
  }
}

/** The engine gives a step its input and earlier results; these steps also need the tenant and the run. */
const step =
  <T>(run: (ctx: Context, args: Args & { runId: string }) => Promise<T>) =>
  (ctx: Context, args: StepArgs<ProvisioningInput>) =>
    run(ctx, { ...args, tenantId: args.run.tenant_id, runId: args.run.id });

export const provisioningRun: RunDefinition<ProvisioningInput> = {
  steps: [
    { name: 'address', transactional: true, run: step(chooseAddress) },
    { name: 'password', run: step(choosePassword) },
    { name: 'mailbox', run: step(createMailbox), maxAttempts: 8 },
    { name: 'welcome_email', transactional: true, run: step(sendWelcome) },
    { name: 'done', transactional: true, run: step(finish) },
  ],
  onFailed: failed,
  // a retried run is provisioning again; a cancelled one leaves the hire waiting (its documents may come again)
  onRetried: async (tx, run) => store.setHireStatus(tx, run.tenant_id, (run.input as ProvisioningInput).hire_id, 'provisioning'),
  onCancelled: async (tx, run) => store.setHireStatus(tx, run.tenant_id, (run.input as ProvisioningInput).hire_id, 'cancelled'),
};

export const HIRES_RUNS = { [PROVISIONING_RUN]: provisioningRun as RunDefinition<never> };

/**
 * A dry run (issue 14 §5): the address the run would choose for the hire now and its steps, from the
 * same reservations and directory checks — reading, never writing or reserving anything.
 */
export async function previewProvisioning(ctx: Context, tenantId: string, hireId: string) {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const hire = await store.findHire(tx, tenantId, hireId);
    if (!hire) return undefined;
    const domain = (await store.findSettings(tx, tenantId))?.email_domain ?? null;
    const provider = await mailboxProvider(ctx, tx, tenantId);
    const problems = domain ? [] : ['the hire settings name no corporate email domain'];
    // what stops the address step now (no free candidate, the provider refusing the check) is what the preview says
    const chosen = domain ? await firstFreeAddress(tx, tenantId, hire, domain, provider, 1, { reserve: false }).catch((error: Error) => void problems.push(error.message)) : undefined;
    return {
      hire_id: hire.id,
      address: chosen?.address ?? null,
      skipped: chosen?.skipped ?? [],
      mailbox_provider: provider === 'builtin' ? 'builtin' : provider.id,
      steps: provisioningRun.steps.map((s) => s.name),
      problems,
    };
  });
}
