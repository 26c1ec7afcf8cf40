import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from './context.ts';
import { AppError } from './errors.ts';
import { registerAccessControl } from './http/access.ts';
import { sendProblem, toProblem } from './http/problem.ts';
import { validatorCompiler } from './http/validation.ts';
import { registerInputChecks } from './http/input.ts';
import { migrationStatus } from './db/migrate.ts';
import { describeDbError } from './db/connection-errors.ts';
import { MODULES } from './modules.ts';
import { configurePasswordHashing } from './identities/passwords.ts';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');
const VERSION = '0.1.0';

/**
 * helmet's headers, computed once: helmet is built for Express-style middleware and, wrapped per
 * request, re-parses its policy every time. Its answer does not depend on the request.
 */
function helmetHeaders(options: Parameters<typeof helmet>[0]): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
}

/** Builds the HTTP application without listening, so tests can `inject` into it. */
export async function buildApp(ctx: Context): Promise<FastifyInstance> {
  configurePasswordHashing({ concurrency: ctx.config.passwordHashConcurrency, queue: ctx.config.passwordHashQueue });
  const app = Fastify({
    loggerInstance: ctx.log as unknown as FastifyBaseLogger,
    bodyLimit: ctx.config.bodyLimit,
    // a number of hops: trust the nearest that many addresses of X-Forwarded-For (proxy-addr's hop index)
    trustProxy: typeof ctx.config.trustProxy === 'number' ? (_address: string, hop: number) => hop < (ctx.config.trustProxy as number) : ctx.config.trustProxy,
    // keep a caller's request id when it looks like one, so logs join up across services
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // errors the router raises before any route or hook runs: a path whose percent-encoding is not UTF-8
    frameworkErrors: (error, request, reply) => {
      const appError = error.code === 'FST_ERR_BAD_URL' ? new AppError('invalid_text', 'the path has percent-encoding that is not UTF-8 text') : new AppError('validation_failed', error.message);
      const { problem, headers } = toProblem(appError, request);
      return sendProblem(reply, problem, headers);
    },
  });
  app.setValidatorCompiler(validatorCompiler);

  // upgrade-insecure-requests would make browsers fetch the UI's own scripts over https from a plain-http
  // deployment on a LAN address (a blank page); ask for it only when Embark is served over https
  const upgradeInsecure = ctx.config.publicUrl.startsWith('https://') ? [] : null;
  const securityHeaders = helmetHeaders({
    contentSecurityPolicy: {
      directives: {
        upgradeInsecureRequests: upgradeInsecure,
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  // one hook for what every answer carries: the security headers and the request id
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(securityHeaders);
    reply.header('x-request-id', request.id);
    done();
  });

  app.setErrorHandler((error, request, reply) => {
    const { problem, headers, internal } = toProblem(error, request);
    if (problem.code === 'database_unavailable') request.log.warn({ err: describeDbError(error) }, 'request failed: the database connection was lost');
    // a 5xx that says what happened (server_busy) is the server protecting itself, not a fault
    else if (error instanceof AppError && error.expose && problem.status >= 500) request.log.warn({ code: problem.code, status: problem.status }, 'request refused');
    else if (internal) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: problem.code, status: problem.status }, 'request refused');
    return sendProblem(reply, problem, headers);
  });

  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0]!;
    if (url.startsWith('/api/') || request.method !== 'GET' || !existsSync(path.join(WEB_DIST, 'index.html'))) {
      const { problem } = toProblem(new AppError('route_not_found', `no route for ${request.method} ${url}`), request);
      return sendProblem(reply, problem);
    }
    // the single-page UI routes by path (web/src/router.ts): /t/<subdomain>/login, /signup/<subdomain>, /users… are all index.html
    return reply.type('text/html').sendFile('index.html');
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Embark API', version: VERSION, description: 'Onboarding and provisioning for multi-tenant teams. Errors are application/problem+json with a stable `code` (docs/errors.md).' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An access token from /api/v1/auth/login, or a tenant API key (emb_…) where accepted' } } },
      security: [{ bearer: [] }],
    },
  });
  // swagger-ui injects inline styles; its pages get their own policy allowing exactly that
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'${upgradeInsecure ? '; upgrade-insecure-requests' : ''}`,
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerAccessControl(app, ctx);
  registerInputChecks(app);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    try {
      // both pools: requests run on the application's, migrations and jobs on the owner's
      await ctx.db.app.query('select 1');
      const status = await migrationStatus(ctx.db.owner);
      if (status.pending.length || status.unknown.length) {
        return reply.status(503).send({ status: 'not_ready', reason: 'migrations are not current', pending: status.pending, unknown: status.unknown });
      }
      return { status: 'ready', migrations: status.applied };
    } catch (err) {
      request.log.warn({ err: describeDbError(err) }, 'readiness check could not reach the database');
      return reply.status(503).send({ status: 'not_ready', reason: 'database unreachable' });
    }
  });

  for (const module of MODULES) await app.register(module.routes, { ctx });

  if (existsSync(WEB_DIST)) {
    await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: false, index: ['index.html'] });
  }
  return app;
}
