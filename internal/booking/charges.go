package booking

import (
	"context"
	"errors"
	"time"
)

// This file records the money of a payment transition: the charge of the
// action, with its share of the commission as application fee, as a row of
// its own, and the booking's sums (paid, fees, commission) moved with it,
// in the transaction of the transition.

// paymentAction is what a payment for sessionID means for b: the balance
// when it is b's balance session, the deposit when b's checkout charged
// only the deposit, else the full total (a as given).
func paymentAction(b Booking, sessionID string, a Action) Action {
	if a != ActionPay {
		return a
	}
	if b.BalanceSessionID != "" && sessionID == b.BalanceSessionID {
		return ActionPayBalance
	}
	if b.DueNowCents() < b.TotalCents {
		return ActionPayDeposit
	}
	return ActionPay
}

// chargeOf is the amount and purpose of the charge a pays.
func chargeOf(b Booking, a Action) (int64, string) {
	switch a {
	case ActionPayDeposit:
		return b.DueNowCents(), PurposeDeposit
	case ActionPayBalance:
		return max(b.TotalCents-b.PaidCents, 0), PurposeBalance
	}
	return max(b.TotalCents-b.PaidCents, 0), PurposeFull
}

// sessionOf is the payment session an action's money came through.
func sessionOf(b Booking, a Action) string {
	if a == ActionPayBalance {
		return b.BalanceSessionID
	}
	return b.CheckoutSessionID
}

// errChargedBefore: the session's charge was recorded before; the money
// it stands for moved the booking then, and must not move it again (a
// canceled booking paid long ago is not booked again by a late event).
var errChargedBefore = errors.New("the charge was recorded before")

// recordCharge writes the charge of a on b (one row per session: a charge
// recorded before is errChargedBefore) and moves b's sums.
func recordCharge(ctx context.Context, tx Tx, b *Booking, a Action, now time.Time) error {
	amount, purpose := chargeOf(*b, a)
	if amount <= 0 {
		if b.PaidCents > 0 { // paid in full before: this is that money again
			return errChargedBefore
		}
		return nil // a free booking: nothing to record
	}
	l := b.Ledger()
	fee := l.ChargeFee(amount)
	session := sessionOf(*b, a)
	key := "charge:" + b.ID + ":" + purpose
	if session != "" {
		key = "charge:" + session
	}
	err := tx.InsertPayment(ctx, Payment{ID: newID(), TenantID: b.TenantID, BookingID: b.ID, Kind: PaymentCharge, Purpose: purpose,
		AmountCents: amount, ApplicationFeeCents: fee, Provider: b.PaymentProvider, SessionID: session, ProviderPaymentID: b.paymentRef,
		IdempotencyKey: key, CreatedAt: now})
	if errors.Is(err, ErrDuplicatePayment) {
		return errChargedBefore
	}
	if err != nil {
		return err
	}
	l = l.Charge(amount, fee)
	b.PaidCents, b.FeesCents, b.CommissionCents = l.PaidCents, l.FeesCents, l.Commission()
	if a == ActionPayBalance || a == ActionPay {
		b.BalanceDueDate = ""
	}
	return nil
}
