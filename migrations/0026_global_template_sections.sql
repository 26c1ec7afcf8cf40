-- The global template sections — the base every tenant's composition starts from — were tenant_id-null
-- rows of template_sections, which a table distributed by tenant cannot hold (issue 10 §9). They move
-- to a table of their own (a Citus reference table: read by every tenant, written only by system work),
-- and template_sections becomes an ordinary tenant table keyed by (tenant_id, bundle, variant, locale,
-- section_key).
create table global_template_sections (
  bundle text not null check (bundle ~ '^[a-z][a-z0-9_]{0,63}$'),
  variant text not null default '' check (variant ~ '^([a-z][a-z0-9_]{0,63})?$'),
  locale text not null default 'en' check (locale ~ '^[a-z]{2}(-[A-Z]{2})?$'),
  section_key text not null check (section_key ~ '^[a-z][a-z0-9_]{0,63}$'),
  position integer not null default 0 check (position between 0 and 9999),
  content text not null check (length(content) <= 20000),
  updated_at timestamptz not null default now(),
  primary key (bundle, variant, locale, section_key)
);
create trigger global_template_sections_updated_at before update on global_template_sections for each row execute function touch_updated_at();

select set_config('app.system', 'on', true);
insert into global_template_sections (bundle, variant, locale, section_key, position, content, updated_at)
  select bundle, variant, locale, section_key, position, content, updated_at from template_sections where tenant_id is null;
delete from template_sections where tenant_id is null;

-- every tenant reads the base; only system work (a global admin's template edits) writes it
alter table global_template_sections enable row level security;
alter table global_template_sections force row level security;
create policy global_template_sections_read on global_template_sections for select using (true);
create policy global_template_sections_write on global_template_sections for all using (app_row_visible(null)) with check (app_row_visible(null));

drop policy template_sections_read on template_sections;
drop policy template_sections_insert on template_sections;
drop policy template_sections_update on template_sections;
drop policy template_sections_delete on template_sections;
create policy tenant_isolation on template_sections using (app_row_visible(tenant_id)) with check (app_row_visible(tenant_id));
alter table template_sections alter column tenant_id set not null;
drop index template_sections_key;
alter table template_sections add primary key (tenant_id, bundle, variant, locale, section_key);
