package dashboard_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"mais/internal/app/apptest"
	"mais/internal/booking"
	"mais/internal/catalog"
)

// statValue reads the figure of the overview card labelled label.
func statValue(t *testing.T, page, label string) (value, note string) {
	t.Helper()
	re := regexp.MustCompile(`(?s)<p class="stat-label">` + regexp.QuoteMeta(label) +
		`</p>\s*<p class="stat-value">([^<]*)</p>\s*<p class="stat-note">([^<]*)`)
	m := re.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no %q card on the overview:\n%s", label, snippet(page))
	}
	return strings.TrimSpace(m[1]), strings.TrimSpace(m[2])
}

// TestOverviewCountsPayments: the month's money collected is what was paid this
// month in the tenant's zone, whatever the wedding date, and "checkouts in
// progress" are the holds live now, whatever date they hold.
func TestOverviewCountsPayments(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			a, clock := apptest.NewClocked(t, kind, nil)
			alpha, _ := createTenant(t, a, "alpha") // America/Chicago
			ctx := context.Background()
			pkg, err := a.Store.CreatePackage(ctx, catalog.Package{TenantID: alpha.Tenant.ID, Slug: "full-day",
				Name: "Full day", BasePriceCents: 510000, Active: true})
			if err != nil {
				t.Fatal(err)
			}
			chicago := alpha.Tenant.Location()
			// 22:00 on 31 January in Chicago is already 1 February in UTC.
			clock.Set(time.Date(2028, time.January, 31, 22, 0, 0, 0, chicago))
			checkout := func(date string) booking.CheckoutResult {
				t.Helper()
				in := booking.CheckoutInput{PackageID: pkg.ID, Date: date}
				in.Customer.Name, in.Customer.Email = "Maria Lopez", "maria@example.com"
				res, err := a.Booking.Checkout(ctx, alpha.Tenant, in)
				if err != nil {
					t.Fatalf("checkout %s: %v", date, err)
				}
				return res
			}
			// Paid now for a September wedding.
			if _, _, err := a.Booking.PayMock(ctx, checkout("2028-09-16").SessionID); err != nil {
				t.Fatal(err)
			}
			// Held now for an October wedding.
			checkout("2028-10-07")

			b := newBrowser(t, a.Handler())
			b.login(alpha.AdminEmail, password)
			page := b.get("/admin")
			wantStatus(t, "overview", page, 200)
			if !strings.Contains(page.body, "January 2028") {
				t.Errorf("the overview is not about January 2028 (Chicago)")
			}
			if v, note := statValue(t, page.body, "Collected"); v != "$5,100.00" || note != "1 payment this month" {
				t.Errorf("collected = %q, %q; want $5,100.00, 1 payment this month", v, note)
			}
			if v, _ := statValue(t, page.body, "Platform commission"); v != "$637.50" {
				t.Errorf("commission = %q, want $637.50 (12.5%%)", v)
			}
			if v, _ := statValue(t, page.body, "Checkouts in progress"); v != "1" {
				t.Errorf("checkouts in progress = %q, want 1 (the October hold)", v)
			}

			// Two hours later it is February in Chicago: nothing was paid in
			// February yet, and the 30-minute hold has lapsed (not yet swept).
			clock.Advance(2 * time.Hour)
			page = b.get("/admin")
			if !strings.Contains(page.body, "February 2028") {
				t.Errorf("the overview is not about February 2028")
			}
			if v, note := statValue(t, page.body, "Collected"); v != "$0.00" || note != "0 payments this month" {
				t.Errorf("February collected = %q, %q; want $0.00, 0 payments this month", v, note)
			}
			if v, _ := statValue(t, page.body, "Checkouts in progress"); v != "0" {
				t.Errorf("checkouts in progress = %q after the hold lapsed, want 0", v)
			}
		})
	}
}
