package sqlstore

import (
	"context"
	"fmt"

	"mais/internal/audit"
	"mais/internal/tenant"
)

// UpdateTenantSettings stores a tenant's settings (already validated) and
// audits them as tenant.settings, before and after, in one transaction.
func (s *Store) UpdateTenantSettings(ctx context.Context, id string, st tenant.Settings) (tenant.Tenant, error) {
	var out tenant.Tenant
	err := s.inTx(ctx, func(tx *Tx) error {
		before, err := s.tenantWhere(ctx, tx, "tenant settings", `id = $1`+s.forUpdate(), id)
		if err != nil {
			return err
		}
		t := before.WithSettings(st)
		t.UpdatedAt = s.utcNow()
		_, err = tx.ExecContext(ctx, `UPDATE tenants SET deposit_percent = $1, balance_due_days = $2, booking_horizon_days = $3,
			hold_minutes = $4, free_cancellation_days = $5, deposit_refundable = $6, reschedule_cutoff_days = $7,
			currency = $8, time_zone = $9, locale = $10, updated_at = $11 WHERE id = $12`,
			st.DepositPercent, st.BalanceDueDays, st.BookingHorizonDays, st.HoldMinutes, st.Cancellation.FreeCancellationDays,
			st.Cancellation.DepositRefundable, st.RescheduleCutoffDays, st.Currency, st.Timezone, st.Locale, t.UpdatedAt, id)
		if err != nil {
			return fmt.Errorf("update tenant settings: %w", translate(err))
		}
		out = t
		return writeAudit(ctx, tx, audit.Entry{
			TenantID: id, At: t.UpdatedAt, Actor: audit.ActorFrom(ctx), Action: audit.ActionTenantSettings,
			Entity: audit.EntityTenant, EntityID: id, Before: mustJSON(before.Settings()), After: mustJSON(st),
		})
	})
	if err != nil {
		return out, fmt.Errorf("store: tenant settings: %w", err)
	}
	return out, nil
}
