-- Ended admin sessions. A session token is a signed JWT that no process
-- keeps; logging out records its id (jti) here, and every authenticated
-- request looks its id up by primary key. A row is needed only until the
-- token would have expired anyway (expires_at); older rows are pruned.

CREATE TABLE revoked_sessions (
    jti        TEXT PRIMARY KEY,
    expires_at {{TIMESTAMP}} NOT NULL
);
CREATE INDEX revoked_sessions_expires ON revoked_sessions (expires_at);
