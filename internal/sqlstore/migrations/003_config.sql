-- Agent credentials and the proposals agents make against a tenant's site
-- configuration. config_versions itself is in 001.

CREATE TABLE agent_credentials (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants(id),
    name         TEXT NOT NULL,
    -- sha256 of the whole credential; the credential itself is shown once.
    secret_hash  TEXT NOT NULL UNIQUE,
    key_hint     TEXT NOT NULL,
    created_by   TEXT NOT NULL DEFAULT '',
    created_at   {{TIMESTAMP}} NOT NULL,
    last_used_at {{TIMESTAMP}},
    revoked_at   {{TIMESTAMP}}
);
CREATE INDEX agent_credentials_tenant_created ON agent_credentials (tenant_id, created_at DESC);

-- status holds only the decisions; "expired" is a pending proposal past
-- expires_at, derived when read so no sweeper is needed.
CREATE TABLE proposals (
    id                TEXT PRIMARY KEY,
    tenant_id         TEXT NOT NULL REFERENCES tenants(id),
    agent_id          TEXT NOT NULL REFERENCES agent_credentials(id),
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
    result_version_id TEXT REFERENCES config_versions(id)
);
CREATE INDEX proposals_tenant_created ON proposals (tenant_id, created_at DESC);
