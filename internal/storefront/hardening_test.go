package storefront_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"mais/internal/booking"
	"mais/internal/payment"
	"mais/internal/ratelimit"
	"mais/internal/storefront"
	"mais/internal/testclock"
)

// TestBankPaymentPendingPage: after checkout.session.completed with
// payment_status unpaid (a bank debit), the success page says the bank
// payment is on its way and an e-mail will follow, and stops refreshing
// (issue 10 §3).
func TestBankPaymentPendingPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	in := booking.CheckoutInput{PackageID: e.pkg.ID, Date: "2026-06-20"}
	in.Customer.Name, in.Customer.Email = "Sam Rivera", "sam@example.com"
	res, err := e.booking.Checkout(ctx, e.tenant, in)
	if err != nil {
		t.Fatal(err)
	}
	success := "/t/willow/booking/success?session_id=" + res.SessionID
	if body := e.get(t, success).Body.String(); !strings.Contains(body, `http-equiv="refresh"`) {
		t.Fatalf("before the provider answers, the page should update itself:\n%s", body)
	}
	ev := payment.Event{ID: "evt_bank_debit", Type: payment.EventCheckoutCompleted,
		Session: payment.SessionObject{ID: res.SessionID, PaymentStatus: payment.PaymentStatusUnpaid, Status: "complete"}}
	if out, err := e.booking.HandleStripeEvent(ctx, ev, nil); err != nil || out != booking.OutcomeAwaiting {
		t.Fatalf("unpaid completion: %v %v", out, err)
	}
	w := e.get(t, success)
	body := w.Body.String()
	if w.Code != http.StatusOK {
		t.Fatalf("success page = %d", w.Code)
	}
	for _, want := range []string{"Your bank payment is on its way", "e-mail sam@example.com", "Saturday, June 20, 2026 stays reserved"} {
		if !strings.Contains(body, want) {
			t.Errorf("bank payment page lacks %q", want)
		}
	}
	if strings.Contains(body, `http-equiv="refresh"`) || strings.Contains(body, "a few seconds") {
		t.Error("a bank payment page must not promise seconds nor refresh for days")
	}
}

// TestBookingFormsAtTheHoldCap: the storefront and the widget refuse a
// fourth live hold with 429, Retry-After and words a person understands,
// keeping what was typed (issue 10 §4).
func TestBookingFormsAtTheHoldCap(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, date := range []string{"2026-06-20", "2026-06-21", "2026-06-22"} {
		if w := e.do(t, http.MethodPost, "mais.test", "/t/willow/services/classic", bookingForm(date, "Sam", "sam@example.com")); w.Code != http.StatusSeeOther {
			t.Fatalf("hold %s = %d", date, w.Code)
		}
	}
	for _, target := range []string{"/t/willow/services/classic", "/widget?tenant=willow&package=classic"} {
		w := e.do(t, http.MethodPost, "mais.test", target, bookingForm("2026-06-23", "Sam", "sam@example.com"))
		if w.Code != http.StatusTooManyRequests {
			t.Fatalf("%s: fourth hold = %d", target, w.Code)
		}
		if ra, err := strconv.Atoi(w.Header().Get("Retry-After")); err != nil || ra < 1 || ra > 30*60 {
			t.Errorf("%s: Retry-After = %q", target, w.Header().Get("Retry-After"))
		}
		body := w.Body.String()
		for _, want := range []string{"You already have 3 dates on hold that are not paid yet", `value="sam@example.com"`, `role="alert"`} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: refused form lacks %q", target, want)
			}
		}
	}
	if days, _ := e.booking.Unavailable(context.Background(), e.tenant, "2026-06-23", "2026-06-23"); len(days) != 0 {
		t.Errorf("a refused form held its date: %v", days)
	}
}

// TestBookingFormPostsAreRateLimited: booking form posts are counted per
// client address like the API's requests; beyond the limit, 429 with
// Retry-After and the form again.
func TestBookingFormPostsAreRateLimited(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *storefront.Config) {
		c.FormLimiter = ratelimit.NewMemory(testclock.Frozen(fixedNow).Now)
	})
	for i := 0; i < storefront.FormPostsPerMinute; i++ {
		if w := e.do(t, http.MethodPost, "mais.test", "/t/willow/services/classic", bookingForm("2026-06-20", "Sam", "not-an-email")); w.Code != http.StatusBadRequest {
			t.Fatalf("post %d = %d", i, w.Code)
		}
	}
	w := e.do(t, http.MethodPost, "mais.test", "/widget?tenant=willow&package=classic", bookingForm("2026-06-20", "Sam", "sam@example.com"))
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" {
		t.Fatalf("post over the limit = %d, Retry-After %q", w.Code, w.Header().Get("Retry-After"))
	}
	if body := w.Body.String(); !strings.Contains(body, "Please wait about a minute and try again") || !strings.Contains(body, `value="sam@example.com"`) {
		t.Errorf("limited form:\n%s", body)
	}
}
