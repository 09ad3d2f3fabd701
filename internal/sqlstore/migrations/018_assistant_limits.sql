-- A business's own limits on the assistant (docs/API.md §12): 0 in a
-- column is the platform's default (MAIS_AI_MAX_MESSAGE_CHARS,
-- MAIS_AI_MESSAGES_PER_5MIN, MAIS_AI_DAILY_TOKENS). No row: all defaults.
CREATE TABLE assistant_limits (
    tenant_id          TEXT PRIMARY KEY REFERENCES tenants(id),
    max_message_chars  INTEGER NOT NULL DEFAULT 0 CHECK (max_message_chars >= 0),
    messages_per_5min  INTEGER NOT NULL DEFAULT 0 CHECK (messages_per_5min >= 0),
    daily_tokens       {{BIGINT}} NOT NULL DEFAULT 0 CHECK (daily_tokens >= 0),
    updated_at         {{TIMESTAMP}} NOT NULL
);
