/**
 * A corporate mailbox vendor (issue 14 §4 step 3): Google Workspace, Microsoft 365, AWS WorkMail.
 * One adapter per vendor in this directory, each taking its base URLs from the credentials so tests
 * point it at the fakes in test/fakes/. Every failure is a ProviderError (src/providers/types.ts):
 *
 * - `duplicate`: the address (or WorkMail user name) is taken by someone else — never by this step's
 *   own earlier create, which each adapter recognises and answers as made: the run picks the next
 *   username;
 * - `rate_limited` (with retryAfterSeconds when the vendor sent one) and `transient` (5xx, network,
 *   a user not readable yet): retry the step later;
 * - `bad_credentials`: the token grant or the vendor refused who we are or what we may do;
 * - `rejected`: anything else the vendor turned down, with its reason.
 */

export interface NewMailbox {
  /** The full address, e.g. jose.muller@acme.example; its domain must be one the vendor serves. */
  readonly primaryEmail: string;
  readonly givenName: string;
  readonly familyName: string;
  /** The temporary password; the person must change it at first sign-in where the vendor can force that. */
  readonly password: string;
  /**
   * Stable across retries of the same provisioning step. Where the vendor can carry it on the user
   * (Google's externalIds, an Exchange custom attribute in Microsoft 365), a duplicate that carries
   * this key is this step's own earlier create, whose answer was lost, and is returned as success.
   */
  readonly idempotencyKey?: string | undefined;
  /**
   * True when an earlier attempt of the same step may have reached the vendor (it failed, or its
   * worker died, after sending). WorkMail users carry no custom attribute at creation, so there a
   * duplicate can be this step's own only on such an attempt, and only when it is the user that
   * attempt would have left (see workmail.ts); on a first attempt every duplicate is someone else's.
   */
  readonly retrying?: boolean | undefined;
}

export interface CreatedMailbox {
  /** The vendor's id for the user (Google user id, Entra object id, WorkMail UserId). */
  readonly providerUserId: string;
}

export interface MailboxProvider {
  /** Registry id: 'google_workspace', 'microsoft_365', 'aws_workmail'. */
  readonly id: string;
  /** True when the vendor makes the person choose a new password at first sign-in (WorkMail cannot). */
  readonly forcesPasswordChange: boolean;
  createMailbox(mailbox: NewMailbox): Promise<CreatedMailbox>;
  /** True when the address already names a user, an alias or a group in the vendor's directory. */
  addressTaken(email: string): Promise<boolean>;
  /** One harmless call: the token grant (or a signed request) and a one-item list. */
  testConnection(): Promise<void>;
}

/** The part before the @: Graph's mailNickname and WorkMail's user Name. */
export function localPart(email: string): string {
  const at = email.lastIndexOf('@');
  return at === -1 ? email : email.slice(0, at);
}
