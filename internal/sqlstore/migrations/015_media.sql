-- Issue 15: a tenant's media library. The files themselves live in the blob
-- store (data dir or S3) under media/{tenant_id}/{id}/; a row says what they
-- are and how many bytes they take, which the per-tenant quota adds up.
CREATE TABLE media (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants(id),
    name       TEXT NOT NULL DEFAULT '',
    ext        TEXT NOT NULL CHECK (ext IN ('jpg', 'png')),
    width      INTEGER NOT NULL CHECK (width > 0),
    height     INTEGER NOT NULL CHECK (height > 0),
    bytes      {{BIGINT}} NOT NULL CHECK (bytes >= 0),
    created_at {{TIMESTAMP}} NOT NULL
);
CREATE INDEX media_tenant ON media (tenant_id, created_at);
