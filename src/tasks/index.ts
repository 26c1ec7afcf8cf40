import type { JobHelpers } from 'graphile-worker';
import type { Context } from '../context.ts';
import { dispatchMessageTask } from './dispatch_message.ts';
import { deliverWebhookTask } from './deliver_webhook.ts';

export type EmbarkTask = (ctx: Context, payload: unknown, helpers: JobHelpers) => Promise<void>;

/** Every worker task, by its task identifier (the name SQL passes to graphile_worker.add_job). */
export const TASKS: Record<string, EmbarkTask> = {
  dispatch_message: dispatchMessageTask,
  deliver_webhook: deliverWebhookTask,
};
