-- One-time links that let a person set their password: a reset they asked for, or an invitation an
-- admin sent (a user created without a password gets one instead of a temporary password nobody can
-- read). Only the sha-256 of a link's token is stored; a link works once, until it expires, and a newer
-- link of the same user and purpose replaces it. Global admins reset theirs with the CLI.
create table password_tokens (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  purpose text not null check (purpose in ('reset', 'invitation')),
  token_hash bytea not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
);
create unique index password_tokens_hash on password_tokens (token_hash);
create index password_tokens_user on password_tokens (tenant_id, user_id) where used_at is null;
alter table password_tokens enable row level security;
alter table password_tokens force row level security;
create policy tenant_isolation on password_tokens using (app_row_visible(tenant_id)) with check (app_row_visible(tenant_id));

-- The first global admin is made from the browser with a link `embark serve` prints while there is
-- none. Only hashes are kept; every token goes once any global admin exists.
create table setup_tokens (
  token_hash bytea primary key,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
alter table setup_tokens enable row level security;
alter table setup_tokens force row level security;
create policy system_only on setup_tokens using (app_row_visible(null)) with check (app_row_visible(null));

-- With EMBARK_OUTBOX_REVEAL_SECRETS=true (a development switch), a copy of a message's secret
-- variables is kept, sealed, so a global admin can read what the built-in outbox masked.
alter table messages add column revealable_secrets_encrypted bytea;

select set_config('app.system', 'on', true);
-- their wording takes business_name, support_email and login_url from the tenant (render time)
insert into template_sections (tenant_id, bundle, variant, locale, section_key, position, content) values
  (null, 'password_reset_email', '', 'en', 'subject', 0, 'Reset your {{ business_name }} password'),
  (null, 'password_reset_email', '', 'en', 'body', 10,
   E'Hi {{ first_name | default: "there" }},\n\nSomeone asked to reset the password of your {{ business_name }} account. To choose a new one, open this link within {{ expires_in }}:\n\n{{ reset_url }}\n\nIf it was not you, ignore this message: your password stays as it is.'),
  (null, 'password_reset_email', '', 'en', 'support', 20, '{{#if support_email}}Questions? Write to {{ support_email }}.{{/if}}'),
  (null, 'password_reset_sms', '', 'en', 'body', 0, '{{ business_name }}: reset your password within {{ expires_in }} at {{ reset_url }} (ignore this if it was not you).'),
  (null, 'invitation_email', '', 'en', 'subject', 0, 'You are invited to {{ business_name }}'),
  (null, 'invitation_email', '', 'en', 'body', 10,
   E'Hi {{ first_name | default: "there" }},\n\nAn account has been created for you at {{ business_name }}. To choose your password and sign in, open this link within {{ expires_in }}:\n\n{{ invitation_url }}\n\nAfterwards, sign in at {{ login_url }}.'),
  (null, 'invitation_email', '', 'en', 'support', 20, '{{#if support_email}}Questions? Write to {{ support_email }}.{{/if}}'),
  (null, 'invitation_sms', '', 'en', 'body', 0, '{{ business_name }} invites you: choose your password within {{ expires_in }} at {{ invitation_url }}');
