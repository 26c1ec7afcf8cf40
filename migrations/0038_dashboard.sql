-- The tenant's home dashboard (GET /api/v1/tenant/dashboard, src/dashboard/): what needs attention is
-- read from small partial indexes of the failed rows only, so the answer costs the same on a tenant
-- with 100,000 users and millions of messages as on a new one; the counts use the lists' indexes.
-- The latest failed runs of the tenant, and how many there are.
create index job_runs_failed on job_runs (tenant_id, updated_at desc, id desc) where state = 'failed';
-- The latest webhook deliveries that used all their attempts (dead), and how many there are.
create index webhook_deliveries_failed on webhook_deliveries (tenant_id, created_at desc, id desc) where status = 'failed';
-- How many subjects completed each checklist: beside onboarding_progress_checklist, which counts
-- every subject a checklist applies to, both read from an index alone.
create index onboarding_progress_completed on onboarding_progress (tenant_id, checklist_key, subject_type) where completed_at is not null;
