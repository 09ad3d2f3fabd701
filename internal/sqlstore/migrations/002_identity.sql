-- Password reset tokens. Only the SHA-256 of a token is stored; a token is
-- used once (used_at) and only before expires_at.

CREATE TABLE password_reset_tokens (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at {{TIMESTAMP}} NOT NULL,
    used_at    {{TIMESTAMP}},
    created_at {{TIMESTAMP}} NOT NULL
);
CREATE INDEX password_reset_tokens_user ON password_reset_tokens (user_id);
