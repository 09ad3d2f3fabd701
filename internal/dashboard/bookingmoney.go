package dashboard

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"mais/internal/apperr"
	"mais/internal/booking"
	"mais/internal/format"
	"mais/internal/tenant"
)

// This file is the business's side of a booking's money (docs/API.md §11)
// on the booking page: what was paid, refunded and is due, every charge and
// refund, the couple's manage link to copy, and the actions — refund (all
// or part), cancel with the policy's, a full or no refund, move the date,
// send the confirmation again. A CONFLICT booking is refunded with one
// button. Every rule is booking.Service's.

// BookingMoney is what the booking page asks of booking.Service.
type BookingMoney interface {
	BookingPayments(ctx context.Context, tenantID, id string) (booking.Booking, []booking.Payment, error)
	Refund(ctx context.Context, t tenant.Tenant, bookingID string, amountCents *int64) (booking.Booking, int64, error)
	Cancel(ctx context.Context, t tenant.Tenant, bookingID, mode, reason string) (booking.CancelResult, error)
	Reschedule(ctx context.Context, t tenant.Tenant, bookingID, date string, byCouple bool) (booking.Booking, error)
	RefundPreview(t tenant.Tenant, b booking.Booking) int64
	ManageURL(b booking.Booking) string
	ResendConfirmation(ctx context.Context, t tenant.Tenant, bookingID string) error
}

// moneyPanel is the money card of the booking page.
type moneyPanel struct {
	Ref        string
	Paid       string
	Refunded   string // "" when nothing was
	Refundable string // "" when nothing is
	// RefundAmount is the refundable amount as a form field holds it ("120.01").
	RefundAmount string
	Balance      string
	DueDate      string
	Overdue      bool
	PolicyRefund string
	ManageURL    string
	Payments     []paymentRow
	Held         bool // DEPOSIT_PAID or PAID: cancel, move, resend
	Conflict     bool // paid after losing the date, money still to return
	Disputed     bool
	Today        string
}

type paymentRow struct{ When, What, Amount string }

// moneyPanel reads the booking's payments and writes its money for people.
func (h *Handler) moneyPanel(ctx context.Context, t tenant.Tenant, b booking.Booking) (*moneyPanel, error) {
	if h.cfg.Money == nil {
		return nil, nil
	}
	b, payments, err := h.cfg.Money.BookingPayments(ctx, t.ID, b.ID)
	if err != nil {
		return nil, err
	}
	loc := t.Settings().Locale
	amount := func(c int64) string { return format.Money(c, b.Currency, loc) }
	today := booking.Today(h.cfg.Now(), t.Location())
	p := &moneyPanel{Ref: booking.Ref(b.ID), Paid: amount(b.PaidCents), Today: today, Disputed: b.Disputed,
		Held: b.Status == booking.StatusPaid || b.Status == booking.StatusDepositPaid}
	if b.RefundedCents > 0 {
		p.Refunded = amount(b.RefundedCents)
	}
	if left := b.PaidCents - b.RefundedCents; left > 0 {
		p.Refundable, p.RefundAmount = amount(left), format.Amount(left, b.Currency)
		p.Conflict = b.Status == booking.StatusConflict
	}
	if bal := b.BalanceCents(); b.Status == booking.StatusDepositPaid && bal > 0 {
		p.Balance, p.DueDate, p.Overdue = amount(bal), longDate(b.BalanceDueDate), b.BalanceDueDate < today
	}
	if p.Held {
		p.PolicyRefund = amount(h.cfg.Money.RefundPreview(t, b))
		p.ManageURL = h.cfg.Money.ManageURL(b)
	}
	for _, pm := range payments {
		what := strings.ToUpper(pm.Purpose[:min(1, len(pm.Purpose))]) + pm.Purpose[min(1, len(pm.Purpose)):]
		sign := ""
		if pm.Kind == booking.PaymentRefund {
			what, sign = "Refund ("+pm.Purpose+")", "−"
		}
		p.Payments = append(p.Payments, paymentRow{When: when(pm.CreatedAt, t.Location()), What: what, Amount: sign + amount(pm.AmountCents)})
	}
	return p, nil
}

func bookingURL(id string) string { return "/admin/bookings/" + url.PathEscape(id) }

// bookingRefund serves POST /admin/bookings/{id}/refund: amount empty
// refunds everything paid and not refunded yet.
func (h *Handler) bookingRefund(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("id")
	b, err := h.cfg.Bookings.Booking(r.Context(), s.Tenant.ID, id)
	if err != nil {
		return err
	}
	var amt *int64
	if text := strings.TrimSpace(r.PostFormValue("amount")); text != "" {
		cents, ok := format.ParseAmount(text, b.Currency)
		if !ok || cents <= 0 {
			h.redirectError(w, r, bookingURL(id), apperr.Validation("the refund must be an amount like 120.00", map[string]string{"amount": "must be an amount"}))
			return nil
		}
		amt = &cents
	}
	_, refunded, err := h.cfg.Money.Refund(r.Context(), s.Tenant, id, amt)
	if err != nil {
		return h.moneyRefused(w, r, id, err)
	}
	h.redirectOK(w, r, bookingURL(id), "Refunded "+format.Money(refunded, b.Currency, s.Tenant.Settings().Locale)+".")
	return nil
}

// bookingCancel serves POST /admin/bookings/{id}/cancel (refund: policy,
// full or none).
func (h *Handler) bookingCancel(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("id")
	res, err := h.cfg.Money.Cancel(r.Context(), s.Tenant, id, r.PostFormValue("refund"), strings.TrimSpace(r.PostFormValue("reason")))
	if err != nil {
		return h.moneyRefused(w, r, id, err)
	}
	msg := "The booking is canceled and " + longDate(res.Booking.Date) + " can be booked again."
	if res.RefundCents > 0 {
		msg += " Refunded " + format.Money(res.RefundCents, res.Booking.Currency, s.Tenant.Settings().Locale) + "."
	}
	h.redirectOK(w, r, bookingURL(id), msg)
	return nil
}

// bookingReschedule serves POST /admin/bookings/{id}/reschedule (date).
func (h *Handler) bookingReschedule(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("id")
	b, err := h.cfg.Money.Reschedule(r.Context(), s.Tenant, id, strings.TrimSpace(r.PostFormValue("date")), false)
	if err != nil {
		return h.moneyRefused(w, r, id, err)
	}
	h.redirectOK(w, r, bookingURL(id), "The booking moved to "+longDate(b.Date)+".")
	return nil
}

// bookingResend serves POST /admin/bookings/{id}/resend.
func (h *Handler) bookingResend(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("id")
	b, err := h.cfg.Bookings.Booking(r.Context(), s.Tenant.ID, id)
	if err != nil {
		return err
	}
	if err := h.cfg.Money.ResendConfirmation(r.Context(), s.Tenant, id); err != nil {
		return h.moneyRefused(w, r, id, err)
	}
	h.redirectOK(w, r, bookingURL(id), "The confirmation is on its way to "+b.Customer.Email+" again.")
	return nil
}

// moneyRefused brings a refusal the business can act on (a rule, a bad
// amount or date, a provider outage) back to the booking page; anything
// else is the error page.
func (h *Handler) moneyRefused(w http.ResponseWriter, r *http.Request, id string, err error) error {
	switch apperr.Code(err) {
	case apperr.CodeValidation, apperr.CodeConflict, apperr.CodeDateUnavailable, apperr.CodeUnavailable:
		h.redirectError(w, r, bookingURL(id), err)
		return nil
	}
	return err
}
