package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"mais/internal/app/apptest"
	"mais/internal/domains/dnstest"
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
	// A pasted link is cut to its host, as the form's hint says.
	p = alpha.submit("/admin/domains", "/admin/domains", url.Values{"domain": {"https://WWW.Alpha-Weddings.com/some/path?x=1"}})
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

// TestDomainsServedNames: a verified apex lists its www. name among the
// names the site answers at; a verified www. name lists only itself and
// says the apex needs its own record. On both stores, verified through a
// real DNS server.
func TestDomainsServedNames(t *testing.T) {
	eachKind(t, func(t *testing.T, kind string) {
		t.Parallel()
		dns := dnstest.Start(t)
		f, alpha := loggedInAlpha(t, kind, apptest.Env{"MAIS_DNS_RESOLVER": dns.Addr})
		for _, name := range []string{"alpha-weddings.com", "www.alpha-bridal.com"} {
			if p := alpha.submit("/admin/domains", "/admin/domains", url.Values{"domain": {name}}); p.status != http.StatusSeeOther {
				t.Fatalf("add %s: %d", name, p.status)
			}
		}
		page := alpha.get("/admin/domains")
		if !strings.Contains(page.body, "your site answers at www.alpha-weddings.com as well") ||
			!strings.Contains(page.body, "This proves www.alpha-bridal.com only") {
			t.Errorf("the steps do not say which names verification covers:\n%.4000s", page.body)
		}
		list, err := f.app.Domains.List(context.Background(), f.alpha.Tenant.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range list {
			dns.SetTXT(d.TXTName(), d.TXTValue())
			if p := alpha.submit("/admin/domains", "/admin/domains/"+d.Name+"/verify", nil); p.status != http.StatusSeeOther {
				t.Fatalf("verify %s: %d", d.Name, p.status)
			}
		}
		page = alpha.get("/admin/domains")
		served := regexp.MustCompile(`class="served-host">([^&<]+)`).FindAllStringSubmatch(page.body, -1)
		var got []string
		for _, m := range served {
			got = append(got, m[1])
		}
		if want := "alpha-weddings.com www.alpha-weddings.com www.alpha-bridal.com"; strings.Join(got, " ") != want {
			t.Errorf("served names on the page = %q; want %q", got, want)
		}
	})
}
