package api_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/domains/dnstest"
)

type domainReply struct {
	Domain, TXTName, TXTValue, Check string
	Verified                         bool
	VerifiedAt                       *string
}

// TestDomainsAPI: a tenant admin adds a domain, is told the TXT record,
// verifies it against a real DNS server (not there, wrong value, right
// value), and only then does the storefront answer on it; another tenant
// cannot see, verify, delete or take it; a platform admin's customDomain
// shows as verified.
func TestDomainsAPI(t *testing.T) {
	t.Parallel()
	dns := dnstest.Start(t)
	apptest.Each(t, apptest.Env{"MAIS_DNS_RESOLVER": dns.Addr, "MAIS_KNOWN_DOMAINS": "mais.test,*.mais.test"}, func(t *testing.T, a *app.App) {
		f := newAdminFixture(t, a)
		h := a.Handler()
		host := "photos." + a.Store.Kind() + "-alpha.com" // the two stores run at once on one DNS server
		site := func() int {
			req := httptest.NewRequest("GET", "/", nil)
			req.Host = host
			return apptest.Serve(t, h, req).Status
		}

		r := f.as(f.alpha, "POST", "/v1/admin/domains", `{"domain":" `+strings.ToUpper(host)+`. "}`)
		apptest.Expect(t, "add", r, 201, "")
		var d domainReply
		r.JSON(t, &d)
		if d.Domain != host || d.Verified || d.TXTName != "_mais-verify."+host || !strings.HasPrefix(d.TXTValue, "mais-verify=") {
			t.Fatalf("added: %s", r.Body)
		}
		if got := site(); got != 404 {
			t.Fatalf("unverified domain serves the site: %d", got)
		}
		for body, what := range map[string]string{`{"domain":"10.0.0.1"}`: "ip", `{"domain":"shop.mais.test"}`: "platform",
			`{"domain":"localhost"}`: "single label", `{"domain":"https://192.168.1.10:8080/admin"}`: "pasted ip", `{}`: "missing"} {
			r := f.as(f.alpha, "POST", "/v1/admin/domains", body)
			apptest.Expect(t, what, r, 400, "VALIDATION_ERROR")
			if !strings.Contains(string(r.Body), `"domain"`) {
				t.Errorf("%s: field not named: %s", what, r.Body)
			}
		}
		// A pasted address is cut to its host (domains.Normalize).
		r = f.as(f.alpha, "POST", "/v1/admin/domains", `{"domain":"a.example.com/x"}`)
		apptest.Expect(t, "pasted address", r, 201, "")
		var pasted domainReply
		r.JSON(t, &pasted)
		if pasted.Domain != "a.example.com" {
			t.Errorf("pasted address stored as %q: %s", pasted.Domain, r.Body)
		}
		apptest.Expect(t, "twice", f.as(f.alpha, "POST", "/v1/admin/domains", `{"domain":"`+host+`"}`), 409, "CONFLICT")

		verify := func(token, want string) {
			t.Helper()
			r := f.as(token, "POST", "/v1/admin/domains/"+host+"/verify", "")
			apptest.Expect(t, "verify "+want, r, 200, "")
			var got domainReply
			r.JSON(t, &got)
			if got.Check != want || got.Verified != (want == "found") {
				t.Fatalf("verify: %s; want check %s", r.Body, want)
			}
		}
		verify(f.alpha, "not_found")
		dns.SetTXT(d.TXTName, "mais-verify=0000")
		verify(f.alpha, "wrong_value")
		if got := site(); got != 404 {
			t.Fatalf("domain with a wrong record serves the site: %d", got)
		}
		apptest.Expect(t, "bravo verifies alpha's", f.as(f.bravo, "POST", "/v1/admin/domains/"+host+"/verify", ""), 404, "NOT_FOUND")
		dns.SetTXT(d.TXTName, d.TXTValue)
		verify(f.alpha, "found")
		if got := site(); got != 200 {
			t.Fatalf("verified domain: site %d", got)
		}

		// Isolation: bravo sees nothing of it and cannot take or drop it.
		if r := f.as(f.bravo, "GET", "/v1/admin/domains", ""); strings.TrimSpace(string(r.Body)) != "[]" {
			t.Errorf("bravo's list: %s", r.Body)
		}
		apptest.Expect(t, "bravo adds it", f.as(f.bravo, "POST", "/v1/admin/domains", `{"domain":"`+host+`"}`), 409, "CONFLICT")
		apptest.Expect(t, "bravo deletes it", f.as(f.bravo, "DELETE", "/v1/admin/domains/"+host, ""), 404, "NOT_FOUND")
		apptest.Expect(t, "platform admin gives it to bravo",
			f.as(f.platform, "PATCH", "/v1/admin/tenants/"+f.b.Tenant.ID, `{"customDomain":"`+host+`"}`), 409, "CONFLICT")

		// The operator vouches: a platform-set domain is verified at once.
		apptest.Expect(t, "platform sets bravo's", f.as(f.platform, "PATCH", "/v1/admin/tenants/"+f.b.Tenant.ID, `{"customDomain":"https://Shop.Bravo-Studio.com/"}`), 200, "")
		r = f.as(f.bravo, "GET", "/v1/admin/domains", "")
		if !strings.Contains(string(r.Body), `"domain":"shop.bravo-studio.com","verified":true`) {
			t.Errorf("bravo's list after the platform set one: %s", r.Body)
		}

		apptest.Expect(t, "delete", f.as(f.alpha, "DELETE", "/v1/admin/domains/"+host, ""), 204, "")
		if got := site(); got != 404 {
			t.Fatalf("deleted domain still serves the site: %d", got)
		}
	})
}
