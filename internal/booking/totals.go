package booking

import (
	"context"
	"time"
)

// Totals is a tenant's money for the dashboard's overview: one set of
// figures from one source, in cents of the tenant's currency. What moved
// over a span is summed from the payments rows by when the money moved
// (whatever the wedding date); what is owed and held is read from the
// bookings as they are now.
type Totals struct {
	// ChargedCents sums the Charges made in the span; DepositCents and
	// Deposits are the deposits among them.
	ChargedCents int64
	Charges      int
	DepositCents int64
	Deposits     int
	// RefundedCents sums the refunds made in the span.
	RefundedCents int64
	// CommissionCents is the platform's commission on the span's money:
	// the application fees of its charges minus those given back with its
	// refunds (nothing on a hold nobody paid).
	CommissionCents int64
	// Outstanding counts the DEPOSIT_PAID bookings and sums what they still
	// owe; Overdue those whose balance due date is before today.
	Outstanding      int
	OutstandingCents int64
	Overdue          int
	OverdueCents     int64
	// Holding counts live holds: PENDING bookings whose hold has not lapsed,
	// whatever their date.
	Holding int
}

// CollectedCents is what the span brought in after refunds.
func (t Totals) CollectedCents() int64 { return t.ChargedCents - t.RefundedCents }

// Totals sums the tenant's payments made in [from, to), its balances owed
// (overdue when due before today in loc) and its holds live now.
func (s *Service) Totals(ctx context.Context, tenantID string, from, to time.Time, loc *time.Location) (Totals, error) {
	now := s.now()
	return s.Store.BookingTotals(ctx, tenantID, from, to, now, Today(now, loc))
}
