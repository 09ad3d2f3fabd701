package booking

import (
	"context"
	"time"
)

// Totals is what a tenant's bookings brought in over a span of payment
// times, and how many checkouts are under way. Amounts are in cents of the
// bookings' currency.
type Totals struct {
	// Paid counts bookings in status PAID whose payment arrived in the span
	// (by paid_at, whatever the wedding date).
	Paid            int
	RevenueCents    int64
	CommissionCents int64
	// Holding counts live holds: PENDING bookings whose hold has not lapsed,
	// whatever their date.
	Holding int
}

// Totals sums the tenant's payments that arrived in [from, to) and counts
// its holds live now.
func (s *Service) Totals(ctx context.Context, tenantID string, from, to time.Time) (Totals, error) {
	return s.Store.BookingTotals(ctx, tenantID, from, to, s.now())
}
