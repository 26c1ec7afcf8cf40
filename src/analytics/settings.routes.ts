import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { ACCESS, actorOf, tenantOf } from '../http/access.ts';
import { objectBody, responses } from '../http/schemas.ts';
import { getAnalyticsSettings, putAnalyticsSettings, type AnalyticsSettingsInput } from './settings.service.ts';

const IP_MODES = ['full', 'truncate', 'none'];
const settings = {
  type: 'object',
  properties: {
    retention_days: { type: 'integer', description: 'tracked events older than this are deleted by the hourly upkeep' },
    ip_mode: { type: 'string', enum: IP_MODES, description: 'full: the address as it came; truncate: its /24 (IPv4) or /48 (IPv6) network; none: not kept' },
    updated_at: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

/** The tenant's analytics settings: retention of tracked events, and what of an address is kept. */
export async function analyticsSettingsRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get('/api/v1/tenant/analytics-settings', { config: { access: ACCESS.tenantAdmin }, schema: { tags: ['analytics'], summary: 'How long tracked events are kept, and how much of an address', response: responses({ 200: settings }) } }, async (request) =>
    getAnalyticsSettings(ctx, tenantOf(request)),
  );
  app.put<{ Body: AnalyticsSettingsInput }>(
    '/api/v1/tenant/analytics-settings',
    {
      config: { access: ACCESS.tenantAdmin },
      schema: {
        tags: ['analytics'],
        summary: 'Change the retention of tracked events (1–3660 days) or the address mode; a field left out stays',
        body: { ...objectBody({ retention_days: { type: 'integer', minimum: 1, maximum: 3660 }, ip_mode: { type: 'string', enum: IP_MODES } }), minProperties: 1 },
        response: responses({ 200: settings }),
      },
    },
    async (request) => putAnalyticsSettings(ctx, actorOf(request), tenantOf(request), request.body),
  );
}
