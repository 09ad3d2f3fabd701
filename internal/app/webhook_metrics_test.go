package app_test

import (
	"testing"
	"time"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/payment"
	"mais/internal/testclock"
)

// TestMetricsCountEveryPaymentEvent: mais_webhook_events_total counts every
// event the webhook applies, whatever its type: account.updated (applied,
// duplicate, ignored) as well as checkout events; and the mock checkout
// page's pay and cancel, which stand for a webhook, count as one.
func TestMetricsCountEveryPaymentEvent(t *testing.T) {
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		tn := apptest.NewTenant(t, a, "eventmetrics")
		h := a.Handler()
		apptest.Expect(t, "connect", apptest.Do(t, h, "POST", "/v1/admin/stripe/connect", apptest.Bearer(tn.Keys.Secret), ""), 200, "")
		stored, err := a.Store.TenantByID(t.Context(), tn.Tenant.ID)
		if err != nil || stored.StripeAccountID == "" {
			t.Fatalf("no account after connect: %+v %v", stored, err)
		}
		deliver := func(body []byte, want string) {
			t.Helper()
			r := apptest.Do(t, h, "POST", "/v1/webhooks/stripe", apptest.StripeSigned(body), string(body))
			apptest.Expect(t, "webhook", r, 200, "")
			var out struct{ Outcome string }
			if r.JSON(t, &out); out.Outcome != want {
				t.Errorf("outcome %q, want %q", out.Outcome, want)
			}
		}
		before := scrape(t, a, "")
		acct := payment.AccountObject{ID: stored.StripeAccountID, ChargesEnabled: true, DetailsSubmitted: true}
		updated := payment.MarshalAccountEvent("evt_metrics_acct", acct, time.Now())
		deliver(updated, "applied")
		deliver(updated, "duplicate")
		deliver(payment.MarshalAccountEvent("evt_metrics_other", payment.AccountObject{ID: "acct_nobody"}, time.Now()), "ignored")
		deliver(payment.MarshalEvent(payment.Event{ID: "evt_metrics_cs", Type: payment.EventCheckoutCompleted,
			Session: payment.SessionObject{ID: "cs_not_ours", PaymentStatus: "paid", Status: "complete"}}, time.Now()), "ignored")

		key := map[string]string{"X-Tenant-Key": tn.Keys.Public}
		form := map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://mais.test", "Sec-Fetch-Site": "same-origin"}
		for i, action := range []string{"pay", "cancel"} {
			date := testclock.DaysAhead(a.Now(), tn.Tenant.Location(), 60+i)
			r := apptest.Do(t, h, "POST", "/v1/bookings/checkout", key,
				`{"packageId":"classic","date":"`+date+`","customer":{"name":"Ana","email":"ana`+action+`@example.com"}}`)
			apptest.Expect(t, "checkout", r, 200, "")
			var co struct{ SessionID string }
			r.JSON(t, &co)
			r = apptest.Do(t, h, "POST", "http://mais.test/checkout/mock/"+co.SessionID+"/"+action, form, "")
			if r.Status != 303 {
				t.Fatalf("mock %s: %d %s", action, r.Status, r.Body)
			}
		}

		after := scrape(t, a, "")
		for outcome, want := range map[string]float64{"applied": 1, "duplicate": 1, "ignored": 2, "booked": 1, "released": 1} {
			series := `mais_webhook_events_total{outcome="` + outcome + `"}`
			if got := after[series] - before[series]; got != want {
				t.Errorf("%s moved by %v, want %v", series, got, want)
			}
		}
	})
}
