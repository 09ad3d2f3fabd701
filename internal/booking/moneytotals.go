package booking

import (
	"context"
	"time"
)

// MoneyTotals is a tenant's money for the dashboard's overview, in cents
// of the tenant's currency: what came in and went back over a span of
// payment times (by when the money moved, whatever the wedding date), and
// the balances still owed today.
type MoneyTotals struct {
	// ChargedCents sums the charges made in the span; DepositCents and
	// Deposits are the deposits among them.
	ChargedCents int64
	DepositCents int64
	Deposits     int
	// RefundedCents sums the refunds made in the span.
	RefundedCents int64
	// Outstanding counts the DEPOSIT_PAID bookings and sums what they still
	// owe; Overdue those whose balance due date is before today.
	Outstanding      int
	OutstandingCents int64
	Overdue          int
	OverdueCents     int64
}

// NetCents is what the span brought in after refunds.
func (m MoneyTotals) NetCents() int64 { return m.ChargedCents - m.RefundedCents }

// MoneyStore sums a tenant's payments and balances.
type MoneyStore interface {
	// MoneyTotals sums tenantID's payments made in [from, to) and its
	// balances owed, overdue when due before today (YYYY-MM-DD).
	MoneyTotals(ctx context.Context, tenantID string, from, to time.Time, today string) (MoneyTotals, error)
}

// MoneyTotals is the tenant's money over [from, to) and its balances owed
// today in its zone (docs/API.md §11); a store without MoneyStore gives
// zeros.
func (s *Service) MoneyTotals(ctx context.Context, tenantID string, from, to time.Time, loc *time.Location) (MoneyTotals, error) {
	ms, ok := s.Store.(MoneyStore)
	if !ok {
		return MoneyTotals{}, nil
	}
	return ms.MoneyTotals(ctx, tenantID, from, to, Today(s.now(), loc))
}
