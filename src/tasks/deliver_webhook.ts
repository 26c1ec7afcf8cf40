import type { EmbarkTask } from './index.ts';
import { deliverWebhook } from '../webhooks/outbound.delivery.ts';
import { parsePayload } from '../jobs/tasks.ts';

export const deliverWebhookTask: EmbarkTask = async (ctx, payload, helpers) => {
  const job = parsePayload.deliverWebhook(payload);
  if (!job) {
    // a malformed job can never succeed: log it and let it complete instead of retrying forever
    helpers.logger.error(`deliver_webhook: malformed payload ${JSON.stringify(payload)}`);
    return;
  }
  await deliverWebhook(ctx, job.tenant_id, job.delivery_id);
};
