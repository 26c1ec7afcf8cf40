import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { deriveKeys, type Context, type ModuleHooks } from './context.ts';
import type { Database } from './db/pool.ts';
import type { UserCreatedHook } from './identities/users.service.ts';
import { sendTemporaryPassword } from './messaging/user-hooks.ts';
import { tenantsRoutes } from './tenants/tenants.routes.ts';
import { identitiesRoutes } from './identities/identities.routes.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { onboardingRoutes } from './onboarding/onboarding.routes.ts';
import { onboardingUsersRoutes } from './onboarding/onboarding-users.routes.ts';
import { templatesRoutes } from './templates/templates.routes.ts';
import { messagingRoutes } from './messaging/messaging.routes.ts';
import { voiceRoutes } from './messaging/voice.routes.ts';
import { inboundRoutes } from './messaging/inbound.routes.ts';
import { integrationsRoutes } from './integrations/integrations.routes.ts';
import { eventsRoutes } from './events/events.routes.ts';
import { checklistsRoutes } from './checklists/checklists.routes.ts';
import { ingestRoutes } from './analytics/ingest.routes.ts';
import { analyticsSettingsRoutes } from './analytics/settings.routes.ts';
import { embedRoutes } from './embed/embed.routes.ts';
import { analyticsRoutes } from './analytics/analytics.routes.ts';
import { outboundWebhooksRoutes } from './webhooks/outbound.routes.ts';
import { jobsRoutes } from './jobs/jobs.routes.ts';
import { runsRoutes } from './jobs/runs.routes.ts';
import { metricsRoutes } from './metrics/metrics.routes.ts';
import { organizationsRoutes } from './organizations/organizations.routes.ts';
import { crmRoutes } from './crm/crm.routes.ts';
import { hiresRoutes } from './hires/hires.routes.ts';
import { dashboardRoutes } from './dashboard/dashboard.routes.ts';
import { HIRES_RUNS } from './hires/provisioning.ts';
import { defineRuns, type RunDefinition } from './jobs/runs.ts';

export interface Module {
  readonly name: string;
  readonly routes: (app: FastifyInstance, options: { ctx: Context }) => Promise<void>;
  /** What the module does when another module's event happens, in that event's transaction. */
  readonly hooks?: { readonly userCreated?: UserCreatedHook };
  /** The kinds of multi-step run the module starts (src/jobs/runs.ts), by kind. */
  readonly runs?: Readonly<Record<string, RunDefinition<never>>>;
}

/** Every domain module's routes, registered in this order by buildApp. Add one line per module. */
export const MODULES: readonly Module[] = [
  { name: 'tenants', routes: tenantsRoutes },
  { name: 'identities', routes: identitiesRoutes },
  { name: 'audit', routes: auditRoutes },
  { name: 'organizations', routes: organizationsRoutes },
  { name: 'onboarding', routes: onboardingRoutes },
  { name: 'onboarding-users', routes: onboardingUsersRoutes },
  { name: 'templates', routes: templatesRoutes },
  { name: 'messaging', routes: messagingRoutes, hooks: { userCreated: sendTemporaryPassword } },
  { name: 'voice', routes: voiceRoutes },
  { name: 'inbound', routes: inboundRoutes },
  { name: 'integrations', routes: integrationsRoutes },
  { name: 'events', routes: eventsRoutes },
  { name: 'checklists', routes: checklistsRoutes },
  { name: 'ingest', routes: ingestRoutes },
  { name: 'analytics-settings', routes: analyticsSettingsRoutes },
  { name: 'embed', routes: embedRoutes },
  { name: 'analytics', routes: analyticsRoutes },
  { name: 'webhooks', routes: outboundWebhooksRoutes },
  { name: 'crm', routes: crmRoutes },
  { name: 'hires', routes: hiresRoutes, runs: HIRES_RUNS },
  { name: 'dashboard', routes: dashboardRoutes },
  { name: 'jobs', routes: jobsRoutes },
  { name: 'runs', routes: runsRoutes },
  { name: 'metrics', routes: metricsRoutes },
];

/** Every module's hooks, in MODULES order. */
export function moduleHooks(modules: readonly Module[] = MODULES): ModuleHooks {
  return { userCreated: modules.flatMap((m) => (m.hooks?.userCreated ? [m.hooks.userCreated] : [])) };
}

/** The context every entry point (serve, worker, CLI, tests, benchmarks) runs services with. */
export function createContext(config: Config, db: Database, log: Logger, modules: readonly Module[] = MODULES): Context {
  for (const module of modules) if (module.runs) defineRuns(module.runs);
  return { config, db, log, keys: deriveKeys(config.secretKey), hooks: moduleHooks(modules) };
}
