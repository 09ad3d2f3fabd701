package dashboard_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/booking"
	"mais/internal/payment/paymenttest"
	"mais/internal/testclock"
)

// legacyBooking is a booking as migration 008 left one paid before it: PAID
// with its money on the booking and no payment row. It is checked out
// through Stripe (stripe-mock); blank forgets its checkout session.
func legacyBooking(t *testing.T, a *app.App, f fixture, days int, blank bool) booking.Booking {
	t.Helper()
	ctx := context.Background()
	in := booking.CheckoutInput{PackageID: f.alphaPkg.ID, Date: testclock.DaysAhead(a.Now(), f.alpha.Tenant.Location(), days)}
	in.Customer.Name, in.Customer.Email = "Old Timer", "old@example.com"
	res, err := a.Booking.Checkout(ctx, f.alpha.Tenant, in)
	if err != nil {
		t.Fatal(err)
	}
	if blank {
		if err := a.Store.AttachSession(ctx, f.alpha.Tenant.ID, res.BookingID, "", "stripe", a.Now()); err != nil {
			t.Fatal(err)
		}
	}
	var b booking.Booking
	err = a.Store.WithDateLock(ctx, f.alpha.Tenant.ID, in.Date, func(tx booking.Tx) error {
		if b, err = tx.BookingByID(ctx, f.alpha.Tenant.ID, res.BookingID); err != nil {
			return err
		}
		now := a.Now().AddDate(0, 0, -400)
		b.Status, b.PaidCents, b.FeesCents, b.PaidAt = booking.StatusPaid, b.TotalCents, b.CommissionCents, &now
		return tx.UpdateBooking(ctx, b, booking.StatusPending)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, ps, _ := a.Booking.BookingPayments(ctx, f.alpha.Tenant.ID, b.ID); len(ps) != 0 {
		t.Fatalf("a legacy booking with %d payment rows", len(ps))
	}
	return b
}

// TestLegacyBookingRefund: a booking paid before payments had rows of
// their own is refunded through Stripe by the payment intent of its
// checkout session (read back from stripe-mock); its charge is recorded
// with the refund, so Stripe's later events find it. Without a session to
// ask, the refund is refused with 409 CONFLICT and a message saying what
// to do, in the API and on the dashboard, and nothing changes.
func TestLegacyBookingRefund(t *testing.T) {
	base := paymenttest.StartStripeMock(t)
	env := apptest.Env{"ADAPTERS_PRESET": "real", "STRIPE_SECRET_KEY": "sk_test_123", "STRIPE_API_BASE": base}
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			f, br := loggedInAlpha(t, kind, env)
			a, ctx, tid := f.app, context.Background(), f.alpha.Tenant.ID
			key := apptest.Bearer(f.alpha.Keys.Secret)

			// No session to ask: refused, clearly, on both surfaces.
			lost := legacyBooking(t, a, f, 150, true)
			r := apptest.Do(t, a.Handler(), "POST", "/v1/admin/bookings/"+lost.ID+"/refund", key, "{}")
			apptest.Expect(t, "refund without a session", r, http.StatusConflict, "CONFLICT")
			if !strings.Contains(string(r.Body), "refund it in your Stripe dashboard") {
				t.Errorf("refusal message: %s", r.Body)
			}
			path := "/admin/bookings/" + lost.ID
			page := br.follow(br.submit(path, path+"/refund", nil))
			if !strings.Contains(page.body, "flash-error") || !strings.Contains(page.body, "refund it in your Stripe dashboard") {
				t.Errorf("the dashboard does not say why:\n%s", snippet(page.body))
			}
			if got, _ := a.Booking.Booking(ctx, tid, lost.ID); got.RefundedCents != 0 {
				t.Errorf("a refused refund recorded %d", got.RefundedCents)
			}

			// With its session: refunded by the session's payment intent.
			old := legacyBooking(t, a, f, 160, false)
			r = apptest.Do(t, a.Handler(), "POST", "/v1/admin/bookings/"+old.ID+"/refund", key, "{}")
			apptest.Expect(t, "legacy refund", r, http.StatusOK, "")
			got, ps, err := a.Booking.BookingPayments(ctx, tid, old.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.RefundedCents != got.PaidCents || len(ps) != 2 {
				t.Fatalf("after the refund: refunded %d of %d, %d rows", got.RefundedCents, got.PaidCents, len(ps))
			}
			charge, refund := ps[0], ps[1]
			if charge.Kind != booking.PaymentCharge || charge.AmountCents != old.TotalCents || !strings.HasPrefix(charge.ProviderPaymentID, "pi_") ||
				!charge.CreatedAt.Equal(*got.PaidAt) || refund.Kind != booking.PaymentRefund || refund.ProviderPaymentID != charge.ProviderPaymentID {
				t.Errorf("rows: charge %+v refund %+v", charge, refund)
			}
			if found, err := a.Store.BookingByPayment(ctx, charge.ProviderPaymentID); err != nil || found.ID != old.ID {
				t.Errorf("Stripe's events would not find the booking: %v %v", found.ID, err)
			}
			// Nothing is left, so a second refund is refused as such.
			apptest.Expect(t, "second refund", apptest.Do(t, a.Handler(), "POST", "/v1/admin/bookings/"+old.ID+"/refund", key, "{}"),
				http.StatusConflict, "CONFLICT")
		})
	}
}
