-- Lists read one tenant's rows through an index that leads with tenant_id and matches their order, a
-- page at a time from a cursor (src/http/pagination.ts): a page costs the same on the first and the
-- thousandth page, and nothing of other tenants is walked. Each index below names the list it serves.
--
-- Plain `create index`, not `concurrently`: a migration runs in a transaction. It holds off writes to
-- the table while the index builds, which is seconds for tables of millions of rows.

-- GET /api/v1/users and GET /api/v1/onboarding/users: oldest first
create index users_tenant_created on users (tenant_id, created_at, id);

-- GET /api/v1/messages: newest first, unfiltered or filtered by channel or provider (few values, so
-- those filters are applied while walking this index rather than given indexes of their own: every
-- index is written again on each of a message's status changes)
create index messages_tenant_created on messages (tenant_id, created_at desc, id desc);
-- ?status=: also serves the dispatcher's queued-messages-oldest-first reads (walked backwards), so it
-- replaces (tenant_id, status, created_at desc)
create index messages_tenant_status_created on messages (tenant_id, status, created_at desc, id desc);
drop index messages_tenant_status;
-- ?user_id=: also serves the earlier-onboarding-message lookup of a manual call, which is all the
-- index it replaces was used for
create index messages_tenant_user_created on messages (tenant_id, user_id, created_at desc, id desc);
drop index messages_tenant_user;

-- GET /api/v1/admin/tenants (a global admin's list): oldest first
create index tenants_created on tenants (created_at, id);

-- GET /api/v1/audit for one tenant reads a page's ids from audit_log_tenant_id alone, then their
-- entries (src/audit/audit.store.ts): action is included for ?action=, so the walk never needs the
-- table, and costs less than any walk of the primary key past other tenants' entries. (A global
-- admin's view of every tenant is the primary key's.) Same name: it is the same index, covering.
drop index audit_log_tenant_id;
create index audit_log_tenant_id on audit_log (tenant_id, id desc) include (action);

-- GET /api/v1/tenant/webhooks/:id/deliveries has webhook_deliveries_endpoint (tenant_id, endpoint_id,
-- created_at desc, id desc) since 0005.

-- Login finds a user by tenant and email, case-insensitively. Under row-level security the planner
-- takes only leakproof conditions as index conditions, and lower() is not leakproof: searching the
-- index on the expression lower(email), it used only tenant_id and read every user of the tenant. A
-- stored lower(email) is compared with plain text equality, which is leakproof, so the unique key is
-- searched by both columns — for a global admin (tenant_id is null) as for a tenant user. The index
-- keeps its name: a violation of users_tenant_email_key is how the services know the email is taken.
alter table users add column email_lower text generated always as (lower(email)) stored;
drop index users_tenant_email_key;
create unique index users_tenant_email_key on users (tenant_id, email_lower) nulls not distinct where email_lower is not null;

-- The worker's sweep for work a crashed worker left (src/messaging/recovery.ts) looks at every tenant,
-- oldest untouched first. With these it reads only what is unfinished — queued or sending messages,
-- pending or delivering deliveries — instead of every tenant's history on each sweep of each worker.
create index messages_unfinished on messages (updated_at) where status in ('queued', 'sending');
create index webhook_deliveries_unfinished on webhook_deliveries (updated_at) where status in ('pending', 'delivering');
