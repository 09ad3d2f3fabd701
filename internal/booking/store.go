package booking

import (
	"context"
	"time"
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

// SessionAction is what a payment event does to the booking of a session.
type SessionAction int

// Session actions.
const (
	ActionPay     SessionAction = iota // payment succeeded: book it
	ActionAwait                        // payment pending (delayed methods): keep holding
	ActionRelease                      // expired or failed: free the date
)

// SessionRef is where a checkout session's booking lives: its tenant and
// date never change, so they can be read before any lock is taken.
type SessionRef struct {
	TenantID string
	Date     string
}

// SessionEvent is one payment event applied to one checkout session.
type SessionEvent struct {
	// Ref names the booking's date, whose lock is taken before the booking
	// row's: checkouts take them in that order too, so the two never deadlock.
	Ref       SessionRef
	EventID   string // unique per delivery source; redeliveries share it
	EventType string
	Payload   []byte
	SessionID string
	Action    SessionAction
	Now       time.Time
	// HoldUntil is the new hold expiry for ActionAwait.
	HoldUntil time.Time
	// ReleaseAs is EXPIRED or CANCELED for ActionRelease.
	ReleaseAs Status
	// Emails composes the messages queued, in the same transaction, when the
	// event changes the booking (booked, conflict or released).
	Emails func(b Booking) []Email
}

// Outcome says what a SessionEvent did.
type Outcome string

// Outcomes.
const (
	OutcomeBooked    Outcome = "booked"    // PENDING/EXPIRED → PAID
	OutcomeConflict  Outcome = "conflict"  // paid, but the date is someone else's: flagged for refund
	OutcomeNoChange  Outcome = "no_change" // already in the target state
	OutcomeDuplicate Outcome = "duplicate" // this event was processed before
	OutcomeAwaiting  Outcome = "awaiting"
	OutcomeReleased  Outcome = "released"
	// OutcomeIgnored: an event type MAIS does not act on, or an event for a
	// checkout session this server did not issue (another integration on the
	// same Stripe account). Nothing is stored.
	OutcomeIgnored Outcome = "ignored"
)

// Email is one queued message of the outbox.
type Email struct {
	ID        string
	TenantID  string
	DedupeKey string // one message per key, ever
	To        string
	Subject   string
	TextBody  string
	HTMLBody  string
	Attempts  int
}

// TakenDay is one day that is, or may still be, not sellable.
type TakenDay struct {
	Date      string    `json:"d"`
	Reason    string    `json:"r"`          // booked, held or blackout
	HeldUntil time.Time `json:"u,omitzero"` // for held: when the hold lapses
}

// ListFilter narrows an admin booking listing.
type ListFilter struct {
	From, To string   // inclusive dates; empty = open
	Statuses []Status // empty = any
	Limit    int
	Offset   int
}

// Store is what booking needs from storage. Methods taking a tenant id never
// see another tenant's rows.
type Store interface {
	// PlaceHold inserts a PENDING booking if the date is free: lapsed holds
	// on that date are expired first; a blackout or a live booking is
	// DATE_UNAVAILABLE; a customer e-mail or client address at its cap of
	// live holds is TOO_MANY_REQUESTS (see TooManyHolds). Check and insert
	// are one serialised transaction.
	PlaceHold(ctx context.Context, h Hold) (Booking, error)
	AttachSession(ctx context.Context, tenantID, bookingID, sessionID, provider string, expiresAt time.Time) error
	// ReleaseHold moves a PENDING booking to status (EXPIRED or CANCELED).
	ReleaseHold(ctx context.Context, tenantID, bookingID string, status Status) error
	// CancelHold is a tenant admin releasing a hold: a PENDING booking becomes
	// CANCELED and its date sellable, audited as booking.release under the
	// actor of ctx. Any other status is CONFLICT; another tenant's id NOT_FOUND.
	CancelHold(ctx context.Context, tenantID, bookingID string, now time.Time) (Booking, error)
	BookingByID(ctx context.Context, tenantID, id string) (Booking, error)
	// BookingBySession finds the booking of a checkout session. Sessions are
	// globally unique provider ids, so this is how a webhook finds its tenant.
	BookingBySession(ctx context.Context, sessionID string) (Booking, error)
	ListBookings(ctx context.Context, tenantID string, f ListFilter) ([]Booking, error)

	// RecordSessionEvent stores an event by its unique id before processing,
	// for a checkout session this server issued (else NOT_FOUND, and nothing
	// is stored). It returns the session's tenant and whether the event was
	// already processed.
	RecordSessionEvent(ctx context.Context, sessionID, eventID, eventType string, payload []byte) (ref SessionRef, processed bool, err error)
	// ApplySessionEvent processes one event in one transaction, marking the
	// event processed in it.
	ApplySessionEvent(ctx context.Context, e SessionEvent) (Booking, Outcome, error)
	// MarkWebhookFailed records a processing failure for a retry by Stripe.
	MarkWebhookFailed(ctx context.Context, eventID, message string) error

	// TakenDays lists the days in [from, to] that have a blackout, a paid
	// booking or a pending hold (with its expiry, whether lapsed or not).
	TakenDays(ctx context.Context, tenantID, from, to string) ([]TakenDay, error)
	// SweepExpiredHolds expires every lapsed hold; it returns the tenants touched.
	SweepExpiredHolds(ctx context.Context, now time.Time) ([]string, error)

	ListBlackouts(ctx context.Context, tenantID, from, to string) ([]Blackout, error)
	// CreateBlackout stops selling a date. A paid date is CONFLICT; a live
	// hold on it is released (CANCELED, audited) in the same transaction and
	// named in the result's ReleasedHoldID.
	CreateBlackout(ctx context.Context, b Blackout, now time.Time) (Blackout, error)
	DeleteBlackout(ctx context.Context, tenantID, id string) error

	ClaimDueEmails(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]Email, error)
	MarkEmailsSent(ctx context.Context, ids []string, now time.Time) error
	MarkEmailFailed(ctx context.Context, id, message string, next time.Time, permanent bool) error
}
