/**
 * `embark demo`: a tenant that shows onboarding end to end, built only through the real paths — the
 * tenant and template services, self-signup, an admin creating a user, a signed identity-provider
 * webhook and a row inserted with plain SQL — so what the demo shows is what production does.
 */
import type { Context } from '../context.ts';
import { AppError } from '../errors.ts';
import { withTenant } from '../db/tx.ts';
import type { Actor } from '../audit/audit.service.ts';
import { createUser } from '../identities/users.service.ts';
import { generateTemporaryPassword } from '../identities/passwords.ts';
import { createTenant, putProfile, type Tenant } from '../tenants/tenants.service.ts';
import { putTenantSections } from '../templates/templates.service.ts';
import { signStandardWebhook } from '../webhooks/standard-webhooks.ts';
import { findOnboarding, type OnboardingRecord } from './onboarding.service.ts';
import { putSignupSettings, regenerateIdentityWebhookSecret } from './signup-settings.service.ts';
import { signup } from './signup.service.ts';
import { receiveIdentityWebhook } from './identity-webhook.service.ts';

const DEMO_ACTOR: Actor = { userId: null, kind: 'cli', impersonating: false };
const BUSINESS_NAME = 'Summit Executive Search';

export interface DemoUser {
  /** How the identity arrived. */
  path: 'signup' | 'admin' | 'identity_webhook' | 'sql_insert';
  id: string;
  email: string | null;
  phone: string | null;
  /** Only for the self-signups with an email, so the demo can log in as them. */
  password?: string;
  signup_mode: string | null;
  role: string | null;
  contact: OnboardingRecord['contact'];
}

export interface Demo {
  tenant: { id: string; name: string; subdomain: string };
  /** A generated one-time password: the first login must change it. */
  admin: { email: string; password: string };
  users: DemoUser[];
}

async function createDemoTenant(ctx: Context): Promise<Tenant> {
  for (let n = 1; n < 100; n++) {
    const subdomain = n === 1 ? 'demo' : `demo-${n}`;
    try {
      return await createTenant(ctx, DEMO_ACTOR, { name: n === 1 ? 'Embark demo' : `Embark demo ${n}`, subdomain });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'subdomain_taken')) throw error;
    }
  }
  throw new Error('demo through demo-99 are all taken; remove an old demo tenant first');
}

/** The call's opening line per signup mode: the agent does not ask what the signup already said. */
const CALL_SCRIPT = [
  { section_key: 'intent', position: 10, variant: '', content: 'Thanks for signing up with {{ business_name }}. So I can point you in the right direction: are you hiring, or are you looking for work?' },
  { section_key: 'intent', position: 10, variant: 'talent', content: 'Thanks for signing up with {{ business_name }}. I am calling to learn about your background and help you find executive opportunities.' },
  { section_key: 'intent', position: 10, variant: 'hirer', content: 'Thanks for signing up with {{ business_name }}. I am calling to learn about the roles you are filling and help you find executive talent.' },
];

export async function seedDemo(ctx: Context): Promise<Demo> {
  const tenant = await createDemoTenant(ctx);
  const domain = `${tenant.subdomain}.embark.test`;
  await putProfile(ctx, DEMO_ACTOR, tenant.id, { business_name: BUSINESS_NAME, website_url: null, phone_number: null, email: `hello@${domain}` });
  await putSignupSettings(ctx, DEMO_ACTOR, tenant.id, {
    self_signup_open: true,
    modes: [
      { key: 'talent', label: 'I am looking for my next role', role: 'talent', template_variant: 'talent' },
      { key: 'hirer', label: 'I am hiring', role: 'hirer', template_variant: 'hirer' },
    ],
    roles: [
      { key: 'member', label: 'Member', self_assignable: false },
      { key: 'talent', label: 'Talent', self_assignable: true },
      { key: 'hirer', label: 'Hirer', self_assignable: true },
    ],
    default_role: 'member',
    contact_policy: { channels: ['voice', 'sms', 'email'] },
  });
  await putTenantSections(ctx, DEMO_ACTOR, tenant.id, 'onboarding_call_script', CALL_SCRIPT);

  const admin = await createUser(ctx, DEMO_ACTOR, tenant.id, { email: `admin@${domain}`, role: 'tenant_admin' });
  const created: Omit<DemoUser, 'signup_mode' | 'role' | 'contact'>[] = [{ path: 'admin', id: admin.user.id, email: admin.user.email, phone: null }];

  const signups = [
    { phone: '+15555550101', metadata: { signup_mode: 'talent', first_name: 'Ada', last_name: 'Lovelace' } },
    { email: `grace@${domain}`, phone: '+15555550102', metadata: { signup_mode: 'hirer', first_name: 'Grace', last_name: 'Hopper', organization_name: 'Hopper Labs' } },
    { email: `alan@${domain}`, phone: '+15555550103', metadata: { first_name: 'Alan', last_name: 'Turing' } },
  ];
  for (const input of signups) {
    const password = generateTemporaryPassword();
    const user = await signup(ctx, { tenant: tenant.subdomain, password, ...input }, { ip: '127.0.0.1' });
    created.push({ path: 'signup', id: user.id, email: user.email, phone: user.phone, ...(user.email ? { password } : {}) });
  }

  const staff = await createUser(ctx, DEMO_ACTOR, tenant.id, { email: `recruiter@${domain}`, role: 'staff' });
  created.push({ path: 'admin', id: staff.user.id, email: staff.user.email, phone: null });

  // as an identity provider would send it: signed with the tenant's secret, the phone without its +
  const { secret } = await regenerateIdentityWebhookSecret(ctx, DEMO_ACTOR, tenant.id);
  const event = JSON.stringify({ type: 'user.created', data: { id: 'idp-demo-1', phone: '15555550104', raw_user_meta_data: { signup_mode: 'talent', first_name: 'Katherine', last_name: 'Johnson' } } });
  const webhookId = `msg_demo_${tenant.id}`;
  const timestamp = Math.floor(Date.now() / 1000);
  const delivered = await receiveIdentityWebhook(ctx, tenant.subdomain, {
    headers: { 'content-type': 'application/json', 'webhook-id': webhookId, 'webhook-timestamp': String(timestamp), 'webhook-signature': signStandardWebhook(secret, webhookId, timestamp, event) },
    rawBody: Buffer.from(event),
    body: JSON.parse(event),
  });
  if (delivered.user_id) created.push({ path: 'identity_webhook', id: delivered.user_id, email: null, phone: '+15555550104' });

  // another system sharing the database, writing users itself; the trigger initialises the row
  const { rows } = await ctx.db.owner.query(`insert into users (tenant_id, email, role, metadata) values ($1, $2, 'member', $3) returning id, email`, [tenant.id, `dorothy@${domain}`, { signup_mode: 'hirer', first_name: 'Dorothy', last_name: 'Vaughan', organization_name: 'Vaughan Analytics' }]);
  created.push({ path: 'sql_insert', id: rows[0].id, email: rows[0].email, phone: null });

  const users = await withTenant(ctx.db.app, tenant.id, async (tx) => {
    const out: DemoUser[] = [];
    for (const user of created) {
      const onboarding = await findOnboarding(tx, tenant.id, user.id);
      out.push({ ...user, signup_mode: onboarding?.signup_mode ?? null, role: onboarding?.role ?? null, contact: onboarding?.contact ?? { status: 'pending', channel: null, message_id: null, message_status: null } });
    }
    return out;
  });

  return {
    tenant: { id: tenant.id, name: tenant.name, subdomain: tenant.subdomain },
    admin: { email: admin.user.email!, password: admin.temporaryPassword! },
    users,
  };
}
