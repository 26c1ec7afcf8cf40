-- A tenant's own face (issue 15 §4): an accent colour in its business profile and a logo, both shown on
-- its sign-in, signup and password pages (docs/branding.md).
--
-- The accent colour is #rrggbb, lower case. Text on it is black or white, whichever contrasts more
-- (src/tenants/branding.ts), so no colour is refused for being too light or too dark.
alter table tenant_profiles add column accent_color text check (accent_color ~ '^#[0-9a-f]{6}$');

-- "Last saved" is when someone saved the profile: null until the first save. A profile nobody saved
-- still has the updated_at its tenant was created with (the same transaction, so the same now()).
alter table tenant_profiles alter column updated_at drop not null, alter column updated_at drop default;
select set_config('app.system', 'on', true);
alter table tenant_profiles disable trigger tenant_profiles_updated_at;
update tenant_profiles p set updated_at = null from tenants t where t.id = p.tenant_id and p.updated_at = t.created_at;
alter table tenant_profiles enable trigger tenant_profiles_updated_at;

-- The logo itself, served publicly (GET /api/v1/tenants/by-subdomain/:subdomain/logo). Only raster
-- images whose bytes say what they are: PNG, JPEG or WebP, never SVG (it can carry script). The size
-- cap is the upload route's; the check here is the last wall.
create table tenant_logos (
  tenant_id uuid not null primary key references tenants (id) on delete cascade,
  content_type text not null check (content_type in ('image/png', 'image/jpeg', 'image/webp')),
  data bytea not null check (octet_length(data) between 1 and 262144),
  -- the SHA-256 of data, hex: the ETag, and the version in the logo's URL
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  updated_at timestamptz not null default now()
);
alter table tenant_logos enable row level security;
alter table tenant_logos force row level security;
create policy tenant_isolation on tenant_logos using (app_row_visible(tenant_id)) with check (app_row_visible(tenant_id));
comment on table tenant_logos is 'A tenant''s logo (PNG, JPEG or WebP, checked by its magic bytes, at most 256 KiB), served publicly with its sha256 as ETag; docs/branding.md.';
