import type { EmbarkTask } from './index.ts';
import { dispatchMessage } from '../messaging/dispatch.ts';
import { isUuid } from '../db/tx.ts';

export const dispatchMessageTask: EmbarkTask = async (ctx, payload, helpers) => {
  const { tenant_id: tenantId, message_id: messageId } = (payload ?? {}) as { tenant_id?: unknown; message_id?: unknown };
  if (!isUuid(tenantId) || !isUuid(messageId)) {
    // a malformed job can never succeed: log it and let it complete instead of retrying forever
    helpers.logger.error(`dispatch_message: malformed payload ${JSON.stringify(payload)}`);
    return;
  }
  await dispatchMessage(ctx, tenantId, messageId, { batch: ctx.config.dispatchBatch });
};
