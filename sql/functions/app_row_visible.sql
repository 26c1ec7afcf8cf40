-- The test of every row-level security policy: a row shows when its tenant_id is the transaction's
-- app.tenant_id, or when the transaction declared itself system work (app.system = 'on': login lookup,
-- inbound routing, global-admin listings). One expression, so the planner inlines it into each query.
create or replace function app_row_visible(row_tenant uuid) returns boolean
language sql stable parallel safe as $$
  select coalesce(current_setting('app.system', true), '') = 'on'
      or row_tenant = nullif(current_setting('app.tenant_id', true), '')::uuid
$$;
