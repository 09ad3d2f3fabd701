package booking

import "time"

// This file is the arithmetic of a booking's money (docs/API.md §11), as
// pure functions over integer minor units: what a checkout charges, each
// charge's share of the platform commission, what a cancellation refunds,
// and the commission once money went back. Rounding is always up to the
// cent, and fee shares are built so the fees of one booking add up to
// exactly its commission.

// ceilDiv is ⌈a / b⌉ for a ≥ 0, b > 0.
func ceilDiv(a, b int64) int64 {
	if a <= 0 || b <= 0 {
		return 0
	}
	return (a + b - 1) / b
}

// DepositCents is the deposit of totalCents at percent (0–100):
// ⌈total × percent / 100⌉; 0 percent is no deposit.
func DepositCents(totalCents int64, percent int) int64 {
	if percent <= 0 {
		return 0
	}
	if percent >= 100 {
		return totalCents
	}
	return ceilDiv(totalCents*int64(percent), 100)
}

// Due is what a checkout charges now and what is left for later.
type Due struct {
	// NowCents is charged at checkout.
	NowCents int64
	// DepositCents is the policy's deposit (retainer) of the total, charged
	// now or not: what a late cancellation keeps.
	DepositCents int64
	// BalanceCents is due on BalanceDueDate ("" and 0 when NowCents is the total).
	BalanceCents   int64
	BalanceDueDate string
}

// DueAtCheckout splits totalCents for an event on date booked on today
// (both YYYY-MM-DD): the deposit now and the rest balanceDueDays before
// the event, when the event is more than balanceDueDays away and the
// deposit is less than the total; otherwise the whole total now.
func DueAtCheckout(totalCents int64, depositPercent int, date, today string, balanceDueDays int) Due {
	deposit := DepositCents(totalCents, depositPercent)
	d := Due{NowCents: totalCents, DepositCents: deposit}
	if deposit <= 0 || deposit >= totalCents || DaysUntil(today, date) <= balanceDueDays {
		return d
	}
	due, err := time.Parse(dateLayout, date)
	if err != nil {
		return d
	}
	d.NowCents, d.BalanceCents = deposit, totalCents-deposit
	d.BalanceDueDate = due.AddDate(0, 0, -balanceDueDays).Format(dateLayout)
	return d
}

// DaysUntil is the number of calendar days from day to date (both
// YYYY-MM-DD), negative when date is earlier; 0 for a date it cannot read.
func DaysUntil(day, date string) int {
	a, err1 := time.Parse(dateLayout, day)
	b, err2 := time.Parse(dateLayout, date)
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(b.Sub(a).Hours()) / 24
}

// FeeShare is a charge's share of the commission: ⌈commission × charge /
// total⌉ (the deposit's fee; the balance carries the rest).
func FeeShare(commissionCents, chargeCents, totalCents int64) int64 {
	if totalCents <= 0 || chargeCents <= 0 {
		return 0
	}
	if chargeCents >= totalCents {
		return commissionCents
	}
	return ceilDiv(commissionCents*chargeCents, totalCents)
}

// Ledger is the money of one booking so far.
type Ledger struct {
	TotalCents    int64
	CommissionBps int
	PaidCents     int64 // every charge
	RefundedCents int64 // every refund
	FeesCents     int64 // application fees charged minus fees refunded
}

// Commission is the booking's commission: on the total while nothing was
// refunded, then ⌈(paid − refunded) × percent / 100⌉.
func (l Ledger) Commission() int64 {
	if l.RefundedCents == 0 {
		return Commission(l.TotalCents, l.CommissionBps)
	}
	return Commission(l.PaidCents-l.RefundedCents, l.CommissionBps)
}

// Refundable is what was paid and not refunded yet.
func (l Ledger) Refundable() int64 { return max(l.PaidCents-l.RefundedCents, 0) }

// ChargeFee is the application fee of a new charge of amountCents: its
// FeeShare of the commission while it leaves something to pay, and for the
// charge that completes the total whatever is left of the commission, so
// the fees add up to exactly the commission. Never negative, never more
// than the charge.
func (l Ledger) ChargeFee(amountCents int64) int64 {
	after := l
	after.PaidCents += amountCents
	target := after.Commission()
	fee := target - l.FeesCents
	if after.PaidCents < l.TotalCents {
		fee = min(fee, FeeShare(Commission(l.TotalCents, l.CommissionBps), amountCents, l.TotalCents))
	}
	return min(max(fee, 0), amountCents)
}

// Charge is l after a charge of amountCents carrying feeCents.
func (l Ledger) Charge(amountCents, feeCents int64) Ledger {
	l.PaidCents += amountCents
	l.FeesCents += feeCents
	return l
}

// RefundFee is the application fee given back with a refund of
// amountCents: what the fees exceed the commission after it by.
func (l Ledger) RefundFee(amountCents int64) int64 {
	after := l
	after.RefundedCents += amountCents
	return min(max(l.FeesCents-after.Commission(), 0), l.FeesCents)
}

// Refund is l after a refund of amountCents giving back feeCents.
func (l Ledger) Refund(amountCents, feeCents int64) Ledger {
	l.RefundedCents += amountCents
	l.FeesCents -= feeCents
	return l
}

// Policy is a cancellation policy (tenant.Policy, without the import).
type Policy struct {
	FreeCancellationDays int
	DepositRefundable    bool
}

// RefundOnCancel is what a cancellation daysBefore the event refunds of
// what is paid and not refunded yet: everything at least
// FreeCancellationDays before; later, everything but the deposit (all of it
// when the deposit is refundable).
func RefundOnCancel(l Ledger, depositCents int64, daysBefore int, p Policy) int64 {
	left := l.Refundable()
	if daysBefore >= p.FreeCancellationDays || p.DepositRefundable {
		return left
	}
	kept := min(depositCents, l.PaidCents)
	return max(l.PaidCents-kept-l.RefundedCents, 0)
}
