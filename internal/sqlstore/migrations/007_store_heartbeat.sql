-- /health/ready proves the store can write by committing a tiny update here
-- (a ping passes on a full disk). One row for the whole platform.
CREATE TABLE store_heartbeat (
    id      INTEGER PRIMARY KEY,
    beat_at {{TIMESTAMP}} NOT NULL
);
INSERT INTO store_heartbeat (id, beat_at) VALUES (1, CURRENT_TIMESTAMP);
