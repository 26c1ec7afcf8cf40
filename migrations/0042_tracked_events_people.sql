-- A funnel step reads, for one event name over a time range, who did it and when. With the person's
-- columns in the index, that is an index-only scan (the pages are all-visible once autovacuum has
-- passed, which inserts alone trigger); without them every step fetched its rows from the heap. It
-- replaces tracked_events_event, whose key it has, so ingest maintains no more indexes than before.
create index tracked_events_event_people on tracked_events (tenant_id, event, occurred_at) include (user_id, external_user_id, organization_id);
drop index tracked_events_event;
