import type { EmbarkTask } from './index.ts';
import { dispatchMessage } from '../messaging/dispatch.ts';
import { parsePayload } from '../jobs/tasks.ts';

export const dispatchMessageTask: EmbarkTask = async (ctx, payload, helpers) => {
  const job = parsePayload.dispatchMessage(payload);
  if (!job) {
    // a malformed job can never succeed: log it and let it complete instead of retrying forever
    helpers.logger.error(`dispatch_message: malformed payload ${JSON.stringify(payload)}`);
    return;
  }
  await dispatchMessage(ctx, job.tenant_id, job.message_id, { batch: ctx.config.dispatchBatch });
};
