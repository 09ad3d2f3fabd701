-- Tenants, users, catalog, dates, bookings, webhooks, outbox and audit.
-- Every row but users carries tenant_id; every tenant-scoped uniqueness rule
-- starts with tenant_id.

CREATE TABLE tenants (
    id                  TEXT PRIMARY KEY,
    slug                TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    email               TEXT NOT NULL DEFAULT '',
    api_key_public      TEXT NOT NULL UNIQUE,
    api_key_secret_hash TEXT NOT NULL,
    commission_bps      INTEGER NOT NULL CHECK (commission_bps BETWEEN 0 AND 5000),
    active              {{BOOL}} NOT NULL DEFAULT {{TRUE}},
    custom_domain       TEXT UNIQUE,
    time_zone           TEXT NOT NULL DEFAULT 'America/New_York',
    hold_minutes        INTEGER NOT NULL DEFAULT 30,
    stripe_account_id   TEXT NOT NULL DEFAULT '',
    secrets_sealed      TEXT NOT NULL DEFAULT '',
    google_calendar_id  TEXT NOT NULL DEFAULT '',
    created_at          {{TIMESTAMP}} NOT NULL,
    updated_at          {{TIMESTAMP}} NOT NULL
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('PLATFORM_ADMIN', 'TENANT_ADMIN')),
    tenant_id     TEXT REFERENCES tenants(id),
    created_at    {{TIMESTAMP}} NOT NULL,
    updated_at    {{TIMESTAMP}} NOT NULL,
    CHECK ((role = 'TENANT_ADMIN') = (tenant_id IS NOT NULL))
);

CREATE TABLE packages (
    id               TEXT PRIMARY KEY,
    tenant_id        TEXT NOT NULL REFERENCES tenants(id),
    slug             TEXT NOT NULL,
    name             TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    base_price_cents {{BIGINT}} NOT NULL CHECK (base_price_cents >= 0),
    photo_url        TEXT NOT NULL DEFAULT '',
    active           {{BOOL}} NOT NULL DEFAULT {{TRUE}},
    sort_order       INTEGER NOT NULL DEFAULT 0,
    created_at       {{TIMESTAMP}} NOT NULL,
    updated_at       {{TIMESTAMP}} NOT NULL,
    UNIQUE (tenant_id, slug)
);
CREATE INDEX packages_tenant_order ON packages (tenant_id, sort_order, name);

CREATE TABLE add_ons (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    package_id  TEXT NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
    slug        TEXT NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    price_cents {{BIGINT}} NOT NULL CHECK (price_cents >= 0),
    active      {{BOOL}} NOT NULL DEFAULT {{TRUE}},
    sort_order  INTEGER NOT NULL DEFAULT 0,
    created_at  {{TIMESTAMP}} NOT NULL,
    updated_at  {{TIMESTAMP}} NOT NULL,
    UNIQUE (tenant_id, package_id, slug)
);
CREATE INDEX add_ons_tenant_package ON add_ons (tenant_id, package_id, sort_order);

CREATE TABLE blackouts (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants(id),
    date       TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_at {{TIMESTAMP}} NOT NULL,
    UNIQUE (tenant_id, date)
);

CREATE TABLE customers (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants(id),
    email      TEXT NOT NULL,
    name       TEXT NOT NULL,
    phone      TEXT NOT NULL DEFAULT '',
    created_at {{TIMESTAMP}} NOT NULL,
    updated_at {{TIMESTAMP}} NOT NULL,
    UNIQUE (tenant_id, email)
);

-- A checkout hold is a booking in status PENDING with hold_expires_at.
CREATE TABLE bookings (
    id                  TEXT PRIMARY KEY,
    tenant_id           TEXT NOT NULL REFERENCES tenants(id),
    customer_id         TEXT NOT NULL REFERENCES customers(id),
    package_id          TEXT NOT NULL,
    add_on_ids          TEXT NOT NULL DEFAULT '[]',
    line_items          TEXT NOT NULL DEFAULT '[]',
    date                TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('PENDING', 'PAID', 'EXPIRED', 'CANCELED', 'CONFLICT')),
    total_cents         {{BIGINT}} NOT NULL,
    commission_cents    {{BIGINT}} NOT NULL,
    commission_bps      INTEGER NOT NULL,
    currency            TEXT NOT NULL DEFAULT 'usd',
    notes               TEXT NOT NULL DEFAULT '',
    checkout_session_id TEXT UNIQUE,
    payment_provider    TEXT NOT NULL DEFAULT '',
    hold_expires_at     {{TIMESTAMP}} NOT NULL,
    needs_refund        {{BOOL}} NOT NULL DEFAULT {{FALSE}},
    paid_at             {{TIMESTAMP}},
    created_at          {{TIMESTAMP}} NOT NULL,
    updated_at          {{TIMESTAMP}} NOT NULL
);
-- The double-booking guarantee: at most one live hold or booking per tenant and date.
CREATE UNIQUE INDEX bookings_one_live_per_date ON bookings (tenant_id, date) WHERE status IN ('PENDING', 'PAID');
CREATE INDEX bookings_tenant_date ON bookings (tenant_id, date);
CREATE INDEX bookings_pending_expiry ON bookings (hold_expires_at) WHERE status = 'PENDING';

CREATE TABLE webhook_events (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT,
    event_id     TEXT NOT NULL UNIQUE,
    event_type   TEXT NOT NULL,
    payload      TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('received', 'processed', 'failed')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT NOT NULL DEFAULT '',
    processed_at {{TIMESTAMP}},
    created_at   {{TIMESTAMP}} NOT NULL,
    updated_at   {{TIMESTAMP}} NOT NULL
);
CREATE INDEX webhook_events_status ON webhook_events (status, created_at);

CREATE TABLE email_outbox (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL REFERENCES tenants(id),
    dedupe_key      TEXT NOT NULL UNIQUE,
    to_address      TEXT NOT NULL,
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    next_attempt_at {{TIMESTAMP}} NOT NULL,
    locked_until    {{TIMESTAMP}},
    sent_at         {{TIMESTAMP}},
    created_at      {{TIMESTAMP}} NOT NULL
);
CREATE INDEX email_outbox_due ON email_outbox (status, next_attempt_at);

CREATE TABLE audit_log (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    at          {{TIMESTAMP}} NOT NULL,
    actor_type  TEXT NOT NULL,
    actor_id    TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    before_json TEXT NOT NULL DEFAULT 'null',
    after_json  TEXT NOT NULL DEFAULT 'null'
);
CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at DESC);

CREATE TABLE config_versions (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants(id),
    status       TEXT NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
    config       TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL DEFAULT '',
    created_at   {{TIMESTAMP}} NOT NULL,
    updated_at   {{TIMESTAMP}} NOT NULL,
    published_at {{TIMESTAMP}}
);
-- Exactly one published version per tenant.
CREATE UNIQUE INDEX config_versions_one_published ON config_versions (tenant_id) WHERE status = 'published';
CREATE INDEX config_versions_tenant_created ON config_versions (tenant_id, created_at DESC);
