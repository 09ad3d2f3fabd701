package storefront

import (
	"mais/internal/booking"
	"mais/internal/format"
	"mais/internal/tenant"
)

// This file says what a booking's payments are, in the couple's words, for
// the mock checkout page and the page a checkout returns to: what is paid
// now, what is left and by when, or that it is paid in full. Amounts are in
// the booking's currency and dates in words, both in the tenant's locale.

// dueView is the money of one checkout or booking for the couple.
type dueView struct {
	Lines []moneyLine
	Total string
	// Rows follow the total: what is paid now (or was), what is left.
	Rows []dueRow
	// Terms is the same in a sentence or two.
	Terms string
}

// dueRow is one row under the total; Due marks what is still to pay.
type dueRow struct {
	Label, Amount string
	Due           bool
}

// localeOf is the tenant's locale for amounts and dates.
func localeOf(t tenant.Tenant) string {
	if t.Locale != "" {
		return t.Locale
	}
	return format.DefaultLocale
}

// checkoutDue is what the checkout session of b charges: the deposit now
// and the balance by its date, the whole total now, or (balance) the rest.
func checkoutDue(t tenant.Tenant, b booking.Booking, balance bool) dueView {
	amount, day := moneyIn(t, b), func(d string) string { return format.DayIn(d, localeOf(t)) }
	v := orderLines(t, b)
	switch {
	case balance:
		paid, left := b.PaidCents-b.RefundedCents, b.BalanceCents()
		v.Rows = []dueRow{{Label: "Paid", Amount: amount(paid)}, {Label: "Balance due today", Amount: amount(left), Due: true}}
		v.Terms = "This pays the balance of " + amount(left) + ". Your booking for " + day(b.Date) + " is then paid in full."
	case b.DueNowCents() < b.TotalCents:
		now, left := b.DueNowCents(), b.TotalCents-b.DueNowCents()
		v.Rows = []dueRow{{Label: "Deposit due today", Amount: amount(now), Due: true},
			{Label: "Balance due by " + day(b.BalanceDueDate), Amount: amount(left)}}
		v.Terms = "Today you pay a deposit of " + amount(now) + " to reserve " + day(b.Date) + ". The balance of " + amount(left) +
			" is due by " + day(b.BalanceDueDate) + "; we will e-mail you a link to pay it."
	default:
		v.Rows = []dueRow{{Label: "Due today", Amount: amount(b.TotalCents), Due: true}}
		v.Terms = "Today you pay the full " + amount(b.TotalCents) + ". Nothing more will be due."
	}
	return v
}

// paidDue is what b's payments came to once paid: the deposit in and the
// balance by its date, or paid in full.
func paidDue(t tenant.Tenant, b booking.Booking) dueView {
	amount, day := moneyIn(t, b), func(d string) string { return format.DayIn(d, localeOf(t)) }
	v := orderLines(t, b)
	paid := b.PaidCents - b.RefundedCents
	if left := b.BalanceCents(); b.Status == booking.StatusDepositPaid && left > 0 {
		v.Rows = []dueRow{{Label: "Deposit paid", Amount: amount(paid)}, {Label: "Balance due by " + day(b.BalanceDueDate), Amount: amount(left), Due: true}}
		v.Terms = "Your deposit of " + amount(paid) + " is in. The balance of " + amount(left) + " is due by " + day(b.BalanceDueDate) +
			"; we will e-mail you a link to pay it."
		return v
	}
	v.Rows = []dueRow{{Label: "Paid in full", Amount: amount(paid)}}
	v.Terms = "You paid " + amount(paid) + ": your booking is paid in full and nothing more is due."
	return v
}

// orderLines is b's lines and total.
func orderLines(t tenant.Tenant, b booking.Booking) dueView {
	amount := moneyIn(t, b)
	v := dueView{Total: amount(b.TotalCents)}
	for _, li := range b.LineItems {
		v.Lines = append(v.Lines, moneyLine{li.Name, amount(li.AmountCents)})
	}
	return v
}

// moneyIn writes cents in b's currency and t's locale.
func moneyIn(t tenant.Tenant, b booking.Booking) func(int64) string {
	loc := localeOf(t)
	return func(c int64) string { return format.Money(c, b.Currency, loc) }
}
