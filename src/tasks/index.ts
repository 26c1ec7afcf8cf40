import type { JobHelpers } from 'graphile-worker';
import type { Context } from '../context.ts';
import { TASK, type TaskName } from '../jobs/tasks.ts';
import { dispatchMessageTask } from './dispatch_message.ts';
import { deliverWebhookTask } from './deliver_webhook.ts';
import { runStepTask, stuckRuns } from '../jobs/runs.ts';
import type { StuckWork } from '../jobs/work.ts';
import { stuckMessages } from '../messaging/recovery.ts';
import { stuckDeliveries } from '../webhooks/outbound.delivery.ts';

export type EmbarkTask = (ctx: Context, payload: unknown, helpers: JobHelpers) => Promise<void>;

/** Every worker task, by its task identifier (src/jobs/tasks.ts, the name SQL passes to queue_job). */
export const TASKS: Record<TaskName, EmbarkTask> = {
  [TASK.dispatchMessage]: dispatchMessageTask,
  [TASK.deliverWebhook]: deliverWebhookTask,
  [TASK.runStep]: runStepTask,
};

/** What the worker's sweep (sweepStuckWork, src/jobs/work.ts) looks for: every kind of durable work. */
export const STUCK_WORK: readonly StuckWork[] = [stuckMessages, stuckDeliveries, stuckRuns];
