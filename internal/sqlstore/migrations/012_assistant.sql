-- The assistant (docs/API.md §12).
--
-- Proposals come from agents or from the built-in assistant, and change the
-- site configuration or one package. The table is rebuilt (SQLite cannot
-- drop NOT NULL) so that agent_id may be empty for the assistant's; the old
-- rows are agents' configuration proposals.
CREATE TABLE proposals_new (
    id                TEXT PRIMARY KEY,
    tenant_id         TEXT NOT NULL REFERENCES tenants(id),
    actor_type        TEXT NOT NULL DEFAULT 'agent' CHECK (actor_type IN ('agent', 'assistant')),
    agent_id          TEXT REFERENCES agent_credentials(id),
    kind              TEXT NOT NULL DEFAULT 'config' CHECK (kind IN ('config', 'package')),
    package_id        TEXT NOT NULL DEFAULT '',
    changes           TEXT,
    base_version_id   TEXT NOT NULL REFERENCES config_versions(id),
    patch             TEXT,
    config            TEXT NOT NULL,
    rationale         TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    created_at        {{TIMESTAMP}} NOT NULL,
    expires_at        {{TIMESTAMP}} NOT NULL,
    decided_at        {{TIMESTAMP}},
    decided_by        TEXT NOT NULL DEFAULT '',
    reason            TEXT NOT NULL DEFAULT '',
    result_version_id TEXT REFERENCES config_versions(id),
    rebased_onto      TEXT NOT NULL DEFAULT ''
);
INSERT INTO proposals_new (id, tenant_id, actor_type, agent_id, kind, base_version_id, patch, config, rationale,
    status, created_at, expires_at, decided_at, decided_by, reason, result_version_id)
SELECT id, tenant_id, 'agent', agent_id, 'config', base_version_id, patch, config, rationale,
    status, created_at, expires_at, decided_at, decided_by, reason, result_version_id FROM proposals;
DROP TABLE proposals;
ALTER TABLE proposals_new RENAME TO proposals;
CREATE INDEX proposals_tenant_created ON proposals (tenant_id, created_at DESC);

-- Conversations of one tenant admin with the assistant.
CREATE TABLE assistant_conversations (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants(id),
    user_id    TEXT NOT NULL,
    title      TEXT NOT NULL DEFAULT '',
    created_at {{TIMESTAMP}} NOT NULL,
    updated_at {{TIMESTAMP}} NOT NULL
);
CREATE INDEX assistant_conversations_owner ON assistant_conversations (tenant_id, user_id, updated_at DESC);

-- Their messages in order (seq from 1). body is the provider-neutral message
-- as JSON; an assistant message that ends a turn records the turn: the
-- model, its tokens (all model calls of the turn) and how long it took.
CREATE TABLE assistant_messages (
    conversation_id TEXT NOT NULL REFERENCES assistant_conversations(id),
    seq             INTEGER NOT NULL,
    tenant_id       TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'tool')),
    body            TEXT NOT NULL,
    created_at      {{TIMESTAMP}} NOT NULL,
    model           TEXT NOT NULL DEFAULT '',
    input_tokens    {{BIGINT}} NOT NULL DEFAULT 0,
    output_tokens   {{BIGINT}} NOT NULL DEFAULT 0,
    latency_ms      {{BIGINT}} NOT NULL DEFAULT 0,
    PRIMARY KEY (conversation_id, seq)
);
-- The per-tenant limits count recent user messages and today's tokens.
CREATE INDEX assistant_messages_tenant_time ON assistant_messages (tenant_id, created_at);
