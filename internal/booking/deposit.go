package booking

import (
	"time"

	"mais/internal/catalog"
	"mais/internal/payment"
	"mais/internal/tenant"
)

// This file is what a checkout charges under the tenant's settings
// (docs/API.md §11): the deposit now when the event is more than
// balanceDueDays away, else the whole total; a package may have its own
// deposit percent.

// priceDue sets b's currency, deposit and balance due date for a checkout
// on now, from t's settings and pkg's own deposit percent.
func priceDue(t tenant.Tenant, pkg catalog.Package, b *Booking, now time.Time) {
	st := t.Settings()
	percent := st.DepositPercent
	if pkg.DepositPercent != nil {
		percent = *pkg.DepositPercent
	}
	due := DueAtCheckout(b.TotalCents, percent, b.Date, Today(now, t.Location()), st.BalanceDueDays)
	b.Currency, b.DepositCents, b.BalanceDueDate = st.Currency, due.DepositCents, due.BalanceDueDate
}

// withDue adds the deposit figures to a checkout's answer when the
// checkout charges a deposit (docs/API.md §5); paying in full adds none.
func withDue(r CheckoutResult, b Booking) CheckoutResult {
	if b.DueNowCents() >= b.TotalCents {
		return r
	}
	r.AmountDueNowCents, r.DepositCents = b.DueNowCents(), b.DueNowCents()
	r.BalanceCents, r.BalanceDueDate = b.TotalCents-b.DueNowCents(), b.BalanceDueDate
	return r
}

// checkoutCharge is what the checkout session of b charges: its line items,
// or one deposit line when only the deposit is due now, and the charge's
// share of the commission as application fee (taken only on a connected
// account's charge).
func checkoutCharge(b Booking, connected bool) ([]payment.LineItem, int64) {
	now := b.DueNowCents()
	var items []payment.LineItem
	if now < b.TotalCents {
		name := "Deposit"
		if len(b.LineItems) > 0 {
			name = "Deposit: " + b.LineItems[0].Name + " on " + b.Date
		}
		items = []payment.LineItem{{Name: name, AmountCents: now, Quantity: 1}}
	} else {
		for _, li := range b.LineItems {
			items = append(items, payment.LineItem{Name: li.Name, AmountCents: li.AmountCents, Quantity: 1})
		}
	}
	if !connected {
		return items, 0
	}
	return items, b.Ledger().ChargeFee(now)
}
