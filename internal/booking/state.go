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
)

var actionNames = [...]string{"pay", "await", "expire", "cancel", "admin-release", "blackout"}

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
//	PAID     --admin-release--> error CONFLICT   --blackout--> error CONFLICT
//	anything else: no change
func Transition(current Status, a Action, sellable bool) (Status, Effects, error) {
	same := Effects{Outcome: OutcomeNoChange}
	switch a {
	case ActionPay:
		switch current {
		case StatusPaid, StatusConflict:
			return current, same, nil
		case StatusPending, StatusExpired, StatusCanceled:
			if sellable {
				return StatusPaid, Effects{Outcome: OutcomeBooked, Paid: true, Notify: true}, nil
			}
			return StatusConflict, Effects{Outcome: OutcomeConflict, Paid: true, NeedsRefund: true, Notify: true}, nil
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
		case StatusPaid:
			return current, same, apperr.Conflict("the date is booked; cancel the booking before blacking the date out")
		case StatusPending:
			return StatusCanceled, Effects{Outcome: OutcomeReleased, Audit: true}, nil
		}
		return current, same, nil
	}
	return current, same, fmt.Errorf("booking: unknown status %q or action %v", current, a)
}
