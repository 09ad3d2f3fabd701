package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"mais/internal/siteconfig"
	"mais/internal/testclock"
)

// TestEveryPageRenders visits every page of both roles with data on them,
// so a template that breaks at run time fails here, not in front of a user.
func TestEveryPageRenders(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite", nil)
	a := f.app
	ctx := context.Background()
	bk := book(t, a, f.alpha, f.alphaPkg.ID, 3)
	if _, err := a.Booking.CreateBlackout(ctx, f.alpha.Tenant.ID, testclock.DaysAhead(a.Now(), f.alpha.Tenant.Location(), 200), "Family wedding"); err != nil {
		t.Fatal(err)
	}
	live, _ := a.SiteConfig.Published(ctx, f.alpha.Tenant.ID)
	agent, _, err := a.SiteConfig.CreateAgent(ctx, f.alpha.Tenant.ID, "Writer")
	if err != nil {
		t.Fatal(err)
	}
	prop, err := a.SiteConfig.Propose(ctx, agent, siteconfig.ProposalInput{BaseVersionID: live.ID,
		Config: json(headline(f.alpha.Tenant.Name, "A proposed headline")), Rationale: "Warmer"})
	if err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t, a.Handler())
	b.login(f.alpha.AdminEmail, password)
	paths := []string{"/admin", "/admin/bookings", "/admin/bookings?from=&to=&status=PAID", "/admin/bookings/calendar",
		"/admin/bookings/calendar?month=" + bk.Date[:7], "/admin/bookings/" + bk.ID, "/admin/packages", "/admin/packages/new",
		"/admin/packages/" + f.alphaPkg.ID, "/admin/blackouts", "/admin/blackouts?all=1", "/admin/site",
		"/admin/site/branding", "/admin/versions", "/admin/versions/" + live.ID, "/admin/proposals",
		"/admin/proposals?status=", "/admin/proposals/" + prop.ID, "/admin/audit", "/admin/agents", "/admin/embed",
		"/admin/account/password"}
	for _, name := range siteconfig.NavOrder() {
		paths = append(paths, "/admin/site/pages/"+name, "/admin/preview/"+live.ID+"/"+name)
	}
	for _, path := range paths {
		p := b.get(path)
		wantStatus(t, path, p, http.StatusOK)
		if ct := p.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("%s: Content-Type %q", path, ct)
		}
	}
	calendar := b.get("/admin/bookings/calendar?month=" + bk.Date[:7]).body
	if !strings.Contains(calendar, "/admin/bookings/"+bk.ID) {
		t.Error("the month calendar does not link the booking")
	}
	overview := b.get("/admin").body
	if !strings.Contains(overview, "Ada Lovelace") {
		t.Error("the overview does not list the upcoming booking")
	}
	embed := b.get("/admin/embed").body
	if !strings.Contains(embed, "/widget?tenant=alpha") {
		t.Error("the embed page has no widget snippet")
	}

	if _, err := a.CreatePlatformAdmin(ctx, "root@mais.example", password); err != nil {
		t.Fatal(err)
	}
	pb := newBrowser(t, a.Handler())
	pb.login("root@mais.example", password)
	for _, path := range []string{"/admin/platform", "/admin/platform/tenants/new", "/admin/platform/tenants/" + f.alpha.Tenant.ID,
		"/admin/account/password"} {
		wantStatus(t, path, pb.get(path), http.StatusOK)
	}

	anon := newBrowser(t, a.Handler())
	for _, path := range []string{"/admin/login", "/admin/forgot-password", "/admin/reset-password?token=abc"} {
		wantStatus(t, path, anon.get(path), http.StatusOK)
	}
	p := anon.get("/admin/no-such-page")
	wantStatus(t, "unknown page", p, http.StatusNotFound)
	if !strings.HasPrefix(p.header.Get("Content-Type"), "text/html") {
		t.Error("an unknown dashboard page is not an HTML page")
	}
}

// TestProposalReview approves an agent's proposal from the review page
// after seeing its change side by side.
func TestProposalReview(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite", nil)
	a := f.app
	ctx := context.Background()
	live, _ := a.SiteConfig.Published(ctx, f.alpha.Tenant.ID)
	agent, _, _ := a.SiteConfig.CreateAgent(ctx, f.alpha.Tenant.ID, "Writer")
	prop, err := a.SiteConfig.Propose(ctx, agent, siteconfig.ProposalInput{BaseVersionID: live.ID,
		Patch:     []byte(`[{"op":"replace","path":"/pages/home/sections/0/headline","value":"Stories told in light"}]`),
		Rationale: "More personal"})
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, a.Handler())
	b.login(f.alpha.AdminEmail, password)
	p := b.get("/admin/proposals/" + prop.ID)
	wantStatus(t, "review", p, http.StatusOK)
	row := regexp.MustCompile(`(?s)<tr class="diff-changed">.*?</tr>`).FindString(p.body)
	if !strings.Contains(row, "Your day, thoughtfully taken care of") || !strings.Contains(row, "Stories told in light") {
		t.Fatalf("the diff row does not show before and after:\n%s", row)
	}

	p = b.submit("/admin/proposals/"+prop.ID, "/admin/proposals/"+prop.ID+"/approve", url.Values{"publish": {"on"}})
	wantStatus(t, "approve", p, http.StatusSeeOther)
	got, _ := a.SiteConfig.Proposal(ctx, f.alpha.Tenant.ID, prop.ID)
	if got.Status != siteconfig.ProposalApproved {
		t.Fatalf("status %s, want approved", got.Status)
	}
	if !strings.Contains(b.get("/t/alpha").body, "Stories told in light") {
		t.Fatal("the approved change is not live")
	}
	// A second decision is refused and says why.
	p = b.submit("/admin/proposals/"+prop.ID, "/admin/proposals/"+prop.ID+"/reject", nil)
	wantStatus(t, "reject after approve", p, http.StatusSeeOther)
	if page := b.follow(p); !strings.Contains(page.body, "flash-error") {
		t.Error("no error shown after a refused decision")
	}
}

func TestPlatformTenants(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite", nil)
	a := f.app
	if _, err := a.CreatePlatformAdmin(t.Context(), "root@mais.example", password); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, a.Handler())
	b.login("root@mais.example", password)

	p := b.submit("/admin/platform/tenants/new", "/admin/platform/tenants/new", url.Values{"slug": {"alpha"}, "name": {"Copycat"},
		"email": {"c@copycat.example"}, "password": {password}, "commissionPercent": {"60"}, "timeZone": {"America/Chicago"}})
	wantStatus(t, "invalid tenant", p, http.StatusBadRequest)
	if !strings.Contains(p.body, `id="f-commissionPercent-error"`) {
		t.Error("no commission error next to its field")
	}

	p = b.submit("/admin/platform/tenants/new", "/admin/platform/tenants/new", url.Values{"slug": {"charlie"}, "name": {"Studio Charlie"},
		"email": {"owner@charlie.example"}, "password": {password}, "commissionPercent": {"12.5"}, "timeZone": {"America/Denver"}})
	wantStatus(t, "create tenant", p, http.StatusSeeOther)
	created, err := a.Store.TenantBySlug(t.Context(), "charlie")
	if err != nil {
		t.Fatal(err)
	}
	first := b.follow(p)
	secret := regexp.MustCompile(`sk_live_charlie_[0-9a-f]+`).FindString(first.body)
	if secret == "" {
		t.Fatalf("the secret key is not shown after creating:\n%s", snippet(first.body))
	}
	if again := b.get("/admin/platform/tenants/" + created.ID); strings.Contains(again.body, secret) {
		t.Fatal("the secret key is shown a second time")
	}

	p = b.submit("/admin/platform/tenants/"+created.ID, "/admin/platform/tenants/"+created.ID, url.Values{"name": {"Studio Charlie"},
		"commissionPercent": {"7.5"}, "customDomain": {"https://Photos.Charlie-Studio.com/"}, "timeZone": {"America/Denver"}, "holdMinutes": {"45"}})
	wantStatus(t, "update tenant", p, http.StatusSeeOther)
	p = b.submit("/admin/platform/tenants/"+created.ID, "/admin/platform/tenants/"+created.ID+"/active", url.Values{"active": {"false"}})
	wantStatus(t, "deactivate", p, http.StatusSeeOther)
	got, _ := a.Store.TenantByID(t.Context(), created.ID)
	if got.CommissionBps != 750 || got.CustomDomain != "photos.charlie-studio.com" || got.HoldMinutes != 45 || got.Active {
		t.Fatalf("tenant after edits: bps %d, domain %q, hold %d, active %v", got.CommissionBps, got.CustomDomain, got.HoldMinutes, got.Active)
	}
	if p := b.get("/t/charlie"); p.status != http.StatusNotFound {
		t.Errorf("a deactivated tenant's site answers %d, want 404", p.status)
	}
}
