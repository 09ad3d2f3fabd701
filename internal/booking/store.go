package booking

import (
	"context"
	"errors"
	"time"

	"mais/internal/audit"
	"mais/internal/notify"
)

// SessionRef is where a checkout session's booking lives: its tenant and
// date never change, so they can be read before any lock is taken.
type SessionRef struct {
	TenantID string
	Date     string
}

// Outcome says what a payment event did.
type Outcome string

// Outcomes.
const (
	OutcomeBooked    Outcome = "booked"    // PENDING/EXPIRED/CANCELED → PAID
	OutcomeConflict  Outcome = "conflict"  // paid, but the date is no longer sellable: flagged for refund
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
	// FromName is the sender's name (the business's, to a couple),
	// ReplyTo where answers go, Tag the kind of message (Mail*).
	FromName    string
	ReplyTo     string
	Tag         string
	Attachments []notify.Attachment
}

// TakenDay is one day that is, or may still be, not sellable.
type TakenDay struct {
	Date      string    `json:"d"`
	Reason    string    `json:"r"`          // booked, held or blackout
	HeldUntil time.Time `json:"u,omitzero"` // for held: when the hold lapses
}

// ErrDateOccupied is what Tx.InsertHold wraps when the store's own guard
// (a partial unique index on live bookings per tenant and date) refuses a
// second live booking: the last line of defence behind the date lock.
var ErrDateOccupied = errors.New("the date already has a live booking")

// ErrDuplicatePayment is what Tx.InsertPayment wraps for an idempotency
// key recorded before: that charge or refund is already counted.
var ErrDuplicatePayment = errors.New("the payment was recorded before")

// ErrStale is what Tx.UpdateBooking wraps when the booking is no longer in
// the status the caller read it in.
var ErrStale = errors.New("the booking changed meanwhile")

// Store is what booking needs from storage: transactions and rows, no
// rules. Methods taking a tenant id never see another tenant's rows. Every
// rule (when a date is sellable, what a payment does, what a blackout does
// to a hold) lives in this package, over the row operations of Tx.
type Store interface {
	// WithDateLock runs fn in one transaction that holds the (tenant, date)
	// lock until it ends: PostgreSQL takes an advisory transaction lock,
	// SQLite has a single writer. fn's error rolls everything back and is
	// returned as is. Lock order: the date lock is always taken first, then
	// row locks (Tx reads "for update"), then the hold-cap keys, so two
	// transactions never deadlock.
	WithDateLock(ctx context.Context, tenantID, date string, fn func(tx Tx) error) error
	// WithDateLocks is WithDateLock holding several dates' locks, taken in
	// ascending date order whatever the order given (reschedules).
	WithDateLocks(ctx context.Context, tenantID string, dates []string, fn func(tx Tx) error) error
	// AttachBalanceSession stores the payment session of a booking's balance.
	AttachBalanceSession(ctx context.Context, tenantID, bookingID, sessionID string) error
	// Payments lists a booking's charges and refunds, oldest first.
	Payments(ctx context.Context, tenantID, bookingID string) ([]Payment, error)
	// BookingByPayment finds the booking a provider payment (a Stripe
	// PaymentIntent id) was charged for (NOT_FOUND if none).
	BookingByPayment(ctx context.Context, paymentID string) (Booking, error)

	// AttachSession stores the payment session of a booking.
	AttachSession(ctx context.Context, tenantID, bookingID, sessionID, provider string, expiresAt time.Time) error
	BookingByID(ctx context.Context, tenantID, id string) (Booking, error)
	// BookingBySession finds the booking of a checkout session. Sessions are
	// globally unique provider ids, so this is how a webhook finds its tenant.
	BookingBySession(ctx context.Context, sessionID string) (Booking, error)
	// ListBookings lists a tenant's bookings by date, then creation, as the
	// filter says (already validated: see ParseListFilter).
	ListBookings(ctx context.Context, tenantID string, f ListFilter) ([]Booking, error)
	// BookingTotals sums the tenant's payments made in [from, to) by kind
	// and purpose, with their application fees; the balances its
	// DEPOSIT_PAID bookings owe (overdue when due before today,
	// YYYY-MM-DD); and the holds still live at now.
	BookingTotals(ctx context.Context, tenantID string, from, to, now time.Time, today string) (Totals, error)

	// RecordSessionEvent stores an event by its unique id before processing,
	// for a checkout session this server issued (else NOT_FOUND, and nothing
	// is stored). It returns the session's tenant and date and whether the
	// event was already processed.
	RecordSessionEvent(ctx context.Context, sessionID, eventID, eventType string, payload []byte) (ref SessionRef, processed bool, err error)
	// MarkWebhookFailed records a processing failure for a retry by Stripe.
	MarkWebhookFailed(ctx context.Context, eventID, message string) error

	// TakenDays lists the days in [from, to] that have a blackout, a paid
	// booking or a pending hold (with its expiry, whether lapsed or not).
	TakenDays(ctx context.Context, tenantID, from, to string) ([]TakenDay, error)
	// SweepHolds moves every PENDING booking whose hold expired at or before
	// lapsed to EXPIRED, and every PENDING booking without a payment session
	// created at or before sessionless to CANCELED, for every tenant; it
	// returns the tenants touched.
	SweepHolds(ctx context.Context, lapsed, sessionless time.Time) ([]string, error)

	// ListBlackouts lists a tenant's blackouts in [from, to] by date; an
	// empty end is open.
	ListBlackouts(ctx context.Context, tenantID, from, to string) ([]Blackout, error)
	// BlackoutByID finds one of the tenant's blackouts (NOT_FOUND if none).
	BlackoutByID(ctx context.Context, tenantID, id string) (Blackout, error)

	ClaimDueEmails(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]Email, error)
	MarkEmailsSent(ctx context.Context, ids []string, now time.Time) error
	MarkEmailFailed(ctx context.Context, id, message string, next time.Time, permanent bool) error
}

// Tx is the row operations of one WithDateLock transaction. Reads of
// bookings lock the row they return until the transaction ends.
type Tx interface {
	// LiveBooking is the tenant's PENDING or PAID booking on date, locked;
	// ok is false when the date has none.
	LiveBooking(ctx context.Context, tenantID, date string) (b Booking, ok bool, err error)
	// BookingByID and BookingBySession read and lock one booking (NOT_FOUND
	// if none); a session is the checkout's or the balance's.
	BookingByID(ctx context.Context, tenantID, id string) (Booking, error)
	BookingBySession(ctx context.Context, sessionID string) (Booking, error)
	// HasBlackout reports whether the tenant blacked date out.
	HasBlackout(ctx context.Context, tenantID, date string) (bool, error)
	// LiveHoldExpiries locks the key (tenant, by, value) until the
	// transaction ends, then returns the expiries, earliest first and at
	// most limit of them, of the tenant's PENDING bookings whose by-column
	// (CapByEmail: the customer e-mail, CapByAddress: the client address)
	// is value and whose hold expires after now.
	LiveHoldExpiries(ctx context.Context, tenantID, by, value string, now time.Time, limit int) ([]time.Time, error)
	// InsertHold inserts b as a PENDING booking, creating the tenant's
	// customer for its e-mail if new (an existing customer keeps its
	// details), and returns b with its customer id. A second live booking
	// on the date wraps ErrDateOccupied.
	InsertHold(ctx context.Context, b Booking) (Booking, error)
	// UpdateBooking writes b's status, date, hold expiry, awaiting, refund
	// and dispute flags, paid time, money sums (paid, refunded, fees,
	// commission, balance due date), who canceled and why, and update
	// time, if the row's status is still from; otherwise it wraps ErrStale.
	// A date another live booking holds wraps ErrDateOccupied.
	UpdateBooking(ctx context.Context, b Booking, from Status) error
	// InsertPayment records a charge or a refund; its idempotency key
	// recorded before wraps ErrDuplicatePayment.
	InsertPayment(ctx context.Context, p Payment) error
	// ClaimEvent marks a recorded event processed for tenantID; false means
	// it was processed before.
	ClaimEvent(ctx context.Context, tenantID, eventID string, now time.Time) (bool, error)
	// InsertBlackout stores b (its ID and CreatedAt set); a date blacked
	// out already is CONFLICT.
	InsertBlackout(ctx context.Context, b Blackout) error
	// DeleteBlackout removes one of the tenant's blackouts (NOT_FOUND if none).
	DeleteBlackout(ctx context.Context, tenantID, id string) error
	// EnqueueEmails queues messages; a dedupe key queued before is skipped.
	EnqueueEmails(ctx context.Context, msgs []Email, now time.Time) error
	// Audit writes an audit entry in this transaction.
	Audit(ctx context.Context, e audit.Entry) error
}
