-- E-mails people are glad to receive: the outbox keeps who a message is
-- from (the business's name), where replies go (the business's address),
-- its statistics tag and its attachments (a JSON array of
-- {"name","contentType","content": base64}, e.g. the event's .ics).
ALTER TABLE email_outbox ADD COLUMN from_name TEXT NOT NULL DEFAULT '';
ALTER TABLE email_outbox ADD COLUMN reply_to TEXT NOT NULL DEFAULT '';
ALTER TABLE email_outbox ADD COLUMN tag TEXT NOT NULL DEFAULT '';
ALTER TABLE email_outbox ADD COLUMN attachments TEXT NOT NULL DEFAULT '[]';

-- Periodic jobs (the reminder scheduler) keep their state here, so a
-- restart loses nothing: a lease (owner, until) lets one process run a job
-- at a time, and last_run_at says when it last finished. Exactly-once per
-- booking does not rest on the lease but on the outbox's unique dedupe_key.
CREATE TABLE scheduled_jobs (
    name        TEXT PRIMARY KEY,
    lease_owner TEXT NOT NULL DEFAULT '',
    lease_until {{TIMESTAMP}},
    last_run_at {{TIMESTAMP}}
);
