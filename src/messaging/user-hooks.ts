import type { UserCreatedHook } from '../identities/users.service.ts';
import { enqueueMessage } from './messages.service.ts';

/**
 * A user created without a password gets their generated temporary password by email — only to
 * their own address, through the tenant's email channel, and only encrypted until it is sent. Who it
 * is from and where to sign in (the tenant's own page) are filled in when it is rendered.
 */
export const sendTemporaryPassword: UserCreatedHook = async (ctx, tx, { user, temporaryPassword }) => {
  if (!temporaryPassword || !user.tenant_id || !user.email) return;
  await enqueueMessage(ctx, tx, {
    tenantId: user.tenant_id,
    channel: 'email',
    recipient: user.email,
    bundle: 'temporary_password_email',
    userId: user.id,
    variables: { email: user.email },
    secretVariables: { temporary_password: temporaryPassword },
    related: { type: 'user', id: user.id },
  });
};
