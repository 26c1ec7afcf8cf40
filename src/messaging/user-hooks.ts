import { onUserCreated } from '../identities/users.service.ts';
import { enqueueMessage } from './messages.service.ts';

/**
 * A user created without a password gets their generated temporary password by email — only to
 * their own address, through the tenant's email channel, and only encrypted until it is sent.
 */
onUserCreated(async (ctx, tx, { user, temporaryPassword }) => {
  if (!temporaryPassword || !user.tenant_id || !user.email) return;
  const { rows } = await tx.query(
    `select t.name, t.subdomain, p.business_name, p.email as support_email
       from tenants t left join tenant_profiles p on p.tenant_id = t.id where t.id = $1`,
    [user.tenant_id],
  );
  const tenant = rows[0] ?? {};
  await enqueueMessage(ctx, tx, {
    tenantId: user.tenant_id,
    channel: 'email',
    recipient: user.email,
    bundle: 'temporary_password_email',
    userId: user.id,
    variables: {
      email: user.email,
      business_name: tenant.business_name ?? tenant.name ?? '',
      tenant_name: tenant.name ?? '',
      support_email: tenant.support_email ?? '',
      login_url: `${ctx.config.publicUrl}/`,
    },
    secretVariables: { temporary_password: temporaryPassword },
    related: { type: 'user', id: user.id },
  });
});
