-- A message's status has one writer, apply_message_status (sql/functions), which replaces
-- record_message_outcome; its body, and the state machine it keeps to (message_status_allowed), are in
-- sql/functions like every other function.
drop function record_message_outcome(uuid, uuid, text, text, jsonb, text, text, timestamptz, integer, text, text, uuid);
