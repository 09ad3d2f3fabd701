package sqlstore

import (
	"context"

	"mais/internal/audit"
	"mais/internal/tenant"
)

// UpdateTenantSettings stores a tenant's settings (already validated) and
// audits them as tenant.settings, before and after, in one transaction.
func (s *Store) UpdateTenantSettings(ctx context.Context, id string, st tenant.Settings) (tenant.Tenant, error) {
	return s.patchTenant(ctx, id, tenantPatch{
		op: "tenant settings", action: audit.ActionTenantSettings,
		set: `deposit_percent = $1, balance_due_days = $2, booking_horizon_days = $3, hold_minutes = $4,
			free_cancellation_days = $5, deposit_refundable = $6, reschedule_cutoff_days = $7, currency = $8,
			time_zone = $9, locale = $10`,
		args: []any{st.DepositPercent, st.BalanceDueDays, st.BookingHorizonDays, st.HoldMinutes,
			st.Cancellation.FreeCancellationDays, st.Cancellation.DepositRefundable, st.RescheduleCutoffDays,
			st.Currency, st.Timezone, st.Locale},
		apply:    func(t tenant.Tenant) tenant.Tenant { return t.WithSettings(st) },
		snapshot: func(t tenant.Tenant) any { return t.Settings() },
		after:    st,
	})
}
