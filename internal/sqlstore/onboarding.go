package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/onboarding"
)

var _ onboarding.Store = (*Store)(nil)

// stripeAccountSQL reads a tenant's account id and the status recorded for
// it; the status counts only while its account is the tenant's.
const stripeAccountSQL = `SELECT t.stripe_account_id, COALESCE(a.account_id, ''), a.charges_enabled, a.details_submitted,
	COALESCE(a.status_at, 0) FROM tenants t LEFT JOIN stripe_accounts a ON a.tenant_id = t.id WHERE t.id = $1`

func scanStripeAccount(row interface{ Scan(...any) error }) (onboarding.Account, error) {
	var a onboarding.Account
	var statusAccount string
	var charges, details sql.NullBool
	err := row.Scan(&a.ID, &statusAccount, &charges, &details, &a.StatusAt)
	if err == sql.ErrNoRows {
		return a, apperr.NotFound("tenant")
	}
	if err != nil {
		return a, err
	}
	if a.ID == "" || statusAccount != a.ID {
		return onboarding.Account{ID: a.ID}, nil
	}
	a.Known, a.ChargesEnabled, a.DetailsSubmitted = true, charges.Bool, details.Bool
	return a, nil
}

// StripeAccount implements onboarding.Store. NOT_FOUND for an unknown tenant.
func (s *Store) StripeAccount(ctx context.Context, tenantID string) (onboarding.Account, error) {
	a, err := scanStripeAccount(s.read.QueryRowContext(ctx, stripeAccountSQL, tenantID))
	if err != nil {
		return a, fmt.Errorf("store: stripe account: %w", err)
	}
	return a, nil
}

// SaveStripeAccount implements onboarding.Store: the account id on the
// tenant, its status row and the audit entry in one transaction, under the
// tenant's row lock so two first clicks record one account.
func (s *Store) SaveStripeAccount(ctx context.Context, tenantID string, a onboarding.Account) (onboarding.Account, error) {
	var out onboarding.Account
	err := s.inTx(ctx, func(tx *Tx) error {
		before, err := s.tenantWhere(ctx, tx, "lock tenant", `id = $1`+s.forUpdate(), tenantID)
		if err != nil {
			return err
		}
		if before.StripeAccountID != "" {
			out, err = scanStripeAccount(tx.QueryRowContext(ctx, stripeAccountSQL, tenantID))
			return err
		}
		now := s.utcNow()
		if _, err := tx.ExecContext(ctx, `UPDATE tenants SET stripe_account_id = $1, updated_at = $2 WHERE id = $3`,
			a.ID, now, tenantID); err != nil {
			return err
		}
		if err := upsertStripeStatus(ctx, tx, tenantID, a.ID, a.ChargesEnabled, a.DetailsSubmitted, a.StatusAt, now); err != nil {
			return err
		}
		after := before
		after.StripeAccountID = a.ID
		a.Known, out = true, a
		return writeAudit(ctx, tx, audit.Entry{
			TenantID: tenantID, At: now, Actor: audit.ActorFrom(ctx), Action: audit.ActionTenantUpdate,
			Entity: audit.EntityTenant, EntityID: tenantID, Before: mustJSON(publicTenant(before)), After: mustJSON(publicTenant(after)),
		})
	})
	if err != nil {
		return onboarding.Account{}, fmt.Errorf("store: save stripe account: %w", err)
	}
	return out, nil
}

// upsertStripeStatus records what Stripe said of account at statusAt for
// a tenant, unless a newer status of the same account is recorded.
func upsertStripeStatus(ctx context.Context, tx *Tx, tenantID, account string, charges, details bool, statusAt int64, now any) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO stripe_accounts (tenant_id, account_id, charges_enabled, details_submitted,
		status_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)
		ON CONFLICT (tenant_id) DO UPDATE SET account_id = excluded.account_id, charges_enabled = excluded.charges_enabled,
			details_submitted = excluded.details_submitted, status_at = excluded.status_at, updated_at = excluded.updated_at
		WHERE stripe_accounts.account_id <> excluded.account_id OR stripe_accounts.status_at <= excluded.status_at`,
		tenantID, account, charges, details, statusAt, now)
	if err != nil {
		return fmt.Errorf("stripe status: %w", err)
	}
	return nil
}

// ApplyAccountEvent implements onboarding.Store: the event row (processed)
// and the status of every tenant holding the account in one transaction.
func (s *Store) ApplyAccountEvent(ctx context.Context, ev onboarding.AccountEvent) (string, error) {
	outcome := onboarding.OutcomeIgnored
	err := s.inTx(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM tenants WHERE stripe_account_id = $1 ORDER BY id`, ev.Account.ID)
		if err != nil {
			return err
		}
		var tenants []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			tenants = append(tenants, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(tenants) == 0 {
			return nil
		}
		now := s.utcNow()
		res, err := tx.ExecContext(ctx, `INSERT INTO webhook_events (id, tenant_id, event_id, event_type, payload, status,
			processed_at, created_at, updated_at) VALUES ($1, $2, $3, 'account.updated', $4, 'processed', $5, $5, $5)
			ON CONFLICT (event_id) DO NOTHING`, newID(), tenants[0], ev.EventID, string(ev.Payload), now)
		if err != nil {
			return fmt.Errorf("record event: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			outcome = onboarding.OutcomeDuplicate
			return err
		}
		for _, id := range tenants {
			if err := upsertStripeStatus(ctx, tx, id, ev.Account.ID, ev.Account.ChargesEnabled, ev.Account.DetailsSubmitted, ev.Created, now); err != nil {
				return err
			}
		}
		outcome = onboarding.OutcomeApplied
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("store: apply account event %s: %w", ev.EventID, err)
	}
	return outcome, nil
}

// ChecklistFacts implements onboarding.Store.
func (s *Store) ChecklistFacts(ctx context.Context, tenantID string) (onboarding.Facts, error) {
	var f onboarding.Facts
	err := s.read.QueryRowContext(ctx, `SELECT
		EXISTS (SELECT 1 FROM packages WHERE tenant_id = $1),
		EXISTS (SELECT 1 FROM config_versions WHERE tenant_id = $1 AND published_at IS NOT NULL AND created_by <> 'system')`,
		tenantID).Scan(&f.HasPackage, &f.Published)
	if err != nil {
		return f, fmt.Errorf("store: checklist facts: %w", err)
	}
	return f, nil
}
