/** Shared by the onboarding tests: opening signup for a tenant, signing identity webhooks, counting rows. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TestEnv } from '../../test/helpers.ts';
import { signStandardWebhook } from '../webhooks/standard-webhooks.ts';
import { findOnboarding, type OnboardingRecord } from './onboarding.service.ts';

export const TALENT_HIRER_SETTINGS = {
  self_signup_open: true,
  modes: [
    { key: 'talent', label: 'Looking for work', role: 'talent', template_variant: 'talent' },
    { key: 'hirer', label: 'Hiring', role: 'hirer', template_variant: 'hirer' },
    { key: 'insider', label: 'Insider', role: 'moderator', template_variant: '' },
  ],
  roles: [
    { key: 'member', label: 'Member', self_assignable: false },
    { key: 'talent', label: 'Talent', self_assignable: true },
    { key: 'hirer', label: 'Hirer', self_assignable: true },
    // a mode names it, but no signup may grant it
    { key: 'moderator', label: 'Moderator', self_assignable: false },
  ],
  default_role: 'member',
  contact_policy: { channels: ['voice', 'sms', 'email'] },
};

export interface OnboardingTenant {
  id: string;
  subdomain: string;
  admin: { id: string; email: string; token: string };
}

/** A tenant with the talent/hirer settings saved through the API by its admin. */
export async function tenantWithSignup(env: TestEnv, settings: Record<string, unknown> = TALENT_HIRER_SETTINGS): Promise<OnboardingTenant> {
  const tenant = await env.tenant();
  const admin = await env.user(tenant.id, 'tenant_admin');
  const res = await env.inject({ method: 'PUT', url: '/api/v1/tenant/signup-settings', token: admin.token, payload: settings });
  assert.equal(res.statusCode, 200, res.body);
  return { id: tenant.id, subdomain: tenant.subdomain, admin };
}

export async function identityWebhookSecretFor(env: TestEnv, tenant: OnboardingTenant): Promise<string> {
  const res = await env.inject({ method: 'POST', url: '/api/v1/tenant/signup-settings/identity-webhook-secret', token: tenant.admin.token });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().secret;
}

/** A Standard Webhooks delivery of `event`, signed with `secret`, ready for inject. */
export function signedDelivery(secret: string, event: unknown, id = `msg_${randomUUID()}`): { headers: Record<string, string>; payload: string } {
  const payload = JSON.stringify(event);
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    payload,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signStandardWebhook(secret, id, timestamp, payload),
    },
  };
}

export function userCreatedEvent(data: Record<string, unknown>): Record<string, unknown> {
  return { type: 'user.created', data: { id: randomUUID(), ...data } };
}

export interface OnboardingRows {
  profiles: number;
  preferences: number;
  roles: number;
  states: number;
  messages: number;
  jobs: number;
}

/** How many rows onboarding left for the user in each table, read as the owner (beneath row-level security). */
export async function onboardingRows(env: TestEnv, userId: string): Promise<OnboardingRows> {
  const { rows } = await env.ctx.db.owner.query(
    `select (select count(*)::int from user_profiles where user_id = $1) as profiles,
            (select count(*)::int from user_preferences where user_id = $1) as preferences,
            (select count(*)::int from role_assignments where user_id = $1) as roles,
            (select count(*)::int from onboarding_states where user_id = $1) as states,
            (select count(*)::int from messages where user_id = $1 and related_type = 'onboarding') as messages,
            (select count(*)::int from graphile_worker.jobs j join messages m on j.key = 'message:' || m.id
              where j.task_identifier = 'dispatch_message' and m.user_id = $1 and m.related_type = 'onboarding') as jobs`,
    [userId],
  );
  return rows[0];
}

export const ONCE: OnboardingRows = { profiles: 1, preferences: 1, roles: 1, states: 1, messages: 1, jobs: 1 };

/** The user's queued onboarding message, as the worker will read it. */
export async function onboardingMessage(env: TestEnv, userId: string) {
  const { rows } = await env.ctx.db.owner.query(`select channel, recipient, bundle, variant, variables, artifacts, status from messages where user_id = $1 and related_type = 'onboarding'`, [userId]);
  assert.equal(rows.length, 1, `one onboarding message for ${userId}`);
  return rows[0] as { channel: string; recipient: string; bundle: string; variant: string; variables: Record<string, unknown>; artifacts: Record<string, unknown>; status: string };
}

export async function roleOf(env: TestEnv, userId: string): Promise<{ app: string[]; access: string }> {
  const { rows } = await env.ctx.db.owner.query(`select u.role, coalesce((select array_agg(role_key) from role_assignments r where r.user_id = u.id), '{}') as app from users u where u.id = $1`, [userId]);
  return { app: rows[0].app, access: rows[0].role };
}

/** What onboarding created for the user, read as the owner. */
export async function onboardingOf(env: TestEnv, userId: string): Promise<OnboardingRecord> {
  const { rows } = await env.ctx.db.owner.query('select tenant_id from users where id = $1', [userId]);
  const record = rows[0] ? await findOnboarding(env.ctx.db.owner, rows[0].tenant_id, userId) : undefined;
  assert.ok(record, `user ${userId} has onboarding`);
  return record;
}
