package booking

import (
	"fmt"

	"mais/internal/apperr"
)

// Action is something that happens to one booking. Which action a payment
// event means is decided in pay.go; the hold actions in holds.go; what a
// blackout does to a hold in blackout.go. What each action does to each
// status is decided here, and only here.
type Action int

// Actions.
const (
	// ActionPay: the money arrived. The booking is PAID if its date is still
	// sellable to it, else CONFLICT with a refund owed.
	ActionPay Action = iota
	// ActionAwait: the checkout completed unpaid (a bank payment is on its
	// way); a hold keeps holding, for longer.
	ActionAwait
	// ActionExpire: the hold lapsed or its session expired.
	ActionExpire
	// ActionCancel: the payment failed, the buyer abandoned the checkout,
	// or the provider refused it.
	ActionCancel
	// ActionAdminRelease: the tenant frees a held date. Only a hold can be
	// released; anything else is CONFLICT.
	ActionAdminRelease
	// ActionBlackout: the tenant blacks out the booking's date. A hold is
	// released (CANCELED); a paid date cannot be blacked out (CONFLICT).
	ActionBlackout
	// ActionPayDeposit: the deposit of a checkout arrived. Like ActionPay,
	// but the booking is DEPOSIT_PAID: the balance is still due.
	ActionPayDeposit
	// ActionPayBalance: the balance arrived. A DEPOSIT_PAID booking is
	// PAID; money for a booking that no longer holds its date is owed back.
	ActionPayBalance
	// ActionCancelBooking: the couple or the tenant cancels; the date is
	// free at once (what is refunded is decided in money.go).
	ActionCancelBooking
	// ActionReschedule: the booking moves to another date (the caller
	// holds both dates' locks and checked the new one). Only a booking that
	// holds its date by a payment can move.
	ActionReschedule
)

var actionNames = [...]string{"pay", "await", "expire", "cancel", "admin-release", "blackout",
	"pay-deposit", "pay-balance", "cancel-booking", "reschedule"}

// OutcomeRescheduled: the booking moved to another date.
const OutcomeRescheduled Outcome = "rescheduled"

// OutcomeCanceled: a booking (paid or not) was canceled and its date freed.
const OutcomeCanceled Outcome = "canceled"

func (a Action) String() string {
	if int(a) < len(actionNames) {
		return actionNames[a]
	}
	return fmt.Sprintf("action(%d)", int(a))
}

// Effects is what a transition asks for besides the new status.
type Effects struct {
	Outcome Outcome
	// Paid: record now as the payment time.
	Paid bool
	// Charge: record the action's money as a charge (deposit, balance or
	// the full total) with its application fee.
	Charge bool
	// NeedsRefund: the money came for a date that was not sellable.
	NeedsRefund bool
	// Awaiting: a delayed payment is on its way and the hold is extended.
	// Every other transition clears the flag.
	Awaiting bool
	// Notify: queue the e-mails of the new status (see composeEmails).
	Notify bool
	// Audit: the change is a tenant's decision, written to the audit log as
	// booking.release.
	Audit bool
}

// Changed reports whether the transition changes the booking.
func (e Effects) Changed() bool { return e.Outcome != OutcomeNoChange }

// Transition is the booking state machine. sellable says whether the
// booking's date could be sold to it now (only ActionPay asks): no blackout
// and no other live booking on it. It returns the new status, what else to
// do, and an error for an action the status refuses. It reads no clock and
// no store: callers apply the result to the row inside the date's lock.
//
//	PENDING  --pay, sellable--> PAID        --pay, not sellable--> CONFLICT (refund)
//	EXPIRED/CANCELED --pay--> PAID if sellable, else CONFLICT (refund)
//	PENDING  --await--> PENDING (awaiting, hold extended)
//	PENDING  --expire--> EXPIRED   --cancel, admin-release, blackout--> CANCELED
//	PENDING  --pay-deposit, sellable--> DEPOSIT_PAID --pay-balance--> PAID
//	PENDING  --pay-deposit, not sellable--> CONFLICT (refund)
//	EXPIRED/CANCELED/CONFLICT --pay-balance--> same status, refund owed
//	PENDING/DEPOSIT_PAID/PAID/CONFLICT --cancel-booking--> CANCELED (date free)
//	DEPOSIT_PAID/PAID --reschedule--> same status on the new date; else error CONFLICT
//	DEPOSIT_PAID/PAID --admin-release, blackout--> error CONFLICT
//	anything else: no change
func Transition(current Status, a Action, sellable bool) (Status, Effects, error) {
	same := Effects{Outcome: OutcomeNoChange}
	booked := current == StatusPaid || current == StatusDepositPaid
	switch a {
	case ActionPay, ActionPayDeposit:
		switch current {
		case StatusPaid, StatusDepositPaid, StatusConflict:
			return current, same, nil
		case StatusPending, StatusExpired, StatusCanceled:
			if !sellable {
				return StatusConflict, Effects{Outcome: OutcomeConflict, Paid: true, Charge: true, NeedsRefund: true, Notify: true}, nil
			}
			next := StatusPaid
			if a == ActionPayDeposit {
				next = StatusDepositPaid
			}
			return next, Effects{Outcome: OutcomeBooked, Paid: true, Charge: true, Notify: true}, nil
		}
	case ActionPayBalance:
		switch current {
		case StatusDepositPaid:
			return StatusPaid, Effects{Outcome: OutcomeBooked, Paid: true, Charge: true, Notify: true}, nil
		case StatusPaid, StatusPending:
			return current, same, nil
		case StatusExpired, StatusCanceled, StatusConflict:
			return current, Effects{Outcome: OutcomeConflict, Charge: true, NeedsRefund: true}, nil
		}
	case ActionCancelBooking:
		switch current {
		case StatusPending, StatusDepositPaid, StatusPaid, StatusConflict:
			return StatusCanceled, Effects{Outcome: OutcomeCanceled, Notify: true, Audit: true}, nil
		case StatusCanceled, StatusExpired:
			return current, same, nil
		}
	case ActionReschedule:
		if booked {
			return current, Effects{Outcome: OutcomeRescheduled, Notify: true, Audit: true}, nil
		}
		if current == StatusPending || current == StatusCanceled || current == StatusExpired || current == StatusConflict {
			return current, same, apperr.Conflict("only a booked date (DEPOSIT_PAID or PAID) can be moved; this booking is %s", current)
		}
	case ActionAwait:
		if current == StatusPending {
			return StatusPending, Effects{Outcome: OutcomeAwaiting, Awaiting: true}, nil
		}
		return current, same, nil
	case ActionExpire, ActionCancel:
		if current != StatusPending {
			return current, same, nil
		}
		next := StatusExpired
		if a == ActionCancel {
			next = StatusCanceled
		}
		return next, Effects{Outcome: OutcomeReleased, Notify: true}, nil
	case ActionAdminRelease:
		if current != StatusPending {
			return current, same, apperr.Conflict("only a hold (PENDING) can be released; this booking is %s", current)
		}
		return StatusCanceled, Effects{Outcome: OutcomeReleased, Audit: true}, nil
	case ActionBlackout:
		switch current {
		case StatusPaid, StatusDepositPaid:
			return current, same, apperr.Conflict("the date is booked; cancel the booking before blacking the date out")
		case StatusPending:
			return StatusCanceled, Effects{Outcome: OutcomeReleased, Audit: true}, nil
		}
		return current, same, nil
	}
	return current, same, fmt.Errorf("booking: unknown status %q or action %v", current, a)
}
