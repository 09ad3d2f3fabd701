package app_test

import (
	"testing"
	"time"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/booking"
	"mais/internal/payment"
	"mais/internal/testclock"
)

// TestWebhookSignedForTheFuture: a paid checkout.session.completed,
// correctly signed but with a t= an hour ahead of the clock, is 400
// INVALID_SIGNATURE like a stale one (docs/API.md §6), and books nothing;
// the same event signed now books the date.
func TestWebhookSignedForTheFuture(t *testing.T) {
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		tn := apptest.NewTenant(t, a, "futuresig")
		h := a.Handler()
		date := testclock.DaysAhead(a.Now(), tn.Tenant.Location(), 50)
		r := apptest.Do(t, h, "POST", "/v1/bookings/checkout", map[string]string{"X-Tenant-Key": tn.Keys.Public},
			`{"packageId":"classic","date":"`+date+`","customer":{"name":"Ana","email":"ana@example.com"}}`)
		apptest.Expect(t, "checkout", r, 200, "")
		var co struct{ SessionID, BookingID string }
		r.JSON(t, &co)
		body := payment.MarshalEvent(payment.Event{ID: "evt_future", Type: payment.EventCheckoutCompleted,
			Session: payment.SessionObject{ID: co.SessionID, PaymentStatus: "paid", Status: "complete"}}, time.Now())

		future := map[string]string{"Stripe-Signature": payment.SignWebhook(body, apptest.WebhookSecret, time.Now().Add(time.Hour))}
		apptest.Expect(t, "signed an hour ahead", apptest.Do(t, h, "POST", "/v1/webhooks/stripe", future, string(body)), 400, "INVALID_SIGNATURE")
		if b, err := a.Store.BookingByID(t.Context(), tn.Tenant.ID, co.BookingID); err != nil || b.Status != booking.StatusPending {
			t.Fatalf("booking after a future-signed payment: %s %v, want PENDING", b.Status, err)
		}

		r = apptest.Do(t, h, "POST", "/v1/webhooks/stripe", apptest.StripeSigned(body), string(body))
		apptest.Expect(t, "signed now", r, 200, "")
		if b, err := a.Store.BookingByID(t.Context(), tn.Tenant.ID, co.BookingID); err != nil || b.Status != booking.StatusPaid {
			t.Errorf("booking after the payment signed now: %s %v, want PAID", b.Status, err)
		}
	})
}
