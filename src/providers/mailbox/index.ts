import { validateCredentials } from '../registry.ts';
import { createGoogleWorkspaceProvider, type GoogleWorkspaceCredentials } from './google.ts';
import { createMicrosoft365Provider, type Microsoft365Credentials } from './microsoft.ts';
import type { MailboxProvider } from './types.ts';
import { createAwsWorkMailProvider, type AwsWorkMailCredentials } from './workmail.ts';

/**
 * The adapter for a tenant's stored mailbox integration (credentials already unsealed), after the
 * same validation the integrations API applied when they were saved. `builtin` is not a vendor: the
 * identities module creates that staff account itself.
 */
export function createMailboxProvider(provider: string, credentials: Readonly<Record<string, unknown>>): MailboxProvider {
  const problems = validateCredentials('mailbox', provider, credentials);
  if (problems.length) throw new Error(`${provider} mailbox credentials: ${problems.join('; ')}`);
  switch (provider) {
    case 'google_workspace':
      return createGoogleWorkspaceProvider(credentials as unknown as GoogleWorkspaceCredentials);
    case 'microsoft_365':
      return createMicrosoft365Provider(credentials as unknown as Microsoft365Credentials);
    case 'aws_workmail':
      return createAwsWorkMailProvider(credentials as unknown as AwsWorkMailCredentials);
    default:
      throw new Error(`mailbox provider ${JSON.stringify(provider)} has no vendor adapter`);
  }
}

export type { CreatedMailbox, MailboxProvider, NewMailbox } from './types.ts';
