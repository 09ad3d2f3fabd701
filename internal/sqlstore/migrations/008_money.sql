-- The money of a booking (docs/API.md §11): tenant settings, a package's own
-- deposit, deposits and balances on bookings, and every charge and refund as
-- a row of its own.

ALTER TABLE tenants ADD COLUMN deposit_percent INTEGER NOT NULL DEFAULT 0 CHECK (deposit_percent BETWEEN 0 AND 100);
ALTER TABLE tenants ADD COLUMN balance_due_days INTEGER NOT NULL DEFAULT 30;
ALTER TABLE tenants ADD COLUMN booking_horizon_days INTEGER NOT NULL DEFAULT 1095;
ALTER TABLE tenants ADD COLUMN free_cancellation_days INTEGER NOT NULL DEFAULT 90;
ALTER TABLE tenants ADD COLUMN deposit_refundable {{BOOL}} NOT NULL DEFAULT {{FALSE}};
ALTER TABLE tenants ADD COLUMN reschedule_cutoff_days INTEGER NOT NULL DEFAULT 30;
ALTER TABLE tenants ADD COLUMN currency TEXT NOT NULL DEFAULT 'usd';
ALTER TABLE tenants ADD COLUMN locale TEXT NOT NULL DEFAULT 'en-US';

-- NULL: the tenant's deposit percent.
ALTER TABLE packages ADD COLUMN deposit_percent INTEGER CHECK (deposit_percent BETWEEN 0 AND 100);

-- bookings gains a status (DEPOSIT_PAID, live like PENDING and PAID). A CHECK
-- cannot be changed in place on SQLite, so the table is rebuilt the same way
-- on both databases; nothing references bookings by foreign key.
CREATE TABLE bookings_008 (
    id                  TEXT PRIMARY KEY,
    tenant_id           TEXT NOT NULL REFERENCES tenants(id),
    customer_id         TEXT NOT NULL REFERENCES customers(id),
    package_id          TEXT NOT NULL,
    add_on_ids          TEXT NOT NULL DEFAULT '[]',
    line_items          TEXT NOT NULL DEFAULT '[]',
    date                TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('PENDING', 'DEPOSIT_PAID', 'PAID', 'EXPIRED', 'CANCELED', 'CONFLICT')),
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
    updated_at          {{TIMESTAMP}} NOT NULL,
    customer_name       TEXT NOT NULL DEFAULT '',
    customer_email      TEXT NOT NULL DEFAULT '',
    customer_phone      TEXT NOT NULL DEFAULT '',
    client_address      TEXT NOT NULL DEFAULT '',
    awaiting_payment    {{BOOL}} NOT NULL DEFAULT {{FALSE}},
    -- The deposit (retainer) of the tenant's policy at checkout, and when
    -- the balance is due: '' when the checkout charged the whole total.
    deposit_cents       {{BIGINT}} NOT NULL DEFAULT 0,
    balance_due_date    TEXT NOT NULL DEFAULT '',
    -- The checkout session of the balance, once the couple asked for one.
    balance_session_id  TEXT UNIQUE,
    -- Sums of the payments rows, kept in the transaction that adds them.
    paid_cents          {{BIGINT}} NOT NULL DEFAULT 0,
    refunded_cents      {{BIGINT}} NOT NULL DEFAULT 0,
    fees_cents          {{BIGINT}} NOT NULL DEFAULT 0,
    disputed            {{BOOL}} NOT NULL DEFAULT {{FALSE}}
);
INSERT INTO bookings_008 (id, tenant_id, customer_id, package_id, add_on_ids, line_items, date, status, total_cents,
    commission_cents, commission_bps, currency, notes, checkout_session_id, payment_provider, hold_expires_at,
    needs_refund, paid_at, created_at, updated_at, customer_name, customer_email, customer_phone, client_address,
    awaiting_payment, deposit_cents, paid_cents, fees_cents)
SELECT id, tenant_id, customer_id, package_id, add_on_ids, line_items, date, status, total_cents,
    commission_cents, commission_bps, currency, notes, checkout_session_id, payment_provider, hold_expires_at,
    needs_refund, paid_at, created_at, updated_at, customer_name, customer_email, customer_phone, client_address,
    awaiting_payment, 0,
    CASE WHEN status IN ('PAID', 'CONFLICT') THEN total_cents ELSE 0 END,
    CASE WHEN status IN ('PAID', 'CONFLICT') THEN commission_cents ELSE 0 END
FROM bookings;
DROP TABLE bookings;
ALTER TABLE bookings_008 RENAME TO bookings;
-- The double-booking guarantee: at most one live booking per tenant and date.
CREATE UNIQUE INDEX bookings_one_live_per_date ON bookings (tenant_id, date) WHERE status IN ('PENDING', 'DEPOSIT_PAID', 'PAID');
CREATE INDEX bookings_tenant_date ON bookings (tenant_id, date);
CREATE INDEX bookings_pending_expiry ON bookings (hold_expires_at) WHERE status = 'PENDING';
CREATE INDEX bookings_pending_email ON bookings (tenant_id, customer_email) WHERE status = 'PENDING';
CREATE INDEX bookings_pending_address ON bookings (tenant_id, client_address) WHERE status = 'PENDING' AND client_address <> '';
CREATE INDEX bookings_tenant_paid ON bookings (tenant_id, paid_at) WHERE status IN ('DEPOSIT_PAID', 'PAID');
CREATE INDEX bookings_balance_due ON bookings (balance_due_date) WHERE status = 'DEPOSIT_PAID';

-- Every movement of money: a charge (deposit, balance or full) or a refund.
-- The idempotency key is what the provider saw; a retried refund finds its
-- row instead of refunding twice.
CREATE TABLE payments (
    id                    TEXT PRIMARY KEY,
    tenant_id             TEXT NOT NULL REFERENCES tenants(id),
    booking_id            TEXT NOT NULL,
    kind                  TEXT NOT NULL CHECK (kind IN ('charge', 'refund')),
    purpose               TEXT NOT NULL DEFAULT '',
    amount_cents          {{BIGINT}} NOT NULL CHECK (amount_cents > 0),
    application_fee_cents {{BIGINT}} NOT NULL DEFAULT 0,
    provider              TEXT NOT NULL DEFAULT '',
    session_id            TEXT NOT NULL DEFAULT '',
    provider_payment_id   TEXT NOT NULL DEFAULT '',
    provider_refund_id    TEXT NOT NULL DEFAULT '',
    idempotency_key       TEXT NOT NULL UNIQUE,
    created_at            {{TIMESTAMP}} NOT NULL
);
CREATE INDEX payments_booking ON payments (tenant_id, booking_id, created_at);
