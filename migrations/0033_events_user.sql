-- The user an event concerns, when its payload names one (message.*, user.*, onboarding.*, CRM
-- provisioning): a contact's feed shows the events about the contact and those about its account,
-- among them the messages sent to it, through one index.
alter table events add column user_id uuid generated always as (
  case when payload ->> 'user_id' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then (payload ->> 'user_id')::uuid end
) stored;
create index events_user on events (tenant_id, user_id, id) where user_id is not null;
