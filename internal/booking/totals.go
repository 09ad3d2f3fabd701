package booking

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
