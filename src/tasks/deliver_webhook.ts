import type { EmbarkTask } from './index.ts';
import { deliverWebhook } from '../webhooks/outbound.delivery.ts';
import { isUuid } from '../db/tx.ts';

export const deliverWebhookTask: EmbarkTask = async (ctx, payload, helpers) => {
  const { tenant_id: tenantId, delivery_id: deliveryId } = (payload ?? {}) as { tenant_id?: unknown; delivery_id?: unknown };
  if (!isUuid(tenantId) || typeof deliveryId !== 'string' || !/^msg_[0-9a-z]{1,60}$/.test(deliveryId)) {
    // a malformed job can never succeed: log it and let it complete instead of retrying forever
    helpers.logger.error(`deliver_webhook: malformed payload ${JSON.stringify(payload)}`);
    return;
  }
  await deliverWebhook(ctx, tenantId, deliveryId);
};
