import type { Queryable } from '../db/pool.ts';

export async function insertInboundMessage(db: Queryable, m: { tenantId: string; channel: 'sms'; provider: string; from: string; to: string; body: string; receiptId: string }): Promise<void> {
  await db.query('insert into inbound_messages (tenant_id, channel, provider, from_address, to_address, body, receipt_id) values ($1, $2, $3, $4, $5, $6, $7)', [m.tenantId, m.channel, m.provider, m.from, m.to, m.body, m.receiptId]);
}

export async function optOut(db: Queryable, tenantId: string, phoneNumber: string): Promise<void> {
  await db.query('insert into sms_opt_outs (tenant_id, phone_number) values ($1, $2) on conflict do nothing', [tenantId, phoneNumber]);
}

export async function optIn(db: Queryable, tenantId: string, phoneNumber: string): Promise<void> {
  await db.query('delete from sms_opt_outs where tenant_id = $1 and phone_number = $2', [tenantId, phoneNumber]);
}
