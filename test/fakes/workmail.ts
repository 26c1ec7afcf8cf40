/**
 * A fake Amazon WorkMail (AWS JSON 1.1, PROVIDERS.md 4.4) that checks the SigV4 signature for real,
 * as test/fakes/ses.ts does: recomputed from the request as received with the secret key, scoped to
 * the region and the `workmail` service. Every call must be a POST to / with
 * application/x-amz-json-1.1 and X-Amz-Target WorkMailService.<Op>, for the configured
 * organization, with only the fields the operation takes. It keeps users and groups and answers
 * NameAvailabilityException / EmailAddressInUseException on clashes; DescribeUser finds a user by
 * UserId, user name or address.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { sha256Hex, signature } from '../../src/providers/aws-sigv4.ts';
import { mediaType, startHttpFake, type HttpFake, type RawRequest, type ScriptedResponse, type Verdict } from './http-fake.ts';

const OPERATIONS: Record<string, { required: string[]; optional: string[] }> = {
  CreateUser: { required: ['OrganizationId', 'Name', 'DisplayName'], optional: ['Password', 'Role', 'FirstName', 'LastName', 'HiddenFromGlobalAddressList', 'IdentityProviderUserId'] },
  RegisterToWorkMail: { required: ['OrganizationId', 'EntityId', 'Email'], optional: [] },
  DeleteUser: { required: ['OrganizationId', 'UserId'], optional: [] },
  DescribeEntity: { required: ['OrganizationId', 'Email'], optional: [] },
  DescribeUser: { required: ['OrganizationId', 'UserId'], optional: [] },
  ListUsers: { required: ['OrganizationId'], optional: ['NextToken', 'MaxResults', 'Filters'] },
};
const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export interface WorkMailUser {
  readonly UserId: string;
  readonly Name: string;
  readonly DisplayName: string;
  readonly FirstName?: string;
  readonly LastName?: string;
  readonly Password?: string;
  Email?: string;
  State: 'DISABLED' | 'ENABLED';
}

export interface WorkMailRequest {
  readonly operation: string | undefined;
  readonly signatureValid: boolean;
  readonly signedHeaders: string[] | undefined;
  readonly body: Record<string, unknown> | undefined;
}

export interface WorkMailFake extends HttpFake {
  readonly users: WorkMailUser[];
  readonly requests: WorkMailRequest[];
  /** Operations as sent, in order. */
  readonly operations: string[];
  addUser(name: string, email?: string, names?: { DisplayName?: string; FirstName?: string; LastName?: string }): WorkMailUser;
  addGroup(email: string): void;
}

export interface WorkMailFakeOptions {
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly organizationId: string;
  readonly mailDomains: readonly string[];
}

/** A JSON 1.1 error; `namespaced` sends `com.amazonaws.workmail#Type` as some services do. */
export function workmailError(type: string, message: string, options: { status?: number; namespaced?: boolean } = {}): ScriptedResponse {
  return { status: options.status ?? 400, headers: { 'x-amzn-requestid': randomUUID(), 'content-type': 'application/x-amz-json-1.1' }, body: { __type: options.namespaced ? `com.amazonaws.workmail#${type}` : type, Message: message } };
}

export async function startWorkMailFake(options: WorkMailFakeOptions): Promise<WorkMailFake> {
  const users: WorkMailUser[] = [];
  const groups: string[] = [];
  const requests: WorkMailRequest[] = [];
  const operations: string[] = [];
  const lower = (s: string) => s.toLowerCase();
  const emailTaken = (email: string) => users.some((u) => u.Email && lower(u.Email) === lower(email)) || groups.some((g) => lower(g) === lower(email));
  const findUser = (id: string) => users.find((u) => u.UserId === id || lower(u.Name) === lower(id));

  function addUser(name: string, email?: string, names: { DisplayName?: string; FirstName?: string; LastName?: string } = {}): WorkMailUser {
    const user: WorkMailUser = { UserId: randomUUID(), Name: name, DisplayName: name, ...names, State: email ? 'ENABLED' : 'DISABLED', ...(email ? { Email: email } : {}) };
    users.push(user);
    return user;
  }

  function signatureProblem(raw: RawRequest, match: RegExpExecArray | null): string | undefined {
    if (!match) return 'no AWS4-HMAC-SHA256 Authorization header';
    const [, accessKeyId, day, region, service, signedHeaderList, given] = match;
    const signedHeaders = signedHeaderList!.split(';');
    if (accessKeyId !== options.accessKeyId) return `unknown access key ${accessKeyId}`;
    if (region !== options.region) return `credential scoped to region ${region}, not ${options.region}`;
    if (service !== 'workmail') return `credential scoped to service ${service}, not workmail`;
    for (const required of ['host', 'x-amz-date', 'x-amz-target', 'content-type']) if (!signedHeaders.includes(required)) return `${required} is not among the signed headers`;
    const amzDate = String(raw.headers['x-amz-date'] ?? '');
    const parts = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    if (!parts) return `x-amz-date ${amzDate || '(none)'} is not YYYYMMDDTHHMMSSZ`;
    if (amzDate.slice(0, 8) !== day) return 'credential date differs from x-amz-date';
    const signedAt = Date.UTC(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3]), Number(parts[4]), Number(parts[5]), Number(parts[6]));
    if (Math.abs(Date.now() - signedAt) > MAX_CLOCK_SKEW_MS) return 'signature expired (x-amz-date more than 15 minutes away)';
    const headers = Object.fromEntries(Object.entries(raw.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : (value ?? '')]));
    const expected = signature({ method: raw.method, pathAndQuery: raw.target, headers, signedHeaders, payloadHash: sha256Hex(raw.body), amzDate, region: options.region, service: 'workmail', secretAccessKey: options.secretAccessKey });
    return timingSafeEqual(Buffer.from(expected), Buffer.from(given!)) ? undefined : 'signature does not match the request';
  }

  function createUser(body: Record<string, unknown>): Verdict {
    const name = String(body.Name);
    if (!/^[\w\-.]+(@[a-zA-Z0-9.-]+\.[a-zA-Z0-9-]{2,})?$/.test(name) || name.length > 64) return { violation: `Name ${name} is not a valid user name of at most 64 characters`, response: workmailError('InvalidParameterException', '1 validation error detected: Name') };
    if (String(body.DisplayName).length > 256) return { violation: 'DisplayName longer than 256', response: workmailError('InvalidParameterException', '1 validation error detected: DisplayName') };
    if (typeof body.Password !== 'string' || body.Password.length < 8) return { refuse: workmailError('InvalidPasswordException', 'The provided password does not meet the password policy.') };
    if (findUser(name)) return { refuse: workmailError('NameAvailabilityException', `The user name ${name} is already in use.`) };
    return {
      respond: () => {
        const user = addUser(name);
        Object.assign(user, { DisplayName: body.DisplayName, FirstName: body.FirstName, LastName: body.LastName, Password: body.Password });
        return { status: 200, body: { UserId: user.UserId } };
      },
    };
  }

  function register(body: Record<string, unknown>): Verdict {
    const user = findUser(String(body.EntityId));
    const email = String(body.Email);
    if (!user) return { refuse: workmailError('EntityNotFoundException', 'The identifier supplied for the user, group, or resource does not exist in your organization.') };
    if (!options.mailDomains.some((d) => lower(d) === lower(email.split('@')[1] ?? ''))) return { refuse: workmailError('MailDomainNotFoundException', `The domain of ${email} is not a mail domain of the organization.`) };
    if (user.State === 'ENABLED') return { refuse: workmailError('EntityAlreadyRegisteredException', 'The user, group, or resource that you are trying to register is already registered.') };
    if (emailTaken(email)) return { refuse: workmailError('EmailAddressInUseException', 'The email address that you are trying to assign is already created for a different user, group, or resource.') };
    return {
      respond: () => {
        user.Email = email;
        user.State = 'ENABLED';
        return { status: 200, body: {} };
      },
    };
  }

  function decide(raw: RawRequest): Verdict {
    const target = String(raw.headers['x-amz-target'] ?? '');
    const operation = target.startsWith('WorkMailService.') ? target.slice('WorkMailService.'.length) : undefined;
    let body: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(raw.body);
      body = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      body = undefined;
    }
    const authorization = AUTHORIZATION.exec(String(raw.headers.authorization ?? ''));
    const problem = signatureProblem(raw, authorization);
    requests.push({ operation, signatureValid: problem === undefined, signedHeaders: authorization?.[5]?.split(';'), body });
    operations.push(operation ?? target);
    if (problem) {
      const unknownKey = authorization && authorization[1] !== options.accessKeyId;
      return { violation: problem, response: unknownKey ? workmailError('UnrecognizedClientException', 'The security token included in the request is invalid.') : workmailError('InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.') };
    }
    if (raw.method !== 'POST' || raw.path !== '/') return { violation: 'JSON 1.1 calls are POST /', response: workmailError('UnknownOperationException', 'Unknown operation', { status: 404 }) };
    if (mediaType(raw.headers) !== 'application/x-amz-json-1.1') return { violation: `Content-Type ${mediaType(raw.headers) || '(none)'} instead of application/x-amz-json-1.1`, response: workmailError('SerializationException', 'Unsupported content type') };
    const shape = operation ? OPERATIONS[operation] : undefined;
    if (!shape) return { violation: `X-Amz-Target ${target || '(none)'} is not a WorkMailService operation this fake knows`, response: workmailError('UnknownOperationException', `Unknown operation ${target}`) };
    if (!body) return { violation: 'the body is not a JSON object', response: workmailError('SerializationException', 'Malformed body') };
    for (const name of Object.keys(body)) if (![...shape.required, ...shape.optional].includes(name)) return { violation: `${operation} takes no field ${name}`, response: workmailError('SerializationException', `Unknown field ${name}`) };
    for (const name of shape.required) if (typeof body[name] !== 'string' || body[name] === '') return { violation: `${operation} needs ${name}`, response: workmailError('InvalidParameterException', `${name} is required`) };
    if (body.OrganizationId !== options.organizationId) return { refuse: workmailError('OrganizationNotFoundException', "An operation received a valid organization identifier that either doesn't belong or exist in the system.") };

    switch (operation) {
      case 'CreateUser':
        return createUser(body);
      case 'RegisterToWorkMail':
        return register(body);
      case 'DeleteUser': {
        const user = findUser(String(body.UserId));
        if (!user) return { refuse: workmailError('EntityNotFoundException', 'The identifier supplied for the user, group, or resource does not exist in your organization.') };
        if (user.State === 'ENABLED') return { refuse: workmailError('EntityStateException', "You are performing an operation on a user, group, or resource that isn't in the expected state, such as trying to delete an active user.") };
        return {
          respond: () => {
            users.splice(users.indexOf(user), 1);
            return { status: 200, body: {} };
          },
        };
      }
      case 'DescribeUser': {
        const key = String(body.UserId);
        const user = findUser(key) ?? users.find((u) => u.Email && lower(u.Email) === lower(key));
        if (!user) return { refuse: workmailError('EntityNotFoundException', 'The identifier supplied for the user, group, or resource does not exist in your organization.') };
        return {
          respond: () => ({
            status: 200,
            body: {
              UserId: user.UserId,
              Name: user.Name,
              DisplayName: user.DisplayName,
              State: user.State,
              UserRole: 'USER',
              ...(user.Email ? { Email: user.Email, EnabledDate: Date.now() / 1000 } : {}),
              ...(user.FirstName ? { FirstName: user.FirstName } : {}),
              ...(user.LastName ? { LastName: user.LastName } : {}),
            },
          }),
        };
      }
      case 'DescribeEntity': {
        const email = lower(String(body.Email));
        const user = users.find((u) => u.Email && lower(u.Email) === email);
        if (user) return { respond: () => ({ status: 200, body: { EntityId: user.UserId, Name: user.Name, Type: 'USER' } }) };
        if (groups.some((g) => lower(g) === email)) return { respond: () => ({ status: 200, body: { EntityId: `S-1-1-11-${randomUUID()}`, Name: email.split('@')[0], Type: 'GROUP' } }) };
        return { refuse: workmailError('EntityNotFoundException', 'The identifier supplied for the user, group, or resource does not exist in your organization.') };
      }
      default: {
        const max = typeof body.MaxResults === 'number' ? body.MaxResults : 100;
        return { respond: () => ({ status: 200, body: { Users: users.slice(0, max).map((u) => ({ Id: u.UserId, Name: u.Name, State: u.State, ...(u.Email ? { Email: u.Email } : {}) })) } }) };
      }
    }
  }

  const http = await startHttpFake('workmail', decide);
  return Object.assign(http, { users, requests, operations, addUser, addGroup: (email: string) => void groups.push(email) });
}
