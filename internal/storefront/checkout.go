package storefront

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"mais/internal/apperr"
	"mais/internal/booking"
	"mais/internal/format"
	"mais/internal/payment"
	"mais/internal/tenant"
)

// checkoutView is the mock payment page: what a hosted checkout shows.
type checkoutView struct {
	Lang      string
	Title     string
	Business  string
	SessionID string
	PayURL    string
	CancelURL string
	// Amount is what this session charges, written for people; What says
	// what it is ("Deposit", "Balance", "Payment in full").
	Amount string
	What   string
	Due    dueView
	Date   string
	Email  string
	Name   string
	// HoldUntil is when the date's hold lapses, in the tenant's zone ("" once booked).
	HoldUntil string
	// State is "open", "paid" or "closed".
	State   string
	NextURL string
}

// mockCheckout serves GET /checkout/mock/{session}, the payment page of the
// mock adapter: the amount of this session (the deposit or the whole total
// of a checkout, the balance of a balance session) and what is due when.
func (h *Handler) mockCheckout(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("session")
	b, t, err := h.sessionBooking(r.Context(), id)
	if err != nil {
		return err
	}
	balance := id == b.BalanceSessionID
	v := checkoutView{Lang: langOf(t), Title: "Pay " + t.Name, Business: t.Name, SessionID: id,
		PayURL: "/checkout/mock/" + id + "/pay", CancelURL: "/checkout/mock/" + id + "/cancel",
		Due: checkoutDue(t, b, balance), Date: format.DayIn(b.Date, localeOf(t)), Email: b.Customer.Email, Name: b.Customer.Name}
	if b.Status == booking.StatusPending {
		v.HoldUntil = format.Clock(b.HoldExpiresAt, t.Location())
	}
	amount := moneyIn(t, b)
	switch {
	case balance:
		v.Amount, v.What = amount(b.BalanceCents()), "Balance"
	case b.DueNowCents() < b.TotalCents:
		v.Amount, v.What = amount(b.DueNowCents()), "Deposit"
	default:
		v.Amount, v.What = amount(b.TotalCents), "Payment in full"
	}
	switch {
	case b.Status == booking.StatusPaid || b.Status == booking.StatusConflict || (b.Status == booking.StatusDepositPaid && !balance):
		v.State, v.NextURL = "paid", h.returnURL(t, h.cfg.SuccessURL, "success", id)
	case b.Status == booking.StatusDepositPaid && balance:
		v.State = "open"
	case b.Status == booking.StatusPending && h.cfg.Now().Before(b.HoldExpiresAt):
		v.State = "open"
	default:
		v.State, v.NextURL = "closed", h.returnURL(t, h.cfg.CancelURL, "cancel", id)
	}
	h.writeHTML(w, r, http.StatusOK, "checkout", false, v)
	return nil
}

// mockPay completes the checkout through the booking service, on the same
// path as a Stripe webhook, then returns the buyer to the success page.
func (h *Handler) mockPay(w http.ResponseWriter, r *http.Request) error {
	return h.mockAction(w, r, func(ctx context.Context, id string) error {
		_, _, err := h.cfg.Booking.PayMock(ctx, id)
		return err
	}, "success")
}

// mockCancel abandons the checkout and frees the date at once.
func (h *Handler) mockCancel(w http.ResponseWriter, r *http.Request) error {
	return h.mockAction(w, r, func(ctx context.Context, id string) error {
		_, err := h.cfg.Booking.CancelMock(ctx, id)
		return err
	}, "cancel")
}

func (h *Handler) mockAction(w http.ResponseWriter, r *http.Request, act func(context.Context, string) error, next string) error {
	if err := h.checkOrigin(r, "payment post"); err != nil {
		return err
	}
	id := r.PathValue("session")
	_, t, err := h.sessionBooking(r.Context(), id)
	if err == nil {
		err = act(r.Context(), id)
	}
	if err != nil {
		return err
	}
	override := h.cfg.SuccessURL
	if next == "cancel" {
		override = h.cfg.CancelURL
	}
	http.Redirect(w, r, h.returnURL(t, override, next, id), http.StatusSeeOther)
	return nil
}

func (h *Handler) sessionBooking(ctx context.Context, id string) (booking.Booking, tenant.Tenant, error) {
	if !payment.IsMockSessionID(id) {
		return booking.Booking{}, tenant.Tenant{}, apperr.NotFound("checkout session")
	}
	b, err := h.cfg.Booking.SessionBooking(ctx, id)
	if err != nil {
		return b, tenant.Tenant{}, err
	}
	t, err := h.cfg.Tenants.TenantByID(ctx, b.TenantID)
	return b, t, err
}

// returnURL is where the provider sends the buyer back: the configured
// override, or the tenant's own result page, as booking.Service tells a
// real provider.
func (h *Handler) returnURL(t tenant.Tenant, override, kind, sessionID string) string {
	if override != "" {
		return strings.ReplaceAll(override, "{CHECKOUT_SESSION_ID}", url.QueryEscape(sessionID))
	}
	return "/t/" + t.Slug + "/booking/" + kind + "?session_id=" + url.QueryEscape(sessionID)
}

// bookingResult serves the success and cancel pages a checkout returns to.
func (h *Handler) bookingResult(w http.ResponseWriter, r *http.Request, s *site, kind string) error {
	id := r.URL.Query().Get("session_id")
	b, err := h.cfg.Booking.SessionBooking(r.Context(), id)
	if err == nil && b.TenantID != s.t.ID {
		err = apperr.NotFound("checkout session")
	}
	if id == "" {
		err = apperr.NotFound("checkout session")
	}
	if err != nil {
		return err
	}
	d, err := h.loadSite(r.Context(), s.t, true)
	if err != nil {
		return err
	}
	lines := orderLines(s.t, b)
	res := &resultView{Date: format.DayIn(b.Date, localeOf(s.t)), Email: b.Customer.Email, Due: &lines}
	again := s.pageURL("services")
	for _, p := range d.visible {
		if p.ID == b.PackageID {
			again = s.packageURL(p.Slug)
		}
	}
	v := pageView{Lang: langOf(s.t), NoIndex: true, Site: h.siteView(s, d, ""), Result: res}
	switch {
	case b.Status == booking.StatusDepositPaid:
		due := paidDue(s.t, b)
		res.Kind, res.Heading, res.Due = "paid", "Your date is reserved!", &due
		res.Lead = "Thank you, " + firstName(b.Customer.Name) + ". " + res.Date + " is reserved for you. " + due.Terms +
			" A confirmation with a link to your booking is on its way to " + b.Customer.Email + "."
		res.NextURL, res.NextText = s.pageURL("home"), "Back to "+s.t.Name
	case b.Status == booking.StatusPaid:
		due := paidDue(s.t, b)
		res.Kind, res.Heading, res.Due = "paid", "You're booked!", &due
		res.Lead = "Thank you, " + firstName(b.Customer.Name) + ". " + res.Date + " is reserved for you. " + due.Terms +
			" A confirmation is on its way to " + b.Customer.Email + "."
		res.NextURL, res.NextText = s.pageURL("home"), "Back to "+s.t.Name
	case b.Status == booking.StatusConflict:
		res.Kind, res.Heading = "conflict", "Your payment arrived after the date was taken"
		res.Lead = "We are sorry: " + res.Date + " was no longer available when your payment arrived. " +
			"Your payment will be refunded in full, and we will write to " + b.Customer.Email + " to help you find another date."
		res.NextURL, res.NextText = again, "Choose another date"
	case b.Status == booking.StatusPending && b.AwaitingPayment:
		// A bank debit: Stripe said the checkout completed unpaid. It takes
		// days, so the page says so once instead of refreshing for days.
		res.Kind, res.Heading = "awaiting", "Your bank payment is on its way"
		res.Lead = "Thank you, " + firstName(b.Customer.Name) + ". Your bank is processing the payment, which can take a few business days. " +
			res.Date + " stays reserved for you meanwhile. We will e-mail " + b.Customer.Email +
			" as soon as the payment is confirmed, or if it does not go through."
		res.NextURL, res.NextText = s.pageURL("home"), "Back to "+s.t.Name
	case b.Status == booking.StatusPending && kind == "success" && h.cfg.Now().Before(b.HoldExpiresAt):
		res.Kind, res.Heading = "pending", "Confirming your payment…"
		res.Lead = "This usually takes a few seconds. This page updates by itself."
		v.Refresh = 3
	case b.Status == booking.StatusPending && kind == "success":
		// The hold ran out and no word from the provider: stop refreshing.
		res.Kind, res.Heading = "pending", "We have not received your payment yet"
		res.Lead = "If you paid, we will e-mail " + b.Customer.Email + " as soon as the payment reaches us. " +
			"If you did not, " + res.Date + " is no longer held for you."
		res.NextURL, res.NextText = again, "Choose a date again"
	default:
		res.Kind, res.Heading = "canceled", "Checkout canceled"
		res.Lead = "No payment was taken."
		if b.Status != booking.StatusPending {
			res.Lead += " " + res.Date + " has been released."
		}
		res.NextURL, res.NextText = again, "Choose a date again"
	}
	v.Title = res.Heading + " · " + s.t.Name
	h.writeHTML(w, r, http.StatusOK, "result", false, v)
	return nil
}

func firstName(name string) string {
	if f := strings.Fields(name); len(f) > 0 {
		return f[0]
	}
	return "there"
}
