/**
 * The variables every message of a tenant can use without its sender passing them: who it is from and
 * where to sign in. They are filled in where a bundle is rendered — dispatch, voice callbacks and the
 * preview alike — because the database does not know Embark's public URL, and so that a message
 * queued by SQL (initialize_user_onboarding) reads the same as one queued by TypeScript.
 */
import { tenantLoginUrl, type MessageSender } from '../tenants/tenants.service.ts';
import { hasValue, type Variables } from './render.ts';

export interface TenantVariables {
  /** The profile's business name, else the tenant's name. */
  readonly business_name: string;
  readonly tenant_name: string;
  /** The tenant's own sign-in page. */
  readonly login_url: string;
  /** The profile's email; null when it has none, so templates can leave out what mentions it. */
  readonly support_email: string | null;
}

export function tenantVariables(sender: MessageSender, publicUrl: string): TenantVariables {
  const text = (value: string | null) => (value && value.trim() ? value : null);
  return {
    business_name: text(sender.business_name) ?? sender.name,
    tenant_name: sender.name,
    login_url: tenantLoginUrl(publicUrl, sender.subdomain),
    support_email: text(sender.support_email),
  };
}

/** The sender's variables over the tenant's: a sender's value wins, a missing or blank one does not. */
export function withTenantVariables(variables: Variables, tenant: TenantVariables | undefined): Variables {
  if (!tenant) return variables;
  const merged: Record<string, Variables[string]> = { ...tenant };
  for (const [name, value] of Object.entries(variables)) {
    if (hasValue(variables, name) || !Object.hasOwn(tenant, name)) merged[name] = value;
  }
  return merged;
}
