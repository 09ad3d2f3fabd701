package storefront_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/booking"
	"mais/internal/tenant"
	"mais/internal/testclock"
)

// depositBooking books date for tn with a 30 % deposit (paid through the
// mock page's path) and returns the booking.
func depositBooking(t *testing.T, a *app.App, tn apptest.Tenant, date string) booking.Booking {
	t.Helper()
	ctx := context.Background()
	pct := 30
	if _, err := a.Tenants.UpdateSettings(ctx, tn.Tenant.ID, tenant.SettingsPatch{DepositPercent: &pct}); err != nil {
		t.Fatal(err)
	}
	tt, err := a.Tenants.ByID(ctx, tn.Tenant.ID)
	if err != nil {
		t.Fatal(err)
	}
	in := booking.CheckoutInput{PackageID: tn.Package.ID, Date: date, AddOnIDs: []string{tn.AddOn.ID}}
	in.Customer.Name, in.Customer.Email = "Ada Lovelace", "ada@example.com"
	res, err := a.Booking.Checkout(ctx, tt, in)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := a.Booking.PayMock(ctx, res.SessionID)
	if err != nil {
		t.Fatal(err)
	}
	if b.Status != booking.StatusDepositPaid {
		t.Fatalf("after the deposit: %s", b.Status)
	}
	return b
}

// post is a same-site form post, as the couple's browser sends it.
func post(t *testing.T, a *app.App, path string, form url.Values) apptest.Reply {
	t.Helper()
	return apptest.Do(t, a.Handler(), http.MethodPost, "http://mais.test"+path, map[string]string{
		"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://mais.test", "Sec-Fetch-Site": "same-origin",
	}, form.Encode())
}

// get fetches path on the platform's own host (the manage link's).
func get(t *testing.T, a *app.App, path string) apptest.Reply {
	t.Helper()
	return apptest.Do(t, a.Handler(), http.MethodGet, "http://mais.test"+path, nil, "")
}

// The couple's manage page, without JavaScript: the booking with paid and
// due amounts, then each action through its form — pay the balance (the
// mock checkout, through the webhook path), move the date with the month
// calendar, cancel with the refund shown before confirming.
func TestManagePage(t *testing.T) {
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		ctx := context.Background()
		tn := apptest.NewTenant(t, a, "rosa")
		date := testclock.DaysAhead(a.Now(), time.UTC, 200)
		b := depositBooking(t, a, tn, date)
		link := a.Booking.ManageURL(b)
		path := strings.TrimPrefix(link, "http://mais.test")

		page := get(t, a, path)
		body := string(page.Body)
		if page.Status != http.StatusOK {
			t.Fatalf("GET %s: %d\n%s", path, page.Status, body)
		}
		for _, want := range []string{booking.Ref(b.ID), "Reserved: deposit paid", "$36.01", "Pay the balance of $84.00",
			`action="` + path + `/pay"`, "Move the date", "Cancel the booking", "Studio rosa", `name="robots" content="noindex"`} {
			if !strings.Contains(body, want) {
				t.Errorf("manage page lacks %q", want)
			}
		}
		if strings.Contains(body, b.ID) || strings.Contains(body, date) && !strings.Contains(body, `value="`+date+`"`) {
			t.Errorf("the page shows the UUID or an ISO date")
		}

		// Pay the balance: a checkout for $84.00, paid on the mock page.
		pay := post(t, a, path+"/pay", nil)
		if pay.Status != http.StatusSeeOther || !strings.Contains(pay.Header.Get("Location"), "/checkout/mock/") {
			t.Fatalf("pay: %d %s\n%s", pay.Status, pay.Header.Get("Location"), pay.Body)
		}
		session := strings.TrimPrefix(pay.Header.Get("Location"), "http://mais.test")
		session = strings.TrimPrefix(session, "/checkout/mock/")
		if paid := post(t, a, "/checkout/mock/"+session+"/pay", nil); paid.Status != http.StatusSeeOther {
			t.Fatalf("mock pay: %d %s", paid.Status, paid.Body)
		}
		if got, _ := a.Booking.Booking(ctx, tn.Tenant.ID, b.ID); got.Status != booking.StatusPaid || got.PaidCents != b.TotalCents {
			t.Fatalf("after the balance: %s paid %d of %d", got.Status, got.PaidCents, got.TotalCents)
		}

		mails := func(kind string) int {
			t.Helper()
			n, err := a.Store.OutboxCount(ctx, tn.Tenant.ID, "booking:"+b.ID+":"+kind)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if mails("balance-paid") != 1 || mails("customer-confirmation") != 1 {
			t.Errorf("after the balance: %d balance-paid, %d confirmations queued, want 1 and 1", mails("balance-paid"), mails("customer-confirmation"))
		}

		// Move the date: the month calendar without script, then the post.
		move := get(t, a, path+"?step=move")
		newDate := testclock.DaysAhead(a.Now(), time.UTC, 207)
		if !strings.Contains(string(move.Body), `action="`+path+`/move"`) || !strings.Contains(string(move.Body), `name="date"`) {
			t.Fatalf("move step:\n%s", move.Body)
		}
		moved := post(t, a, path+"/move", url.Values{"date": {newDate}})
		if moved.Status != http.StatusSeeOther || !strings.HasSuffix(moved.Header.Get("Location"), "?done=moved") {
			t.Fatalf("move: %d\n%s", moved.Status, moved.Body)
		}
		if got, _ := a.Booking.Booking(ctx, tn.Tenant.ID, b.ID); got.Date != newDate {
			t.Fatalf("date after the move: %s, want %s", got.Date, newDate)
		}
		if mails("rescheduled") != 1 {
			t.Errorf("%d rescheduled e-mails queued, want 1", mails("rescheduled"))
		}
		// A taken date is refused on the page, with the calendar again.
		other := depositBooking(t, a, tn, testclock.DaysAhead(a.Now(), time.UTC, 220))
		refused := post(t, a, path+"/move", url.Values{"date": {other.Date}})
		if refused.Status != http.StatusConflict || !strings.Contains(string(refused.Body), `role="alert"`) {
			t.Errorf("move to a taken date: %d\n%s", refused.Status, refused.Body)
		}

		// Cancel: the refund is on the page before the button.
		confirm := get(t, a, path+"?step=cancel")
		if !strings.Contains(string(confirm.Body), "If you cancel now, <strong>$120.01</strong> is refunded") {
			t.Errorf("cancel step does not show the refund:\n%s", confirm.Body)
		}
		canceled := post(t, a, path+"/cancel", url.Values{"reason": {"We eloped"}})
		if canceled.Status != http.StatusSeeOther {
			t.Fatalf("cancel: %d\n%s", canceled.Status, canceled.Body)
		}
		got, _ := a.Booking.Booking(ctx, tn.Tenant.ID, b.ID)
		if got.Status != booking.StatusCanceled || got.RefundedCents != got.PaidCents {
			t.Errorf("after cancel: %s refunded %d of %d", got.Status, got.RefundedCents, got.PaidCents)
		}
		if mails("canceled") != 1 || mails("refunded") != 0 {
			t.Errorf("after cancel: %d canceled, %d refunded e-mails, want 1 and 0 (the cancel says the refund)", mails("canceled"), mails("refunded"))
		}
		after := get(t, a, path+"?done=canceled")
		if s := string(after.Body); !strings.Contains(s, "Canceled") || !strings.Contains(s, "Refunded") || strings.Contains(s, "Cancel the booking") {
			t.Errorf("page after cancel:\n%s", s)
		}
	})
}

// A changed token is refused (401) and posts from another site too.
func TestManageRefusals(t *testing.T) {
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		tn := apptest.NewTenant(t, a, "rosa")
		b := depositBooking(t, a, tn, testclock.DaysAhead(a.Now(), time.UTC, 200))
		path := strings.TrimPrefix(a.Booking.ManageURL(b), "http://mais.test")
		if r := get(t, a, path+"x"); r.Status != http.StatusUnauthorized {
			t.Errorf("tampered token: %d", r.Status)
		}
		r := apptest.Do(t, a.Handler(), http.MethodPost, "http://mais.test"+path+"/cancel", map[string]string{
			"Content-Type": "application/x-www-form-urlencoded", "Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}, "")
		if r.Status != http.StatusForbidden {
			t.Errorf("cross-site cancel: %d", r.Status)
		}
		if got, _ := a.Booking.Booking(context.Background(), tn.Tenant.ID, b.ID); got.Status != booking.StatusDepositPaid {
			t.Errorf("booking after refused posts: %s", got.Status)
		}
	})
}
