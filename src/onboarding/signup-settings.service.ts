import type { Context } from '../context.ts';
import type { Queryable } from '../db/pool.ts';
import { AppError } from '../errors.ts';
import { withTenant } from '../db/tx.ts';
import { recordAudit, type Actor } from '../audit/audit.service.ts';
import { encryptSecret } from '../secrets.ts';
import { newWebhookSecret } from '../webhooks/standard-webhooks.ts';
import { getTenant } from '../tenants/tenants.service.ts';
import * as store from './onboarding.store.ts';
import type { AppRole, SignupMode, SignupSettingsRow } from './onboarding.store.ts';

export type Channel = 'voice' | 'sms' | 'email';

export interface SignupSettings {
  self_signup_open: boolean;
  modes: SignupMode[];
  roles: AppRole[];
  default_role: string;
  contact_policy: { channels: Channel[] };
}

export interface SignupSettingsView extends SignupSettings {
  identity_webhook: { url_path: string; secret_set: boolean; secret_created_at: string | null };
  updated_at: string | null;
}

export interface SignupSettingsBody {
  self_signup_open: boolean;
  modes: { key: string; label: string; role: string; template_variant?: string | undefined }[];
  roles: { key: string; label: string; self_assignable?: boolean | undefined }[];
  default_role: string;
  contact_policy: { channels: Channel[] };
}

/** What a tenant that never saved its settings gets; the same defaults as the table's columns. */
export const DEFAULT_SIGNUP_SETTINGS: Readonly<SignupSettings> = Object.freeze<SignupSettings>({
  self_signup_open: false,
  modes: [],
  roles: [{ key: 'member', label: 'Member', self_assignable: false }],
  default_role: 'member',
  contact_policy: { channels: ['voice', 'sms', 'email'] },
});

// Application roles may not take an access role's name: a tenant's "staff" role would read as if it
// granted staff access, and no signup hint may ever come near those.
const ACCESS_ROLE_NAMES = new Set(['global_admin', 'tenant_admin', 'staff']);

export function identityWebhookSecretContext(tenantId: string): string {
  return `identity-webhook:${tenantId}`;
}

export function identityWebhookPath(subdomain: string): string {
  return `/api/v1/webhooks/identity/${subdomain}`;
}

function settingsOf(row: SignupSettingsRow | undefined): SignupSettings {
  if (!row) return structuredClone(DEFAULT_SIGNUP_SETTINGS);
  return {
    self_signup_open: row.self_signup_open,
    modes: row.modes,
    roles: row.roles,
    default_role: row.default_role,
    contact_policy: { channels: row.contact_channels as Channel[] },
  };
}

function view(row: SignupSettingsRow | undefined, subdomain: string): SignupSettingsView {
  return {
    ...settingsOf(row),
    identity_webhook: {
      url_path: identityWebhookPath(subdomain),
      secret_set: row?.identity_webhook_secret_encrypted != null,
      secret_created_at: row?.identity_webhook_secret_created_at?.toISOString() ?? null,
    },
    updated_at: row?.updated_at.toISOString() ?? null,
  };
}

/** The checks a JSON schema cannot make: keys unique, every role named is defined. */
function normalise(body: SignupSettingsBody): SignupSettings {
  const errors: { in: string; path: string; message: string }[] = [];
  const problem = (path: string, message: string) => errors.push({ in: 'body', path, message });

  const roles = body.roles.map((r) => ({ key: r.key, label: r.label, self_assignable: r.self_assignable ?? false }));
  const roleKeys = new Set<string>();
  roles.forEach((role, i) => {
    if (roleKeys.has(role.key)) problem(`/roles/${i}/key`, `repeats role ${JSON.stringify(role.key)}; each role key appears once`);
    if (ACCESS_ROLE_NAMES.has(role.key)) problem(`/roles/${i}/key`, `${JSON.stringify(role.key)} is an access role's name; application roles need another key`);
    roleKeys.add(role.key);
  });

  const modes = body.modes.map((m) => ({ key: m.key, label: m.label, role: m.role, template_variant: m.template_variant ?? m.key }));
  const modeKeys = new Set<string>();
  modes.forEach((mode, i) => {
    if (modeKeys.has(mode.key)) problem(`/modes/${i}/key`, `repeats mode ${JSON.stringify(mode.key)}; each mode key appears once`);
    if (!roleKeys.has(mode.role)) problem(`/modes/${i}/role`, `names role ${JSON.stringify(mode.role)}, which is not in roles`);
    modeKeys.add(mode.key);
  });

  if (!roleKeys.has(body.default_role)) problem('/default_role', `names role ${JSON.stringify(body.default_role)}, which is not in roles`);

  if (errors.length) {
    throw new AppError('validation_failed', `invalid body: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, { extra: { errors } });
  }
  return { self_signup_open: body.self_signup_open, modes, roles, default_role: body.default_role, contact_policy: { channels: [...body.contact_policy.channels] } };
}

/** The tenant's signup settings (the defaults until saved), in the caller's transaction. */
export async function signupSettingsIn(tx: Queryable, tenantId: string): Promise<SignupSettings> {
  return settingsOf(await store.findSignupSettings(tx, tenantId));
}

/** What a tenant's signup settings define, from their stored roles and modes (null: never saved, the defaults). */
export function definedKeys(roles: readonly { key: string }[] | null, modes: readonly { key: string }[] | null): { roles: Set<string>; modes: Set<string> } {
  return { roles: new Set((roles ?? DEFAULT_SIGNUP_SETTINGS.roles).map((r) => r.key)), modes: new Set((modes ?? DEFAULT_SIGNUP_SETTINGS.modes).map((m) => m.key)) };
}

export async function getSignupSettings(ctx: Context, tenantId: string): Promise<SignupSettingsView> {
  const tenant = await getTenant(ctx, tenantId);
  const row = await withTenant(ctx.db.app, tenantId, (tx) => store.findSignupSettings(tx, tenantId));
  return view(row, tenant.subdomain);
}

export async function putSignupSettings(ctx: Context, actor: Actor, tenantId: string, body: SignupSettingsBody): Promise<SignupSettingsView> {
  const settings = normalise(body);
  const tenant = await getTenant(ctx, tenantId);
  const row = await withTenant(ctx.db.app, tenantId, async (tx) => {
    const saved = await store.upsertSignupSettings(tx, tenantId, {
      self_signup_open: settings.self_signup_open,
      modes: settings.modes,
      roles: settings.roles,
      default_role: settings.default_role,
      contact_channels: settings.contact_policy.channels,
    });
    await recordAudit(
      tx,
      actor,
      tenantId,
      'onboarding.signup_settings_updated',
      { type: 'tenant', id: tenantId },
      {
        self_signup_open: settings.self_signup_open,
        modes: settings.modes.map((m) => m.key),
        roles: settings.roles.map((r) => r.key),
        default_role: settings.default_role,
        channels: settings.contact_policy.channels,
      },
    );
    return saved;
  });
  return view(row, tenant.subdomain);
}

/**
 * Generates the secret the tenant's identity provider signs its webhooks with (Standard Webhooks) and
 * replaces any previous one at once: the old secret stops working. The secret is in the answer only.
 */
export async function regenerateIdentityWebhookSecret(ctx: Context, actor: Actor, tenantId: string): Promise<{ secret: string; url_path: string; created_at: string }> {
  const tenant = await getTenant(ctx, tenantId);
  const secret = newWebhookSecret();
  const sealed = encryptSecret(ctx.keys.credentialEncryption, secret, identityWebhookSecretContext(tenantId));
  const createdAt = await withTenant(ctx.db.app, tenantId, async (tx) => {
    const at = await store.setIdentityWebhookSecret(tx, tenantId, sealed);
    await recordAudit(tx, actor, tenantId, 'onboarding.identity_webhook_secret_generated', { type: 'tenant', id: tenantId });
    return at;
  });
  return { secret, url_path: identityWebhookPath(tenant.subdomain), created_at: createdAt.toISOString() };
}
