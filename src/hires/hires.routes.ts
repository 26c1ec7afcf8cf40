import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { ACCESS, actorOf, tenantOf } from '../http/access.ts';
import { displayText, e164, email, httpUrl, idParams, objectBody, pageOf, pageQuery, responses, timestamp, uuid } from '../http/schemas.ts';
import type { PageQuery } from '../http/pagination.ts';
import * as hires from './hires.service.ts';
import { receiveEsignWebhook } from './esign.service.ts';
import * as provisioning from './provisioning.service.ts';
import { DROPBOX_SIGN_ACK } from '../providers/esign/parse.ts';
import { acceptRawBodies } from '../webhooks/receipts.ts';
import { subdomain } from '../onboarding/onboarding.schemas.ts';
import type { EsignProvider, HireStatus } from './hires.store.ts';
import type { RunState } from '../jobs/runs.store.ts';

const tags = ['hires'];
const HIRE_STATUSES: HireStatus[] = ['awaiting_documents', 'provisioning', 'provisioned', 'failed', 'cancelled'];
const kindKey = { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$', description: 'a document kind key, e.g. w9' } as const;
const nullableString = { type: ['string', 'null'] } as const;

const settings = {
  type: 'object',
  properties: {
    document_kinds: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, label: { type: 'string' } } } },
    email_domain: nullableString,
    sign_in_url: nullableString,
    updated_at: nullableString,
  },
} as const;

const hire = {
  type: 'object',
  properties: {
    id: uuid,
    first_name: { type: 'string' },
    last_name: { type: 'string' },
    personal_email: { type: 'string' },
    phone: nullableString,
    role: nullableString,
    contact_id: nullableString,
    status: { type: 'string', enum: HIRE_STATUSES },
    corporate_email: nullableString,
    run_id: { type: ['string', 'null'], description: 'the provisioning run (GET /api/v1/tenant/runs/:id shows its steps)' },
    created_at: timestamp,
    updated_at: timestamp,
  },
} as const;

const document = {
  type: 'object',
  properties: { kind: { type: 'string' }, provider: { type: 'string' }, envelope_id: { type: 'string' }, status: { type: 'string' }, completed_at: nullableString, updated_at: timestamp },
} as const;

const hireDetail = { ...hire, properties: { ...hire.properties, documents: { type: 'array', items: document }, documents_missing: { type: 'array', items: { type: 'string' }, description: 'required kinds with no completed document yet' } } } as const;

/** Hires, their documents and the tenant's hire settings (issue 14). */
export async function hiresRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get(
    '/api/v1/tenant/hire-settings',
    {
      config: { access: ACCESS.tenantStaff },
      schema: { tags, summary: "Which documents every hire signs, the corporate email domain and the welcome email's sign-in link", response: responses({ 200: settings }) },
    },
    async (request) => hires.getHireSettings(ctx, tenantOf(request)),
  );

  app.put<{ Body: { document_kinds: { key: string; label: string }[]; email_domain: string | null; sign_in_url: string | null } }>(
    '/api/v1/tenant/hire-settings',
    {
      config: { access: ACCESS.tenantAdmin },
      schema: {
        tags,
        summary: "Replace the tenant's hire settings",
        body: {
          ...objectBody(
            {
              document_kinds: { type: 'array', maxItems: 20, items: objectBody({ key: kindKey, label: displayText(100) }, ['key', 'label']) },
              email_domain: { anyOf: [{ type: 'string', maxLength: 253, pattern: '^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$' }, { type: 'null' }] },
              sign_in_url: { anyOf: [httpUrl, { type: 'null' }] },
            },
            ['document_kinds', 'email_domain', 'sign_in_url'],
          ),
          example: {
            document_kinds: [
              { key: 'w9', label: 'W-9' },
              { key: 'hire_agreement', label: 'Hire agreement' },
            ],
            email_domain: 'example.com',
            sign_in_url: 'https://crm.example.com/login',
          },
        },
        response: responses({ 200: settings }),
      },
    },
    async (request) => hires.putHireSettings(ctx, actorOf(request), tenantOf(request), request.body),
  );

  app.post<{ Body: hires.HireInput }>(
    '/api/v1/hires',
    {
      config: { access: ACCESS.tenantStaff },
      schema: {
        tags,
        summary: 'Add a hire; from a CRM contact (contact_id), the contact fills the names, email and phone the body leaves out',
        body: {
          ...objectBody({ first_name: displayText(100), last_name: displayText(100), personal_email: email, phone: { anyOf: [e164, { type: 'null' }] }, role: { anyOf: [displayText(100), { type: 'null' }] }, contact_id: uuid }),
          anyOf: [{ required: ['first_name', 'last_name', 'personal_email'] }, { required: ['contact_id'] }],
        },
        response: responses({ 201: hire }),
      },
    },
    async (request, reply) => reply.status(201).send(await hires.createHire(ctx, actorOf(request), tenantOf(request), request.body)),
  );

  app.get<{ Querystring: { status?: HireStatus } & PageQuery }>(
    '/api/v1/hires',
    {
      config: { access: ACCESS.tenantStaff },
      schema: {
        tags,
        summary: "The tenant's hires, oldest first; page with cursor=<next_cursor>",
        querystring: { type: 'object', additionalProperties: false, properties: { ...pageQuery, status: { type: 'string', enum: HIRE_STATUSES } } },
        response: responses({ 200: pageOf(hire) }),
      },
    },
    async (request) => {
      const { status, ...page } = request.query;
      return hires.listHires(ctx, tenantOf(request), status, page);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/hires/:id',
    {
      config: { access: ACCESS.tenantStaff, isolation: { id: 'hires' } },
      schema: { tags, summary: 'A hire with its documents', params: idParams, response: responses({ 200: hireDetail }) },
    },
    async (request) => hires.getHire(ctx, tenantOf(request), request.params.id),
  );

  app.post<{ Params: { id: string }; Body: { kind: string; provider: EsignProvider; envelope_id: string } }>(
    '/api/v1/hires/:id/documents',
    {
      config: { access: ACCESS.tenantStaff, isolation: { id: 'hires' } },
      schema: {
        tags,
        summary: "Register the e-sign envelope a hire signs one of the required documents in, so the provider's webhooks find it",
        params: idParams,
        body: {
          ...objectBody({ kind: kindKey, provider: { type: 'string', enum: ['docusign', 'dropbox_sign'] }, envelope_id: { ...displayText(200), pattern: '^[A-Za-z0-9_.:-]+$' } }, ['kind', 'provider', 'envelope_id']),
          example: { kind: 'w9', provider: 'docusign', envelope_id: 'envelope-1' },
        },
        response: responses({ 200: hireDetail }),
      },
    },
    async (request) => hires.registerDocument(ctx, actorOf(request), tenantOf(request), request.params.id, request.body),
  );

  app.post<{ Params: { id: string }; Body: hires.SendDocumentInput }>(
    '/api/v1/hires/:id/documents/send',
    {
      config: { access: ACCESS.tenantStaff, isolation: { id: 'hires' } },
      schema: {
        tags,
        summary:
          "Send one of the hire's documents from Embark through the tenant's e-sign integration: a Dropbox Sign signature request or a DocuSign envelope from the tenant's template to the hire's personal address (the hire and kind in its metadata or custom fields), registered as the kind's document. Idempotent per kind: a kind already sent or delivered answers the hire and sends nothing, one being sent by another request is 409 document_sending; only a declined or voided one is sent again",
        params: idParams,
        body: {
          ...objectBody(
            {
              kind: kindKey,
              template_id: { ...displayText(200), pattern: '^[A-Za-z0-9_.:-]+$', description: 'the Dropbox Sign or DocuSign template id' },
              signer_role: { ...displayText(100), description: "the template's signer role the hire signs as, exactly as the template names it" },
              test_mode: { type: 'boolean', description: "Dropbox Sign's test mode: not legally binding (DocuSign's is its demo environment)" },
            },
            ['kind', 'template_id', 'signer_role'],
          ),
          example: { kind: 'w9', template_id: 'c26b8a16784a872da37ea946b9ddec7c1e11dff6', signer_role: 'Employee' },
        },
        response: responses({ 200: hireDetail }),
      },
    },
    async (request) => hires.sendDocument(ctx, actorOf(request), tenantOf(request), request.params.id, request.body),
  );

  const runState = { type: 'string', enum: ['pending', 'running', 'succeeded', 'failed', 'cancelled'] } as const;
  const runSchema = { type: 'object', additionalProperties: true, properties: { id: uuid, kind: { type: 'string' }, state: runState, last_error: nullableString } } as const;

  app.get<{ Querystring: { state?: RunState; hire_id?: string } & PageQuery }>(
    '/api/v1/provisioning/runs',
    {
      config: { access: ACCESS.tenantStaff },
      schema: {
        tags,
        summary: "The tenant's provisioning runs (kind hire.provisioning), newest first, by state and hire; GET /api/v1/tenant/runs/:id shows one's steps, POST …/retry and …/cancel act on it; page with cursor=<next_cursor>",
        querystring: { type: 'object', additionalProperties: false, properties: { ...pageQuery, state: runState, hire_id: uuid } },
        response: responses({ 200: pageOf(runSchema) }),
      },
    },
    async (request) => {
      const { state, hire_id: hireId, ...page } = request.query;
      return provisioning.listProvisioningRuns(ctx, tenantOf(request), { state, hireId }, page);
    },
  );

  app.post<{ Body: { ids?: string[] } }>(
    '/api/v1/provisioning/runs/retry',
    {
      config: { access: ACCESS.tenantAdmin },
      schema: {
        tags,
        summary: 'Retry failed provisioning runs in bulk: these ids, or every failed one (up to 100); each is reported',
        body: objectBody({ ids: { type: 'array', minItems: 1, maxItems: 100, uniqueItems: true, items: uuid } }),
        response: responses({ 200: { type: 'object', properties: { results: { type: 'array', items: { type: 'object', properties: { id: uuid, outcome: { type: 'string' } } } } } } }),
      },
    },
    async (request) => provisioning.retryProvisioningRuns(ctx, actorOf(request), tenantOf(request), request.body.ids),
  );

  app.post(
    '/api/v1/provisioning/run',
    {
      config: { access: ACCESS.tenantAdmin },
      schema: {
        tags,
        summary: "Process the tenant's unfinished provisioning runs now, oldest first (the worker runs them without it); a failing step gets one attempt",
        response: responses({ 200: { type: 'object', properties: { steps_executed: { type: 'integer' } } } }),
      },
    },
    async (request) => provisioning.processProvisioningNow(ctx, tenantOf(request)),
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/hires/:id/provisioning/preview',
    {
      config: { access: ACCESS.tenantStaff, isolation: { id: 'hires' } },
      schema: {
        tags,
        summary: 'A dry run: the address provisioning would choose for the hire now, the addresses it would skip, and its steps; nothing is written or reserved',
        params: idParams,
        response: responses({
          200: { type: 'object', properties: { hire_id: uuid, address: nullableString, skipped: { type: 'array', items: { type: 'string' } }, mailbox_provider: { type: 'string' }, steps: { type: 'array', items: { type: 'string' } }, problems: { type: 'array', items: { type: 'string' } } } },
        }),
      },
    },
    async (request) => provisioning.previewHireProvisioning(ctx, tenantOf(request), request.params.id),
  );

  // the e-sign providers' webhooks: signatures are over the exact bytes, so bodies stay raw here
  await app.register(async (webhooks) => {
    acceptRawBodies(webhooks, { bodyLimit: 1024 * 1024 });
    webhooks.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (request, body, done) => {
      request.rawBody = body as Buffer;
      done(null, {});
    });
    const params = { type: 'object', required: ['tenant'], additionalProperties: false, properties: { tenant: subdomain } } as const;
    const delivery = (request: FastifyRequest) => ({ headers: request.headers, rawBody: request.rawBody ?? Buffer.alloc(0), contentType: request.headers['content-type'] });

    webhooks.post<{ Params: { tenant: string } }>(
      '/api/v1/webhooks/esign/docusign/:tenant',
      {
        config: { access: ACCESS.public },
        schema: { tags: ['webhooks'], summary: "DocuSign Connect events (JSON SIM, HMAC-signed with the tenant's Connect keys) for the tenant's hires' documents", security: [], params },
      },
      async (request) => ({ received: true, outcome: await receiveEsignWebhook(ctx, request.params.tenant, 'docusign', delivery(request)) }),
    );

    webhooks.post<{ Params: { tenant: string } }>(
      '/api/v1/webhooks/esign/dropbox-sign/:tenant',
      {
        config: { access: ACCESS.public },
        schema: { tags: ['webhooks'], summary: "Dropbox Sign callbacks (event_hash with the tenant's API key) for the tenant's hires' documents; answered with the text Dropbox Sign expects", security: [], params },
      },
      async (request, reply) => {
        await receiveEsignWebhook(ctx, request.params.tenant, 'dropbox_sign', delivery(request));
        return reply.type('text/plain; charset=utf-8').send(DROPBOX_SIGN_ACK);
      },
    );
  });
}
