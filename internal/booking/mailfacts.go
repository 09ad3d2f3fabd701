package booking

import (
	"mais/internal/format"
	"mais/internal/tenant"
)

// This file is what the e-mails read of the money side (deposit, balance,
// manage link), in one place while that side lands.

// localeOf is the tenant's locale for dates and amounts.
func localeOf(t tenant.Tenant) string {
	if t.Locale != "" {
		return t.Locale
	}
	return format.DefaultLocale
}

// money is what a booking's messages say about its money, in minor units.
type money struct {
	paid, deposit, balance int64
	dueDate                string // YYYY-MM-DD when balance > 0
}

func moneyFacts(b Booking) money {
	m := money{paid: b.PaidCents - b.RefundedCents, deposit: b.DepositCents, balance: b.BalanceCents()}
	if m.deposit <= 0 || m.deposit > b.PaidCents {
		m.deposit = b.PaidCents
	}
	if b.Status == StatusPending {
		m.balance = 0 // nothing is owed on a hold
	}
	if m.balance > 0 {
		m.dueDate = b.BalanceDueDate
		if m.dueDate == "" {
			m.dueDate = b.Date
		}
	}
	return m
}

// manageLink is the couple's manage page of b ("" without a signing key).
func (s *Service) manageLink(b Booking) string {
	if len(s.ManageKey) == 0 {
		return ""
	}
	return s.ManageURL(b)
}

// paidForDate reports whether money holds the booking's date.
func paidForDate(s Status) bool { return s == StatusPaid || s == StatusDepositPaid }
