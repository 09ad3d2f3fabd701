package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/audit"
	"mais/internal/booking"
	"mais/internal/tenant"
	"mais/internal/testclock"
)

// hold starts an unpaid checkout for the tenant daysAhead days after the app
// clock's today and returns its booking id and date.
func hold(t *testing.T, a *app.App, c tenant.Created, pkgID string, daysAhead int, email string) (string, string) {
	t.Helper()
	in := booking.CheckoutInput{PackageID: pkgID, Date: testclock.DaysAhead(a.Now(), c.Tenant.Location(), daysAhead)}
	in.Customer.Name, in.Customer.Email = "Hold Er", email
	res, err := a.Booking.Checkout(context.Background(), c.Tenant, in)
	if err != nil {
		t.Fatalf("checkout: %v", err)
	}
	return res.BookingID, in.Date
}

// TestDashboardReleasesHolds: a tenant admin releases an unpaid hold from
// the booking page and blacks out a held date; both are audited, a paid
// date cannot be blacked out, another tenant's hold is not found (issue 10
// §4).
func TestDashboardReleasesHolds(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			f := newFixture(t, kind, nil)
			a := f.app
			ctx := context.Background()
			id, _ := hold(t, a, f.alpha, f.alphaPkg.ID, 30, "one@example.com")
			b := newBrowser(t, a.Handler())
			b.login(f.alpha.AdminEmail, password)

			page := b.get("/admin/bookings/" + id)
			wantStatus(t, "booking page", page, http.StatusOK)
			if !strings.Contains(page.body, "Release this hold") {
				t.Fatalf("the booking page of a hold offers no release:\n%s", snippet(page.body))
			}
			p := b.submit("/admin/bookings/"+id, "/admin/bookings/"+id+"/release", nil)
			wantStatus(t, "release", p, http.StatusSeeOther)
			if after := b.follow(p); !strings.Contains(after.body, "The hold is released") || strings.Contains(after.body, "Release this hold") {
				t.Errorf("after release:\n%s", snippet(after.body))
			}
			if got, _ := a.Store.BookingByID(ctx, f.alpha.Tenant.ID, id); got.Status != booking.StatusCanceled {
				t.Errorf("status after release: %s", got.Status)
			}
			again := b.submit("/admin/bookings/"+id, "/admin/bookings/"+id+"/release", nil)
			wantStatus(t, "release twice", again, http.StatusSeeOther)
			if msg := b.follow(again); !strings.Contains(msg.body, "can be released; this booking is CANCELED") {
				t.Errorf("second release should explain itself:\n%s", snippet(msg.body))
			}

			// Bravo cannot see or release alpha's hold.
			other, _ := hold(t, a, f.alpha, f.alphaPkg.ID, 31, "two@example.com")
			bb := newBrowser(t, a.Handler())
			bb.login(f.bravo.AdminEmail, password)
			wantStatus(t, "bravo releases alpha's hold", bb.submit("/admin/bookings", "/admin/bookings/"+other+"/release", nil), http.StatusNotFound)

			// Blacking out the held date releases the hold with it.
			_, date := hold(t, a, f.alpha, f.alphaPkg.ID, 32, "three@example.com")
			p = b.submit("/admin/blackouts", "/admin/blackouts", url.Values{"date": {date}, "reason": {"closed"}})
			wantStatus(t, "blackout of a held date", p, http.StatusSeeOther)
			if msg := b.follow(p); !strings.Contains(msg.body, "unpaid checkout that held it was released") {
				t.Errorf("blackout flash:\n%s", snippet(msg.body))
			}
			entries, err := a.Store.ListAudit(ctx, f.alpha.Tenant.ID, audit.Filter{Action: "booking.release"})
			if err != nil || len(entries) != 2 {
				t.Errorf("booking.release audit entries = %d (%v), want 2", len(entries), err)
			}

			paid := book(t, a, f.alpha, f.alphaPkg.ID, 33)
			p = b.submit("/admin/blackouts", "/admin/blackouts", url.Values{"date": {paid.Date}})
			if p.status != http.StatusConflict || !strings.Contains(p.body, "is booked") {
				t.Errorf("blackout of a paid date: %d\n%s", p.status, snippet(p.body))
			}
		})
	}
}
