import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { ACCESS } from '../http/access.ts';
import { readMetrics } from './metrics.service.ts';

/** A metric's lines in the Prometheus text format: its HELP and TYPE, then one sample per label set. */
function metric(name: string, type: 'counter' | 'gauge', help: string, samples: [Record<string, string>, number][]): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const [labels, value] of samples) {
    const set = Object.entries(labels)
      .map(([key, label]) => `${key}="${label.replace(/["\\\n]/g, '_')}"`)
      .join(',');
    lines.push(`${name}${set ? `{${set}}` : ''} ${value}`);
  }
  return lines.join('\n');
}

/**
 * Operational counters for global admins, in the Prometheus text format (scrape it with a global
 * admin's bearer token): what the database counts for every process, and this process's own state.
 */
export async function metricsRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get(
    '/api/v1/admin/metrics',
    {
      config: { access: ACCESS.globalAdmin },
      schema: { tags: ['operations'], summary: 'Counters and gauges in the Prometheus text format (text/plain; version=0.0.4)' },
    },
    async (_request, reply) => {
      const { counters, unattributed, jobs, hashing } = await readMetrics(ctx);
      const dropped = (reason: string) => counters.find((c) => c.name === `webhook_receipts_dropped:${reason}`)?.value ?? 0;
      const body = [
        metric('embark_webhook_receipts_dropped_total', 'counter', 'Receipts of webhooks tied to no tenant that were not kept: over the per-address limit, or dropped as the oldest beyond the cap.', [
          [{ reason: 'rate_limited' }, dropped('rate_limited')],
          [{ reason: 'capped' }, dropped('capped')],
        ]),
        metric('embark_unattributed_webhook_receipts', 'gauge', 'Receipts kept of webhooks tied to no tenant (unknown number or mailbox, failed signature).', [[{}, unattributed]]),
        metric(
          'embark_jobs',
          'gauge',
          'Jobs in the queue by state: pending (waiting to run), locked (running), failed (out of attempts).',
          (['pending', 'locked', 'failed'] as const).map((state) => [{ state }, jobs[state]] as [Record<string, string>, number]),
        ),
        metric('embark_password_hashes', 'gauge', 'Password hashes in this process: running, and waiting for a place.', [
          [{ state: 'running' }, hashing.running],
          [{ state: 'waiting' }, hashing.waiting],
        ]),
      ].join('\n\n');
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(body + '\n');
    },
  );
}
