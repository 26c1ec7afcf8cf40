-- API keys carry scopes, chosen when the key is made: the server-to-server routes a tenant's backend
-- needs each name the scope a key must have. A key without scopes (every key made before) is accepted
-- nowhere, as before.
alter table api_keys add column scopes text[] not null default '{}';
