package booking

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"time"

	"mais/internal/apperr"
	"mais/internal/audit"
)

// This file is what a hold is: a PENDING booking that keeps its date off
// sale while the couple pays. A date takes one live (PENDING or PAID)
// booking; a hold lapses at its expiry (HoldExpiresAt), after which the date
// is free again for whoever asks next; each customer e-mail and client
// address may hold at most MaxLiveHolds dates at once; the tenant can free a
// held date. Payments are in pay.go, blackouts in blackout.go.

// MaxLiveHolds is how many live unpaid holds one customer e-mail, and one
// client address, may have per tenant (docs/API.md §5). The next checkout is
// TOO_MANY_REQUESTS until one of them is paid, released or lapses, so one
// anonymous client cannot hold every sellable date of a business.
const MaxLiveHolds = 3

// sessionlessGrace is how long a hold may wait for its payment session. A
// remote provider's session is attached right after the hold commits (the
// provider call times out in seconds); a hold still without one after this
// lost its process between the two, and nobody can ever pay it.
const sessionlessGrace = 2 * time.Minute

// Who a hold cap counts.
const (
	CapByEmail   = "e-mail"
	CapByAddress = "address"
)

// Hold is a new PENDING booking to place on a date.
type Hold struct {
	Booking Booking
	// Now decides which existing holds have lapsed.
	Now time.Time
	// MaxPerEmail and MaxPerAddress cap the live unpaid holds of the tenant
	// that share the booking's customer e-mail, or its client address, this
	// one included; 0 is no cap. They are counted under a lock in the
	// transaction that takes the date, so the cap is exact under concurrency.
	MaxPerEmail, MaxPerAddress int
}

// lapsed reports whether b is a hold whose time ran out at now.
func lapsed(b Booking, now time.Time) bool {
	return b.Status == StatusPending && !b.HoldExpiresAt.After(now)
}

// placeHold takes h's date for a new PENDING booking, or says why it cannot:
// DATE_UNAVAILABLE for a live booking or a blackout on the date, TOO_MANY_
// REQUESTS (a *HoldCapError) for a cap reached. A lapsed hold on the date is
// expired on the way.
func (s *Service) placeHold(ctx context.Context, h Hold) (Booking, error) {
	b := h.Booking
	now := h.Now.UTC()
	err := s.Store.WithDateLock(ctx, b.TenantID, b.Date, func(tx Tx) error {
		reason, err := dateTaken(ctx, tx, b.TenantID, b.Date, "", now)
		if err != nil {
			return err
		}
		if reason != "" {
			return DateTaken(b.Date, reason)
		}
		if err := checkHoldCaps(ctx, tx, h, now); err != nil {
			return err
		}
		b, err = tx.InsertHold(ctx, b)
		if errors.Is(err, ErrDateOccupied) {
			return DateTaken(b.Date, ReasonHeld)
		}
		return err
	})
	if err != nil {
		return Booking{}, err
	}
	b.Status, b.CreatedAt, b.UpdatedAt = StatusPending, now, now
	return b, nil
}

// dateTaken says why date cannot be sold to the booking self ("" for a new
// one) at now, inside a transaction that holds the date's lock: booked,
// held or blackout, "" when sellable. A lapsed hold of another booking is
// expired on the way, so the date is free again.
func dateTaken(ctx context.Context, tx Tx, tenantID, date, self string, now time.Time) (string, error) {
	live, ok, err := tx.LiveBooking(ctx, tenantID, date)
	if err != nil {
		return "", err
	}
	if ok && live.ID != self {
		if !lapsed(live, now) {
			if live.Status == StatusPaid {
				return ReasonBooked, nil
			}
			return ReasonHeld, nil
		}
		if _, err := apply(ctx, tx, &live, ActionExpire, false, now); err != nil {
			return "", err
		}
	}
	blackout, err := tx.HasBlackout(ctx, tenantID, date)
	if err != nil {
		return "", err
	}
	if blackout {
		return ReasonBlackout, nil
	}
	return "", nil
}

// apply runs the state machine for b and writes the result to its row (and
// the audit log when the machine says so), updating b.
func apply(ctx context.Context, tx Tx, b *Booking, a Action, sellable bool, now time.Time) (Effects, error) {
	next, fx, err := Transition(b.Status, a, sellable)
	if err != nil || !fx.Changed() {
		return fx, err
	}
	before := *b
	b.Status, b.AwaitingPayment, b.UpdatedAt = next, fx.Awaiting, now
	if fx.Paid {
		paid := now
		b.PaidAt = &paid
	}
	if fx.NeedsRefund {
		b.NeedsRefund = true
	}
	if fx.Charge {
		err := recordCharge(ctx, tx, b, a, now)
		if errors.Is(err, errChargedBefore) {
			*b = before
			return Effects{Outcome: OutcomeNoChange}, nil
		}
		if err != nil {
			return fx, err
		}
	}
	if err := tx.UpdateBooking(ctx, *b, before.Status); err != nil {
		if errors.Is(err, ErrStale) {
			return fx, apperr.Conflict("the booking on %s changed meanwhile; please try again", b.Date)
		}
		return fx, err
	}
	if fx.Audit {
		err = tx.Audit(ctx, audit.Entry{TenantID: b.TenantID, At: now, Actor: audit.ActorFrom(ctx),
			Action: auditAction(a), Entity: audit.EntityBooking, EntityID: b.ID,
			Before: mustJSON(map[string]any{"date": before.Date, "status": before.Status, "holdExpiresAt": before.HoldExpiresAt.UTC(), "customerEmail": before.Customer.Email}),
			After:  mustJSON(map[string]any{"date": b.Date, "status": b.Status})})
	}
	return fx, err
}

// checkHoldCaps refuses a hold when the customer's e-mail, or the client
// address, already has its cap of live unpaid holds at this tenant. Each
// count runs under its own lock, taken after the date's, so concurrent
// checkouts cannot all slip under the cap.
func checkHoldCaps(ctx context.Context, tx Tx, h Hold, now time.Time) error {
	caps := []struct {
		by, value string
		limit     int
	}{
		{CapByEmail, h.Booking.Customer.Email, h.MaxPerEmail},
		{CapByAddress, h.Booking.ClientAddress, h.MaxPerAddress},
	}
	for _, c := range caps {
		if c.limit <= 0 || c.value == "" {
			continue
		}
		until, err := tx.LiveHoldExpiries(ctx, h.Booking.TenantID, c.by, c.value, now, c.limit)
		if err != nil {
			return fmt.Errorf("count live holds by %s: %w", c.by, err)
		}
		if len(until) >= c.limit {
			return TooManyHolds(c.by, c.limit, until[0].Sub(now))
		}
	}
	return nil
}

// releaseHold frees the date of b's hold with action (ActionCancel after a
// provider refused the checkout, ActionAdminRelease for the tenant). The
// date lock comes first, as in checkouts and payments, so a payment being
// applied to the same booking either lands before (the release is then a
// no-change, or CONFLICT for the tenant) or after (and then books only a
// sellable date).
func (s *Service) releaseHold(ctx context.Context, tenantID, bookingID string, a Action) (Booking, error) {
	b, err := s.Store.BookingByID(ctx, tenantID, bookingID)
	if err != nil {
		return Booking{}, err
	}
	now := s.now()
	var fx Effects
	err = s.Store.WithDateLock(ctx, tenantID, b.Date, func(tx Tx) error {
		if b, err = tx.BookingByID(ctx, tenantID, bookingID); err != nil {
			return err
		}
		fx, err = apply(ctx, tx, &b, a, false, now)
		return err
	})
	if err != nil {
		return Booking{}, err
	}
	if fx.Changed() {
		ev := bookingEvent(EventDateReleased, b)
		ev.SessionID = b.CheckoutSessionID
		s.publish(ctx, ev)
	}
	return b, nil
}

// CancelHold is a tenant admin releasing a hold: a PENDING booking becomes
// CANCELED and its date sellable, audited as booking.release under the
// actor of ctx. Any other status is CONFLICT; another tenant's id NOT_FOUND.
// Should the couple still pay, the payment books the date only if it is
// still sellable, else it is flagged for refund.
func (s *Service) CancelHold(ctx context.Context, tenantID, bookingID string) (Booking, error) {
	return s.releaseHold(ctx, tenantID, bookingID, ActionAdminRelease)
}

// SweepHolds expires every lapsed hold at now, and cancels holds that never
// got a payment session within sessionlessGrace; it returns the tenants
// touched. It is the one maintenance query not scoped to a tenant.
func SweepHolds(ctx context.Context, st Store, now time.Time) ([]string, error) {
	return st.SweepHolds(ctx, now.UTC(), now.Add(-sessionlessGrace).UTC())
}

// HoldCapError is a checkout refused because a hold cap is reached. It
// unwraps to the TOO_MANY_REQUESTS *apperr.Error the HTTP layers answer
// with (Retry-After included); forms look for it to word their message.
type HoldCapError struct {
	By         string // CapByEmail or CapByAddress
	Limit      int
	RetryAfter time.Duration
	err        *apperr.Error
}

func (e *HoldCapError) Error() string { return e.err.Error() }
func (e *HoldCapError) Unwrap() error { return e.err }

// TooManyHolds is the error of a checkout over a hold cap. retryAfter is
// how long until the first of the counted holds lapses (at least one second
// is announced).
func TooManyHolds(by string, limit int, retryAfter time.Duration) error {
	secs := max(int((retryAfter+time.Second-1)/time.Second), 1)
	who := "this e-mail address"
	if by == CapByAddress {
		who = "this connection"
	}
	return &HoldCapError{By: by, Limit: limit, RetryAfter: time.Duration(secs) * time.Second, err: &apperr.Error{
		Code: apperr.CodeTooManyRequests, RetryAfterSeconds: secs,
		Message: fmt.Sprintf("%s already holds %d dates that are not paid yet; pay for one or wait until a hold ends before holding another", who, limit)}}
}

// AddressKey is what the per-address cap counts for a client address: an
// IPv4 address itself, or the /64 network of an IPv6 address (one
// subscriber line gets a whole /64, so its single addresses cost nothing
// to change). Anything else is kept as given.
func AddressKey(addr string) string {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return addr
	}
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, err := a.WithZone("").Prefix(64)
	if err != nil {
		return a.String()
	}
	return p.String()
}
