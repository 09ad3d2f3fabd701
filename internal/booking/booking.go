// Package booking sells dates. It answers availability, prices orders, holds
// a date while the couple pays, turns payments into bookings exactly once,
// and never lets one tenant's date be sold twice.
package booking

import (
	"time"
)

// Status is where a booking is in its life.
type Status string

// Statuses. PENDING, DEPOSIT_PAID and PAID are "live": at most one live
// booking exists per tenant and date, enforced by a partial unique index in
// the store.
const (
	StatusPending     Status = "PENDING"      // date held while the customer pays
	StatusDepositPaid Status = "DEPOSIT_PAID" // booked; the balance is due on BalanceDueDate
	StatusPaid        Status = "PAID"         // booked and paid in full
	StatusExpired     Status = "EXPIRED"      // hold lapsed or the session expired
	StatusCanceled    Status = "CANCELED"     // abandoned, payment failed, or the provider refused
	StatusConflict    Status = "CONFLICT"     // paid after the date went to someone else: refund
)

// Reasons a date is not available (docs/API.md §5).
const (
	ReasonBooked   = "booked"
	ReasonHeld     = "held"
	ReasonBlackout = "blackout"
	ReasonCalendar = "calendar"
	ReasonPast     = "past"
	// ReasonHorizon: further ahead than the tenant's bookingHorizonDays.
	ReasonHorizon = "horizon"
)

// LineItem is one priced line of an order, frozen at checkout so later
// catalog edits never change what a couple paid for.
type LineItem struct {
	Kind        string `json:"kind"` // "package" or "addon"
	ID          string `json:"id"`
	Name        string `json:"name"`
	AmountCents int64  `json:"amountCents"`
}

// Customer is the couple or client who books. A booking keeps the details
// given at its own checkout: a later checkout with the same e-mail never
// changes them (docs/API.md §5).
type Customer struct {
	ID       string
	TenantID string
	Name     string
	Email    string
	Phone    string
}

// Booking is one order for one date.
type Booking struct {
	ID              string
	TenantID        string
	Customer        Customer
	PackageID       string
	AddOnIDs        []string
	LineItems       []LineItem
	Date            string // YYYY-MM-DD in the tenant's zone
	Status          Status
	TotalCents      int64
	CommissionCents int64
	CommissionBps   int
	Currency        string
	Notes           string
	// The venue as chosen at checkout: VenueID is one of the tenant's
	// venues ("" when the couple typed a place or gave none); name and
	// address are copies a later edit of the venue does not change.
	VenueID           string
	VenueName         string
	VenueAddress      string
	CheckoutSessionID string
	PaymentProvider   string
	HoldExpiresAt     time.Time
	// AwaitingPayment: Stripe said the checkout completed unpaid; a bank
	// payment is on its way and the date stays held for it.
	AwaitingPayment bool
	// ClientAddress is the address the hold was placed from, as AddressKey
	// writes it ("" if unknown); it counts against the per-address cap on
	// live holds.
	ClientAddress string
	NeedsRefund   bool
	// DepositCents is the deposit of the tenant's policy at checkout (what
	// a late cancellation keeps; 0: none). BalanceDueDate is when the rest
	// is due, "" when the checkout charged the whole total.
	DepositCents   int64
	BalanceDueDate string
	// BalanceSessionID is the payment session of the balance, once asked for.
	BalanceSessionID string
	// PaidCents, RefundedCents and FeesCents sum the booking's payments:
	// every charge, every refund, and the application fees charged minus
	// those refunded.
	PaidCents     int64
	RefundedCents int64
	FeesCents     int64
	// Disputed: the couple's bank disputes a charge (charge.dispute.created).
	Disputed bool
	// CanceledBy is who canceled a booked date (CanceledByCouple or
	// CanceledByBusiness; "" for anything else), CancelReason their words.
	CanceledBy   string
	CancelReason string
	PaidAt       *time.Time
	// paymentRef is the provider's payment (a PaymentIntent id) of the
	// event being applied, recorded on its charge; never stored here.
	paymentRef string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Blackout is a date the tenant does not sell.
type Blackout struct {
	ID        string
	TenantID  string
	Date      string
	Reason    string
	CreatedAt time.Time
	// ReleasedHoldID names the live hold that creating this blackout
	// released, if there was one.
	ReleasedHoldID string
}

// Commission is the platform's share of totalCents at bps basis points,
// rounded up to the cent: ceil(total × bps / 10000).
func Commission(totalCents int64, bps int) int64 {
	if totalCents <= 0 || bps <= 0 {
		return 0
	}
	p := totalCents * int64(bps)
	return (p + 9999) / 10000
}

// Live reports whether the booking holds its date.
func (b Booking) Live() bool {
	return b.Status == StatusPending || b.Status == StatusDepositPaid || b.Status == StatusPaid
}

// Ledger is the booking's money so far.
func (b Booking) Ledger() Ledger {
	return Ledger{TotalCents: b.TotalCents, CommissionBps: b.CommissionBps, PaidCents: b.PaidCents,
		RefundedCents: b.RefundedCents, FeesCents: b.FeesCents}
}

// BalanceCents is what is still to pay for a booking that holds its date
// (0 for any other).
func (b Booking) BalanceCents() int64 {
	if b.Status != StatusDepositPaid && b.Status != StatusPending {
		return 0
	}
	return max(b.TotalCents-b.PaidCents, 0)
}

// DueNowCents is what the booking's checkout charges: the deposit when a
// balance is due later, else the whole total.
func (b Booking) DueNowCents() int64 {
	if b.BalanceDueDate != "" && b.DepositCents > 0 && b.DepositCents < b.TotalCents {
		return b.DepositCents
	}
	return b.TotalCents
}

// Payment is one movement of a booking's money: a charge or a refund.
type Payment struct {
	ID        string
	TenantID  string
	BookingID string
	Kind      string // PaymentCharge or PaymentRefund
	// Purpose: for a charge, deposit, balance or full; for a refund, why
	// (cancel, admin, conflict, provider).
	Purpose             string
	AmountCents         int64
	ApplicationFeeCents int64
	Provider            string
	SessionID           string
	ProviderPaymentID   string
	ProviderRefundID    string
	// IdempotencyKey is unique: the same movement is never recorded twice.
	IdempotencyKey string
	CreatedAt      time.Time
}

// Who canceled a booking (Booking.CanceledBy).
const (
	CanceledByCouple   = "couple"
	CanceledByBusiness = "business"
)

// Payment kinds and charge purposes.
const (
	PaymentCharge = "charge"
	PaymentRefund = "refund"

	PurposeDeposit = "deposit"
	PurposeBalance = "balance"
	PurposeFull    = "full"
)
