package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestDomainsPage: a bad name comes back on the form naming the field; a
// tenant's domains are its own — another tenant's admin neither sees nor
// verifies nor removes them.
func TestDomainsPage(t *testing.T) {
	t.Parallel()
	f, alpha := loggedInAlpha(t, "sqlite", nil)
	p := alpha.submit("/admin/domains", "/admin/domains", url.Values{"domain": {"192.168.1.20"}})
	if p.status != http.StatusBadRequest || !strings.Contains(p.body, "not an IP address") || !strings.Contains(p.body, `value="192.168.1.20"`) {
		t.Fatalf("bad domain: %d\n%.2000s", p.status, p.body)
	}
	p = alpha.submit("/admin/domains", "/admin/domains", url.Values{"domain": {"www.alpha-weddings.com"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("add: %d %s", p.status, p.body)
	}
	if page := alpha.follow(p); !strings.Contains(page.body, "_mais-verify.www.alpha-weddings.com") {
		t.Fatalf("the TXT record is not shown:\n%.3000s", page.body)
	}

	bravo := newBrowser(t, f.app.Handler())
	bravo.login(f.bravo.AdminEmail, password)
	if page := bravo.get("/admin/domains"); strings.Contains(page.body, "alpha-weddings") {
		t.Fatal("bravo sees alpha's domain")
	}
	if p := bravo.submit("/admin/domains", "/admin/domains/www.alpha-weddings.com/delete", nil); p.status != http.StatusNotFound {
		t.Fatalf("bravo removes alpha's domain: %d", p.status)
	}
	if p := bravo.submit("/admin/domains", "/admin/domains/www.alpha-weddings.com/verify", nil); p.status != http.StatusSeeOther ||
		!strings.Contains(strings.ToLower(bravo.follow(p).body), "not found") {
		t.Fatalf("bravo verifies alpha's domain: %d", p.status)
	}
	if list, _ := f.app.Domains.List(context.Background(), f.alpha.Tenant.ID); len(list) != 1 {
		t.Fatalf("alpha's domains after bravo tried: %+v", list)
	}
}
