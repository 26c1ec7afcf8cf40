import { signAwsRequest } from '../aws-sigv4.ts';
import { jsonField, vendorFetch, type VendorResponse } from '../http.ts';
import { ProviderError, type ProviderErrorKind } from '../types.ts';
import { localPart, type CreatedMailbox, type MailboxProvider, type NewMailbox } from './types.ts';

/**
 * Amazon WorkMail over AWS JSON 1.1 signed with our SigV4 signer (PROVIDERS.md 3.2, 4.4):
 * CreateUser, then RegisterToWorkMail gives the user its address and mailbox.
 *
 * Two things to know, also in docs/integrations.md:
 * - WorkMail cannot force a password change at next sign-in: the temporary password stays valid
 *   until the person changes it, so the welcome email must ask them to.
 * - AWS ends support for Amazon WorkMail on 2027-03-31 (registry WORKMAIL_END_OF_SUPPORT).
 *
 * "Was the duplicate ours": CreateUser takes no attribute a mark could ride in (Name, DisplayName,
 * FirstName, LastName, Password, Role, HiddenFromGlobalAddressList and IdentityProviderUserId, which
 * belongs to IAM Identity Center), and a mark written by a second call would leave the same gap
 * between the two. So a NameAvailabilityException on a retried step is taken as this step's own
 * earlier create only when DescribeUser shows the user that create leaves: the names it sent, and
 * either no address yet (cut off before RegisterToWorkMail, which then runs) or the address it was
 * making. A first attempt's duplicate, or any other user of that name, is someone else's.
 */

export interface AwsWorkMailCredentials {
  readonly organization_id: string;
  readonly region: string;
  readonly access_key_id: string;
  readonly secret_access_key: string;
  /** Default https://workmail.{region}.amazonaws.com; tests point it at test/fakes/workmail.ts. */
  readonly endpoint?: string | undefined;
}

const PROVIDER = 'aws_workmail';
const DUPLICATES = new Set(['NameAvailabilityException', 'EmailAddressInUseException']);
const THROTTLES = new Set(['ThrottlingException', 'TooManyRequestsException']);
const AUTH_ERRORS = new Set(['UnrecognizedClientException', 'InvalidSignatureException', 'IncompleteSignature', 'InvalidClientTokenId', 'MissingAuthenticationToken', 'ExpiredTokenException', 'AccessDeniedException']);

/** The JSON 1.1 error name: `__type`, then `code`, then x-amzn-errortype, after any `namespace#` (as the AWS SDK reads it). */
function errorType(response: VendorResponse): string | undefined {
  const raw = jsonField(response.json, '__type') ?? jsonField(response.json, 'code') ?? response.headers.get('x-amzn-errortype');
  if (typeof raw !== 'string' || !raw) return undefined;
  const name = raw.split(':')[0]!;
  return name.slice(name.indexOf('#') + 1);
}

function errorKind(status: number, type: string | undefined): ProviderErrorKind {
  switch (true) {
    case type !== undefined && DUPLICATES.has(type):
      return 'duplicate';
    case status === 429 || (type !== undefined && THROTTLES.has(type)):
      return 'rate_limited';
    case status >= 500 || type === 'DirectoryUnavailableException':
      return 'transient';
    // AWS answers a bad signature or unknown key with 400 or 403, not 401
    case status === 401 || status === 403 || (type !== undefined && AUTH_ERRORS.has(type)):
      return 'bad_credentials';
    default:
      return 'rejected';
  }
}

function workmailError(operation: string, response: VendorResponse): ProviderError {
  const type = errorType(response);
  const detail = jsonField(response.json, 'Message') ?? jsonField(response.json, 'message');
  const reason = typeof detail === 'string' ? detail : response.text.slice(0, 200) || 'no error body';
  // JSON 1.1 carries no Retry-After: a throttled call backs off on the run's own schedule
  return new ProviderError(PROVIDER, errorKind(response.status, type), `aws_workmail ${operation} ${response.status}${type ? ` ${type}` : ''}: ${reason}`, { status: response.status, vendorCode: type });
}

const displayName = (mailbox: NewMailbox) => `${mailbox.givenName} ${mailbox.familyName}`;

export function createAwsWorkMailProvider(credentials: AwsWorkMailCredentials): MailboxProvider {
  const url = credentials.endpoint ?? `https://workmail.${credentials.region}.amazonaws.com/`;
  const organization = { OrganizationId: credentials.organization_id };

  async function send(operation: string, input: Record<string, unknown>): Promise<VendorResponse> {
    const body = JSON.stringify({ ...organization, ...input });
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `WorkMailService.${operation}` };
    const signed = signAwsRequest({ method: 'POST', url, headers, body }, { region: credentials.region, service: 'workmail', credentials: { accessKeyId: credentials.access_key_id, secretAccessKey: credentials.secret_access_key } });
    return vendorFetch(PROVIDER, url, { method: 'POST', headers: { ...headers, ...signed, accept: 'application/json' }, body });
  }

  async function call(operation: string, input: Record<string, unknown>): Promise<unknown> {
    const response = await send(operation, input);
    if (response.status !== 200) throw workmailError(operation, response);
    return response.json ?? {};
  }

  /**
   * Registering failed, so the user is a disabled name with no mailbox: delete it, so that a retry
   * (or the next username) does not meet our own leftover as NameAvailabilityException. Best effort:
   * the registering error is the one that matters.
   */
  async function discardUnregistered(userId: string): Promise<void> {
    try {
      await call('DeleteUser', { UserId: userId });
    } catch {
      // left as a disabled user without an address; an admin can delete it in the console
    }
  }

  /** The user an earlier attempt of this step left behind under the taken name, or the duplicate stands (see above). */
  async function ownEarlierUser(mailbox: NewMailbox, conflict: ProviderError): Promise<string> {
    const response = await send('DescribeUser', { UserId: localPart(mailbox.primaryEmail) });
    // the name belongs to a group or a resource
    if (errorType(response) === 'EntityNotFoundException') throw conflict;
    if (response.status !== 200) throw workmailError('DescribeUser', response);
    const user = (name: string) => jsonField(response.json, name);
    const email = user('Email');
    const sameNames = user('DisplayName') === displayName(mailbox) && user('FirstName') === mailbox.givenName && user('LastName') === mailbox.familyName;
    const unregistered = user('State') === 'DISABLED' && (email === undefined || email === null || email === '');
    const registeredHere = user('State') === 'ENABLED' && typeof email === 'string' && email.toLowerCase() === mailbox.primaryEmail.toLowerCase();
    const userId = user('UserId');
    if (!sameNames || !(unregistered || registeredHere) || typeof userId !== 'string') throw conflict;
    return userId;
  }

  return {
    id: PROVIDER,
    forcesPasswordChange: false,
    async createMailbox(mailbox: NewMailbox): Promise<CreatedMailbox> {
      const created = await send('CreateUser', {
        Name: localPart(mailbox.primaryEmail),
        DisplayName: displayName(mailbox),
        FirstName: mailbox.givenName,
        LastName: mailbox.familyName,
        Password: mailbox.password,
      });
      let userId: unknown;
      if (created.status === 200) {
        userId = jsonField(created.json, 'UserId');
      } else {
        const error = workmailError('CreateUser', created);
        if (!(error.vendorCode === 'NameAvailabilityException' && mailbox.retrying)) throw error;
        userId = await ownEarlierUser(mailbox, error);
      }
      if (typeof userId !== 'string') throw new ProviderError(PROVIDER, 'rejected', 'aws_workmail CreateUser answered without a UserId', { status: 200 });
      const registered = await send('RegisterToWorkMail', { EntityId: userId, Email: mailbox.primaryEmail });
      // "It performs no change if the user is enabled": already registered is what we wanted
      if (registered.status === 200 || errorType(registered) === 'EntityAlreadyRegisteredException') return { providerUserId: userId };
      const error = workmailError('RegisterToWorkMail', registered);
      await discardUnregistered(userId);
      throw error;
    },
    async addressTaken(email: string): Promise<boolean> {
      // DescribeEntity names the user, group or resource an address belongs to (whether it resolves
      // aliases is not documented: RegisterToWorkMail's EmailAddressInUseException catches the rest)
      const response = await send('DescribeEntity', { Email: email });
      if (response.status === 200) return true;
      if (errorType(response) === 'EntityNotFoundException') return false;
      throw workmailError('DescribeEntity', response);
    },
    async testConnection(): Promise<void> {
      await call('ListUsers', { MaxResults: 1 });
    },
  };
}
