-- Deleting a tenant (issue 15 §2): a global admin marks it for deletion — at once it is inactive (its
-- users and keys locked out, inbound traffic refused) — and the worker's sweep erases it with all its
-- data once the grace period is over (EMBARK_TENANT_DELETION_GRACE_DAYS, default 7). Until then it can
-- be restored, with the active state it had. Who did what stays in the global audit log (tenant_id null).
alter table tenants add column deletion_requested_at timestamptz;
alter table tenants add column erase_after timestamptz;
alter table tenants add column active_before_deletion boolean;
alter table tenants add constraint tenants_deletion_whole check ((deletion_requested_at is null) = (erase_after is null) and (deletion_requested_at is null) = (active_before_deletion is null));
create index tenants_erase_after on tenants (erase_after) where erase_after is not null;
