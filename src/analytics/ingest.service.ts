/**
 * Event ingest (issue 12 §4, docs/checklists.md): the tenant's product reports what its users do — one
 * event or a batch of up to 1,000 — with an API key (server side, about anyone) or a user's own token
 * (client side, about that user only). Stored in one statement by track_events, deduplicated by
 * message_id, counted at once into the checklists' rules.
 */
import type { Context } from '../context.ts';
import { withTenant } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../audit/audit.service.ts';
import { organizationOfUser } from '../organizations/organizations.service.ts';
import { parseUserAgent } from './user-agent.ts';
import * as store from './ingest.store.ts';

export interface TrackedEventInput {
  readonly event: string;
  readonly user_id?: string | undefined;
  readonly external_user_id?: string | undefined;
  readonly organization_id?: string | undefined;
  readonly properties?: Record<string, unknown> | undefined;
  readonly timestamp?: string | undefined;
  readonly message_id?: string | undefined;
  readonly session_id?: string | undefined;
  readonly url?: string | undefined;
  readonly referrer?: string | undefined;
  /** Server side only: the user agent and address of the person's own request, forwarded by the tenant's backend. */
  readonly user_agent?: string | undefined;
  readonly ip?: string | undefined;
}

export const MAX_BATCH = 1000;
const FUTURE_MS = 10 * 60 * 1000;
const PAST_MS = 3660 * 24 * 3600 * 1000;

/** Where the request came from: its own user agent and address describe a client-side event. */
export interface RequestOrigin {
  readonly userAgent: string | undefined;
  readonly ip: string | undefined;
}

export async function ingestEvents(ctx: Context, actor: Actor, tenantId: string, events: readonly TrackedEventInput[], origin: RequestOrigin) {
  const serverSide = actor.kind === 'api_key' || actor.impersonating;
  const now = Date.now();
  const late = events.flatMap((e, index) => {
    if (e.timestamp === undefined) return [];
    const at = Date.parse(e.timestamp);
    return at > now + FUTURE_MS || at < now - PAST_MS ? [{ index, timestamp: e.timestamp }] : [];
  });
  if (late.length) throw new AppError('timestamp_out_of_range', `${late.length} event(s) have a timestamp more than 10 minutes ahead or over 10 years old`, { extra: { errors: late } });
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    let own: { organization_id: string } | undefined;
    if (!serverSide) {
      const self = actor.userId;
      own = self ? await organizationOfUser(tx, tenantId, self) : undefined;
      const foreign = events.flatMap((e, index) => ((e.user_id !== undefined && e.user_id !== self) || (e.organization_id !== undefined && e.organization_id !== own?.organization_id) ? [index] : []));
      if (foreign.length || !self) throw new AppError('event_subject_forbidden', `with your own token, events may only be about you and your organisation (events ${foreign.join(', ')})`, { extra: { errors: foreign.map((index) => ({ index })) } });
    }
    const rows = events.map((e) => {
      const device = parseUserAgent(serverSide ? e.user_agent : origin.userAgent);
      return {
        event: e.event,
        user_id: serverSide ? (e.user_id ?? null) : actor.userId,
        external_user_id: e.external_user_id ?? null,
        organization_id: e.organization_id ?? null,
        properties: e.properties ?? {},
        timestamp: e.timestamp ?? null,
        message_id: e.message_id ?? null,
        session_id: e.session_id ?? null,
        url: e.url ?? null,
        referrer: e.referrer ?? null,
        device_type: device.device_type,
        browser: device.browser,
        os: device.os,
        ip: serverSide ? (e.ip ?? null) : (origin.ip ?? null),
      };
    });
    // the function checks that every user and organisation named is the tenant's, in the same statement
    const result = await store.trackEvents(tx, tenantId, rows).catch((error: unknown) => {
      if (error instanceof store.UnknownSubjects) throw new AppError('event_subject_unknown', `${error.events.length} event(s) name a user or organisation that is not in this tenant; nothing was stored`, { extra: { errors: error.events } });
      throw error;
    });
    return { accepted: events.length, stored: result.stored, duplicates: result.duplicates };
  });
}
