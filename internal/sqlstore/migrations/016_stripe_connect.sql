-- Issue 15: Stripe Connect onboarding (docs/API.md §14). A row is the
-- account a business connected (an Express account MAIS opened for it, or
-- one a platform admin set whose status an account.updated event told),
-- with what Stripe last said of it. status_at is the `created` time of the
-- event (or call) the status came from, in Unix seconds, so an older
-- event delivered late never overwrites a newer status.
--
-- The status applies only while account_id is the tenant's
-- tenants.stripe_account_id: a platform admin who sets another account id
-- makes the status unknown again (docs/API.md §14).
CREATE TABLE stripe_accounts (
    tenant_id         TEXT PRIMARY KEY REFERENCES tenants(id),
    account_id        TEXT NOT NULL,
    charges_enabled   {{BOOL}} NOT NULL DEFAULT {{FALSE}},
    details_submitted {{BOOL}} NOT NULL DEFAULT {{FALSE}},
    status_at         {{BIGINT}} NOT NULL DEFAULT 0,
    created_at        {{TIMESTAMP}} NOT NULL,
    updated_at        {{TIMESTAMP}} NOT NULL
);
CREATE INDEX stripe_accounts_account ON stripe_accounts (account_id);
