package api_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/payment"
)

type moneyView struct {
	ID, Date, Status, Currency, ManageURL string
	TotalCents, DepositCents, PaidCents   int64
	BalanceCents, RefundedCents           int64
	CommissionCents                       *int64
	BalanceDueDate                        *string
	NeedsRefund                           bool
	RefundIfCanceledCents                 int64
	Payments                              []struct {
		Kind, Purpose       string
		AmountCents         int64
		ApplicationFeeCents *int64
	}
}

// day is the tenant's day n days after the app's today.
func day(a *app.App, n int) string {
	loc, _ := time.LoadLocation("America/Chicago")
	return a.Now().In(loc).AddDate(0, 0, n).Format("2006-01-02")
}

func tokenOf(t *testing.T, manageURL string) string {
	t.Helper()
	u, err := url.Parse(manageURL)
	if err != nil || !strings.HasPrefix(u.Path, "/b/") {
		t.Fatalf("manage url %q", manageURL)
	}
	return strings.TrimPrefix(u.Path, "/b/")
}

// TestDepositBalanceRescheduleCancel walks docs/API.md §11 through the API
// on both stores: a checkout with a deposit, the deposit paid, the
// couple's manage link (tampered → 401), the balance paid exactly once
// through the same completion path, a move to another date (the old one
// free again), and a cancellation refunded by the policy.
func TestDepositBalanceRescheduleCancel(t *testing.T) {
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		ctx := context.Background()
		tn := apptest.NewTenant(t, a, "money")
		h := a.Handler()
		admin := loginToken(t, h, tn.AdminEmail, apptest.Password)
		as := func(method, path, body string) apptest.Reply {
			return apptest.Do(t, h, method, path, apptest.Bearer(admin), body)
		}
		key := map[string]string{"X-Tenant-Key": tn.Keys.Public}
		apptest.Expect(t, "deposit 25 %", as("PATCH", "/v1/admin/settings", `{"depositPercent":25}`), 200, "")

		event := day(a, 400)
		r := apptest.Do(t, h, "POST", "/v1/bookings/checkout", key, fmt.Sprintf(`{"packageId":"classic","date":%q,"customer":{"name":"Ana","email":"ana@example.com"}}`, event))
		apptest.Expect(t, "checkout", r, 200, "")
		var co struct {
			SessionID, BookingID, BalanceDueDate          string
			AmountDueNowCents, DepositCents, BalanceCents int64
		}
		r.JSON(t, &co)
		due := day(a, 370)
		if co.AmountDueNowCents != 2501 || co.DepositCents != 2501 || co.BalanceCents != 7500 || co.BalanceDueDate != due {
			t.Fatalf("checkout answer: %+v, want 2501 now, 7500 due %s", co, due)
		}
		if _, _, err := a.Booking.PayMock(ctx, co.SessionID); err != nil {
			t.Fatal(err)
		}
		var v moneyView
		r = as("GET", "/v1/admin/bookings/"+co.BookingID, "")
		apptest.Expect(t, "detail", r, 200, "")
		r.JSON(t, &v)
		// 12.5 % of 10001 is 1251; the deposit's share ⌈1251 × 2501 / 10001⌉ = 313.
		if v.Status != "DEPOSIT_PAID" || v.PaidCents != 2501 || v.BalanceCents != 7500 || v.BalanceDueDate == nil || *v.BalanceDueDate != due ||
			len(v.Payments) != 1 || v.Payments[0].Purpose != "deposit" || *v.Payments[0].ApplicationFeeCents != 313 || *v.CommissionCents != 1251 {
			t.Fatalf("after the deposit: %+v", v)
		}
		token := tokenOf(t, v.ManageURL)
		manage := "/v1/public/bookings/manage?token=" + url.QueryEscape(token)
		r = apptest.Do(t, h, "GET", manage, nil, "")
		apptest.Expect(t, "manage", r, 200, "")
		var mv moneyView
		r.JSON(t, &mv)
		if mv.ID != co.BookingID || mv.CommissionCents != nil || mv.Payments[0].ApplicationFeeCents != nil {
			t.Fatalf("the couple's view shows the commission or another booking: %+v", mv)
		}
		for _, bad := range []string{token + "x", strings.Replace(token, ".", ".A", 1), "", "a.b.c"} {
			r := apptest.Do(t, h, "GET", "/v1/public/bookings/manage?token="+url.QueryEscape(bad), nil, "")
			apptest.Expect(t, "tampered "+bad, r, 401, "UNAUTHORIZED")
		}

		// The balance: one session, paid once whatever the deliveries.
		r = apptest.Do(t, h, "POST", "/v1/public/bookings/pay-balance?token="+url.QueryEscape(token), nil, "")
		apptest.Expect(t, "pay balance", r, 200, "")
		var pb struct {
			SessionID   string
			AmountCents int64
		}
		r.JSON(t, &pb)
		if pb.AmountCents != 7500 || pb.SessionID == co.SessionID {
			t.Fatalf("balance session: %+v", pb)
		}
		for range 2 {
			if _, _, err := a.Booking.PayMock(ctx, pb.SessionID); err != nil {
				t.Fatal(err)
			}
		}
		r = as("GET", "/v1/admin/bookings/"+co.BookingID, "")
		v = moneyView{}
		r.JSON(t, &v)
		if v.Status != "PAID" || v.PaidCents != 10001 || v.BalanceCents != 0 || v.BalanceDueDate != nil || len(v.Payments) != 2 ||
			*v.Payments[0].ApplicationFeeCents+*v.Payments[1].ApplicationFeeCents != 1251 {
			t.Fatalf("after the balance: %+v", v)
		}
		r = apptest.Do(t, h, "POST", "/v1/public/bookings/pay-balance?token="+url.QueryEscape(token), nil, "")
		apptest.Expect(t, "nothing due", r, 409, "CONFLICT")

		// Move the date; the old one is sellable again, the new one taken.
		moved := day(a, 420)
		r = apptest.Do(t, h, "POST", "/v1/public/bookings/reschedule?token="+url.QueryEscape(token), nil, fmt.Sprintf(`{"date":%q}`, moved))
		apptest.Expect(t, "reschedule", r, 200, "")
		availability := func(d string) bool {
			r := apptest.Do(t, h, "GET", "/v1/availability?date="+d, key, "")
			var av struct{ Available bool }
			r.JSON(t, &av)
			return av.Available
		}
		if !availability(event) || availability(moved) {
			t.Fatalf("after the move: old %s available %v, new %s available %v", event, availability(event), moved, availability(moved))
		}
		r = apptest.Do(t, h, "POST", "/v1/public/bookings/reschedule?token="+url.QueryEscape(token), nil, `{"date":"2020-01-01"}`)
		apptest.Expect(t, "past date", r, 400, "VALIDATION_ERROR")

		// Cancel far ahead: everything back, the date free.
		r = apptest.Do(t, h, "POST", "/v1/public/bookings/cancel?token="+url.QueryEscape(token), nil, `{"reason":"moving abroad"}`)
		apptest.Expect(t, "cancel", r, 200, "")
		var c struct {
			Status      string
			RefundCents int64
		}
		r.JSON(t, &c)
		if c.Status != "CANCELED" || c.RefundCents != 10001 || !availability(moved) {
			t.Fatalf("cancel: %+v", c)
		}
		r = as("GET", "/v1/admin/bookings/"+co.BookingID, "")
		v = moneyView{}
		r.JSON(t, &v)
		// One refund per charge (the balance, then the deposit), all fees back.
		var refunds, feesBack int64
		for _, p := range v.Payments[2:] {
			if p.Kind == "refund" {
				refunds, feesBack = refunds+p.AmountCents, feesBack+*p.ApplicationFeeCents
			}
		}
		if v.RefundedCents != 10001 || *v.CommissionCents != 0 || len(v.Payments) != 4 || refunds != 10001 || feesBack != 1251 {
			t.Fatalf("after the refund: %+v", v)
		}
	})
}

// TestBookingHorizon: availability and checkout agree on the tenant's
// bookingHorizonDays: the last day inside it is sold, the next one is
// "horizon" and 409 DATE_UNAVAILABLE.
func TestBookingHorizon(t *testing.T) {
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		tn := apptest.NewTenant(t, a, "horizon")
		h := a.Handler()
		admin := loginToken(t, h, tn.AdminEmail, apptest.Password)
		apptest.Expect(t, "horizon 200", apptest.Do(t, h, "PATCH", "/v1/admin/settings", apptest.Bearer(admin), `{"bookingHorizonDays":200}`), 200, "")
		key := map[string]string{"X-Tenant-Key": tn.Keys.Public}
		for _, c := range []struct {
			days   int
			reason string
			status int
		}{{200, "", 200}, {201, "horizon", 409}} {
			d := day(a, c.days)
			r := apptest.Do(t, h, "GET", "/v1/availability?date="+d, key, "")
			var av struct {
				Available bool
				Reason    *string
			}
			r.JSON(t, &av)
			if got := ""; av.Reason != nil {
				got = *av.Reason
				if got != c.reason {
					t.Errorf("day +%d: reason %q, want %q", c.days, got, c.reason)
				}
			} else if c.reason != "" || !av.Available {
				t.Errorf("day +%d: %+v, want %q", c.days, av, c.reason)
			}
			r = apptest.Do(t, h, "POST", "/v1/bookings/checkout", key, fmt.Sprintf(`{"packageId":"classic","date":%q,"customer":{"name":"Ana","email":"h%d@example.com"}}`, d, c.days))
			if r.Status != c.status {
				t.Errorf("checkout day +%d: %d %s", c.days, r.Status, r.Body)
			}
		}
	})
}

// TestChargeWebhooks: through POST /v1/webhooks/stripe, a refund made in
// Stripe's dashboard is recorded once and a dispute flags the booking.
func TestChargeWebhooks(t *testing.T) {
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		tn := apptest.NewTenant(t, a, "hooks")
		h := a.Handler()
		admin := loginToken(t, h, tn.AdminEmail, apptest.Password)
		key := map[string]string{"X-Tenant-Key": tn.Keys.Public}
		r := apptest.Do(t, h, "POST", "/v1/bookings/checkout", key, fmt.Sprintf(`{"packageId":"classic","date":%q,"customer":{"name":"Ana","email":"w@example.com"}}`, day(a, 60)))
		apptest.Expect(t, "checkout", r, 200, "")
		var co struct{ SessionID, BookingID string }
		r.JSON(t, &co)
		post := func(body []byte, wantOutcome string) {
			t.Helper()
			r := apptest.Do(t, h, "POST", "/v1/webhooks/stripe", apptest.StripeSigned(body), string(body))
			var ack struct{ Outcome string }
			r.JSON(t, &ack)
			if r.Status != 200 || ack.Outcome != wantOutcome {
				t.Fatalf("webhook: %d %s, want outcome %s", r.Status, r.Body, wantOutcome)
			}
		}
		post(payment.MarshalEvent(payment.Event{ID: "evt_pay", Type: payment.EventCheckoutCompleted,
			Session: payment.SessionObject{ID: co.SessionID, PaymentStatus: "paid", Status: "complete", PaymentIntent: "pi_api"}}, time.Now()), "booked")
		charge := func(id, typ, object string) []byte {
			return []byte(`{"id":"` + id + `","object":"event","api_version":"` + payment.APIVersion + `","created":1,"type":"` + typ + `","data":{"object":` + object + `}}`)
		}
		refunded := charge("evt_ref", payment.EventChargeRefunded, `{"id":"ch_1","object":"charge","payment_intent":"pi_api","amount":10001,"amount_refunded":2500}`)
		post(refunded, "refunded")
		post(refunded, "no_change")
		post(charge("evt_dis", payment.EventChargeDisputeCreated, `{"id":"dp_1","object":"dispute","charge":"ch_1","payment_intent":"pi_api","amount":10001}`), "disputed")
		post(charge("evt_other", payment.EventChargeRefunded, `{"id":"ch_9","object":"charge","payment_intent":"pi_other","amount_refunded":1}`), "ignored")

		r = apptest.Do(t, h, "GET", "/v1/admin/bookings/"+co.BookingID, apptest.Bearer(admin), "")
		var v struct {
			RefundedCents int64
			Disputed      bool
			Status        string
		}
		r.JSON(t, &v)
		if v.RefundedCents != 2500 || !v.Disputed || v.Status != "PAID" {
			t.Fatalf("after the charge events: %+v", v)
		}
	})
}
