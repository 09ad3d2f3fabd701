package domains_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"mais/internal/apperr"
	"mais/internal/domains"
	"mais/internal/domains/dnstest"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
	"mais/internal/tenant"
)

func TestNormalize(t *testing.T) {
	platform := func(h string) bool { return h == "mais.example.com" }
	ok := []struct{ in, want string }{
		{"Photos.Example.com", "photos.example.com"},
		{"  photos.example.com.  ", "photos.example.com"},
		{"https://www.willow-studio.com/", "www.willow-studio.com"},
		{"münchen-fotos.de", "xn--mnchen-fotos-dlb.de"},
		{"XN--MNCHEN-FOTOS-DLB.DE", "xn--mnchen-fotos-dlb.de"},
		// A pasted address is cut to its host (the tester's case first).
		{"https://www.example.com/some/path", "www.example.com"},
		{"HTTP://Photos.Example.com:8443/about?ref=ig#top", "photos.example.com"},
		{"photos.example.com:8443", "photos.example.com"},
		{"photos.example.com/about", "photos.example.com"},
		{"www.example.com?utm_source=x", "www.example.com"},
		{"https://München-Fotos.de./über", "xn--mnchen-fotos-dlb.de"},
		{"https://shop.example.org.:443", "shop.example.org"},
		{"Photos.Willow-Studio.co.uk", "photos.willow-studio.co.uk"},
		{"willow.github.io", "willow.github.io"},
	}
	for _, c := range ok {
		if got, err := domains.Normalize(c.in, platform); err != nil || got != c.want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	bad := []string{"", "https://", "localhost", "photos", "192.168.1.10", "::1", "2001:db8::1", "[2001:db8::1]:443",
		"https://192.168.1.10:8080/admin", "http://localhost:8080/", "https://photos/", "-photos.example.com", "photos..example.com", "photos_x.example.com",
		"studio.local", "shop.test", "localhost.localdomain", "router.lan", "nas.home", "files.corp", "x.onion", "y.alt", "1.2.3.999", "mais.example.com", "user@example.com", "mailto:user@example.com", "photos.example.com:http",
		strings.Repeat("a", 64) + ".com"}
	for _, in := range bad {
		got, err := domains.Normalize(in, platform)
		if !apperr.Is(err, apperr.CodeValidation) {
			t.Errorf("Normalize(%q) = %q, %v; want VALIDATION_ERROR", in, got, err)
			continue
		}
		var e *apperr.Error
		if errors.As(err, &e) && e.Fields["domain"] == "" {
			t.Errorf("Normalize(%q): no reason on field domain: %v", in, err)
		}
	}
}

// TestNormalizeSaysWhy: the refusals a person meets say what is wrong in
// their words (fresh tester: a wildcard was "disallowed rune U+002A",
// credentials were "not an e-mail address").
func TestNormalizeSaysWhy(t *testing.T) {
	for in, want := range map[string]string{
		"*.example.com":                       "wildcard",
		"https://*.willow.example.org/":       "wildcard",
		"user:secret@photos.example.com":      "without a user name or password",
		"https://user:pw@photos.example.com/": "without a user name or password",
		"photo$.example.com":                  `"$"`,
		"owner@photos.example.com":            "not an e-mail address",
		"foo..example.com":                    "each part between dots",
		"-foo.example.com":                    "each part between dots",
		"co.uk":                               "many owners share",
		"com.au":                              "many owners share",
		"foo.home.arpa":                       "not reachable on the internet",
	} {
		_, err := domains.Normalize(in, nil)
		var e *apperr.Error
		if !errors.As(err, &e) || !strings.Contains(e.Fields["domain"], want) {
			t.Errorf("Normalize(%q) = %v; want a reason with %q", in, err, want)
		}
	}
}

var at = time.Date(2028, 3, 1, 9, 0, 0, 0, time.UTC)

type invalidations []string

func (v *invalidations) InvalidateTenant(_ context.Context, id string) { *v = append(*v, id) }

func newService(s *sqlstore.Store, dns *dnstest.Server, inv *invalidations) *domains.Service {
	return &domains.Service{Store: s, Resolver: domains.NetResolver{Server: dns.Addr}, Invalidator: inv,
		IsPlatform: func(h string) bool { return h == "mais.example.com" }, Now: func() time.Time { return at }}
}

// TestVerifyThroughDNS adds a domain, checks it against a real DNS server
// before the record exists, with a wrong value and with the right one, and
// only then finds the site on it.
func TestVerifyThroughDNS(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		dns := dnstest.Start(t)
		var inv invalidations
		svc := newService(s, dns, &inv)
		a, _ := storetest.NewTenant(t, s, "alpha", at)
		dir := tenant.NewDirectory(s, func() time.Time { return at })

		d, err := svc.Add(ctx, a.ID, "Photos.Alpha-Studio.com")
		if err != nil {
			t.Fatalf("add: %v", err)
		}
		if d.Name != "photos.alpha-studio.com" || d.Verified || d.TXTName() != "_mais-verify.photos.alpha-studio.com" ||
			len(d.TXTValue()) != len("mais-verify=")+32 {
			t.Fatalf("added %+v (txt %s = %s)", d, d.TXTName(), d.TXTValue())
		}
		if _, err := dir.SiteByDomain(ctx, d.Name); !apperr.Is(err, apperr.CodeNotFound) {
			t.Fatalf("unverified domain serves the site: %v", err)
		}

		check := func(want domains.Check) {
			t.Helper()
			got, c, err := svc.Verify(ctx, a.ID, d.Name)
			if err != nil || c != want || got.Verified != (want == domains.CheckFound) {
				t.Fatalf("verify = %+v, %q, %v; want %q", got, c, err, want)
			}
		}
		check(domains.CheckNotFound)
		dns.SetTXT(d.TXTName(), "mais-verify=someone-else", "v=spf1 -all")
		check(domains.CheckWrongValue)
		if len(inv) != 0 {
			t.Fatalf("invalidated before verification: %v", inv)
		}
		dns.SetTXT(d.TXTName(), "v=spf1 -all", d.TXTValue())
		check(domains.CheckFound)
		if len(inv) != 1 || inv[0] != a.ID {
			t.Fatalf("invalidations = %v; want [%s]", inv, a.ID)
		}
		dir.Forget(a.ID) // what the invalidation message does in every process
		if got, err := dir.SiteByDomain(ctx, d.Name); err != nil || got.ID != a.ID {
			t.Fatalf("verified domain: site %q, %v", got.ID, err)
		}
		if ok, err := svc.HasVerified(ctx, a.ID); !ok || err != nil {
			t.Fatalf("HasVerified = %v, %v", ok, err)
		}
		if err := svc.Allowed(ctx, d.Name); err != nil {
			t.Fatalf("Allowed(verified) = %v", err)
		}

		if err := svc.Delete(ctx, a.ID, d.Name); err != nil {
			t.Fatalf("delete: %v", err)
		}
		dir.Forget(a.ID)
		if _, err := dir.SiteByDomain(ctx, d.Name); !apperr.Is(err, apperr.CodeNotFound) {
			t.Fatalf("deleted domain still serves: %v", err)
		}
		if err := svc.Allowed(ctx, d.Name); err == nil {
			t.Fatal("Allowed(deleted) = nil")
		}
	})
}

// TestDomainIsolation: a claim does not block another tenant, a verified
// domain does; no tenant sees, verifies or deletes another's domain.
func TestDomainIsolation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		dns, svc, a, b := twoTenants(t, s)

		da, err := svc.Add(ctx, a.ID, "shared.example.org")
		if err != nil {
			t.Fatal(err)
		}
		db, err := svc.Add(ctx, b.ID, "shared.example.org") // a squatter's claim blocks nobody
		if err != nil {
			t.Fatalf("second claim: %v", err)
		}
		if da.Token == db.Token {
			t.Fatal("two claims share a token")
		}
		if _, err := svc.Add(ctx, a.ID, "SHARED.example.org"); !apperr.Is(err, apperr.CodeConflict) {
			t.Fatalf("adding twice: %v; want CONFLICT", err)
		}
		if list, _ := svc.List(ctx, b.ID); len(list) != 1 || list[0].Token != db.Token {
			t.Fatalf("bravo's list = %+v", list)
		}

		// Only the holder of a's token can verify, and only for a.
		dns.SetTXT(da.TXTName(), da.TXTValue())
		if _, c, err := svc.Verify(ctx, b.ID, "shared.example.org"); c != domains.CheckWrongValue || err != nil {
			t.Fatalf("bravo verifies with alpha's record: %q, %v", c, err)
		}
		if _, c, err := svc.Verify(ctx, a.ID, "shared.example.org"); c != domains.CheckFound || err != nil {
			t.Fatalf("alpha verifies: %q, %v", c, err)
		}
		// Now it is alpha's: bravo can neither add it nor verify it.
		dns.SetTXT(da.TXTName(), da.TXTValue(), db.TXTValue())
		if _, _, err := svc.Verify(ctx, b.ID, "shared.example.org"); !apperr.Is(err, apperr.CodeConflict) {
			t.Fatalf("bravo verifies alpha's domain: %v; want CONFLICT", err)
		}
		if err := svc.Delete(ctx, b.ID, "shared.example.org"); err != nil {
			t.Fatalf("bravo drops its own claim: %v", err)
		}
		if _, err := svc.Add(ctx, b.ID, "shared.example.org"); !apperr.Is(err, apperr.CodeConflict) {
			t.Fatalf("bravo adds alpha's verified domain: %v; want CONFLICT", err)
		}
		if err := svc.Delete(ctx, b.ID, "shared.example.org"); !apperr.Is(err, apperr.CodeNotFound) {
			t.Fatalf("bravo deletes alpha's domain: %v; want NOT_FOUND", err)
		}
		if owner, err := s.VerifiedOwner(ctx, "shared.example.org"); owner != a.ID || err != nil {
			t.Fatalf("owner = %q, %v", owner, err)
		}

		// A platform admin's domain is verified on the spot, and it too
		// belongs to one tenant.
		d := "vouched.example.org"
		if _, err := s.UpdateTenant(ctx, b.ID, tenant.Update{CustomDomain: &d}); err != nil {
			t.Fatal(err)
		}
		if ok, _ := svc.HasVerified(ctx, b.ID); !ok {
			t.Fatal("platform-set domain is not verified")
		}
		if _, err := svc.Add(ctx, a.ID, d); !apperr.Is(err, apperr.CodeConflict) {
			t.Fatalf("alpha adds bravo's vouched domain: %v", err)
		}
		taken := "shared.example.org"
		if _, err := s.UpdateTenant(ctx, b.ID, tenant.Update{CustomDomain: &taken}); !apperr.Is(err, apperr.CodeConflict) {
			t.Fatalf("platform gives alpha's domain to bravo: %v; want CONFLICT", err)
		}
		if err := svc.Delete(ctx, b.ID, d); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.TenantByID(ctx, b.ID); got.CustomDomain != "" {
			t.Fatalf("customDomain after delete = %q", got.CustomDomain)
		}
	})
}

// twoTenants is a domains service on s asking a DNS server of the test,
// and two tenants, alpha and bravo.
func twoTenants(t *testing.T, s *sqlstore.Store) (*dnstest.Server, *domains.Service, tenant.Tenant, tenant.Tenant) {
	t.Helper()
	dns := dnstest.Start(t)
	a, _ := storetest.NewTenant(t, s, "alpha", at)
	b, _ := storetest.NewTenant(t, s, "bravo", at)
	return dns, newService(s, dns, &invalidations{}), a, b
}

func TestResolverDown(t *testing.T) {
	// Nothing listens on port 9 of 127.0.0.1 (discard): the lookup fails
	// at once, and says the resolver is unavailable rather than "not found".
	_, err := domains.NetResolver{Server: "127.0.0.1:9"}.LookupTXT(context.Background(), "_mais-verify.example.org")
	if !apperr.Is(err, apperr.CodeUnavailable) {
		t.Fatalf("err = %v; want UNAVAILABLE", err)
	}
}

// TestServedNames: a verified apex serves its www. name too (certificate
// and HTTPS redirect included), a verified www. name does not serve its
// apex, and a www. name another tenant's apex serves cannot be claimed.
func TestServedNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		dns, svc, a, b := twoTenants(t, s)
		verify := func(tenantID, name string) domains.Domain {
			t.Helper()
			d, err := svc.Add(ctx, tenantID, name)
			if err != nil {
				t.Fatalf("add %s: %v", name, err)
			}
			dns.SetTXT(d.TXTName(), d.TXTValue())
			d, c, err := svc.Verify(ctx, tenantID, name)
			if c != domains.CheckFound || err != nil {
				t.Fatalf("verify %s: %q, %v", name, c, err)
			}
			return d
		}
		apex := verify(a.ID, "alpha-studio.com")
		www := verify(b.ID, "www.bravo-studio.com")

		for host, owner := range map[string]string{"alpha-studio.com": a.ID, "www.alpha-studio.com": a.ID,
			"WWW.Alpha-Studio.com.": a.ID, "www.bravo-studio.com": b.ID} {
			if got, err := svc.Owner(ctx, host); got != owner || err != nil {
				t.Errorf("Owner(%s) = %q, %v; want %s", host, got, err, owner)
			}
			if err := svc.Allowed(ctx, host); err != nil {
				t.Errorf("Allowed(%s) = %v; want a certificate", host, err)
			}
			if ok, err := svc.Custom(ctx, host); !ok || err != nil {
				t.Errorf("Custom(%s) = %v, %v", host, ok, err)
			}
		}
		// The unsafe direction, and names below the apex other than www.
		for _, host := range []string{"bravo-studio.com", "www.www.bravo-studio.com", "shop.alpha-studio.com", "mais.example.com"} {
			if _, err := svc.Owner(ctx, host); !apperr.Is(err, apperr.CodeNotFound) {
				t.Errorf("Owner(%s) = %v; want NOT_FOUND", host, err)
			}
			if err := svc.Allowed(ctx, host); err == nil && host != "mais.example.com" {
				t.Errorf("Allowed(%s) = nil; a certificate for a name nobody proved", host)
			}
			if ok, _ := svc.Custom(ctx, host); ok {
				t.Errorf("Custom(%s) = true", host)
			}
		}

		if got, _ := svc.ServedNames(ctx, apex); strings.Join(got, " ") != "alpha-studio.com www.alpha-studio.com" {
			t.Errorf("served by the apex: %v", got)
		}
		if got, _ := svc.ServedNames(ctx, www); strings.Join(got, " ") != "www.bravo-studio.com" {
			t.Errorf("served by www.: %v", got)
		}
		claim, err := svc.Add(ctx, a.ID, "shop.alpha-studio.com")
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := svc.ServedNames(ctx, claim); got != nil {
			t.Errorf("an unverified claim serves %v", got)
		}

		// www.alpha-studio.com is alpha's through its apex: bravo cannot
		// claim it, alpha can (and then it is its own card).
		if _, err := svc.Add(ctx, b.ID, "www.alpha-studio.com"); !apperr.Is(err, apperr.CodeConflict) {
			t.Errorf("bravo claims a name alpha's apex serves: %v; want CONFLICT", err)
		}
		verify(a.ID, "www.alpha-studio.com")
		if got, _ := svc.ServedNames(ctx, apex); strings.Join(got, " ") != "alpha-studio.com" {
			t.Errorf("served by the apex once www. is its own: %v", got)
		}
	})
}

// domainReads is a real store that counts the tenant-by-domain reads.
type domainReads struct {
	*sqlstore.Store
	n atomic.Int64
}

func (d *domainReads) TenantByDomain(ctx context.Context, host string) (tenant.Tenant, error) {
	d.n.Add(1)
	return d.Store.TenantByDomain(ctx, host)
}

// forgetting passes a domain change on to the directory, as the cache's
// invalidation does in the app.
type forgetting struct{ dir *tenant.Directory }

func (f forgetting) InvalidateTenant(_ context.Context, id string) { f.dir.Forget(id) }

// TestCustomThroughTheDirectory: with Site wired to the tenant directory,
// the HTTP port's per-request question "is this a tenant's domain?" follows
// the served-names rule and asks the store once per name, not once per
// request (a bot's made-up hosts included), and a domain verified later
// counts at once.
func TestCustomThroughTheDirectory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		reads := &domainReads{Store: s}
		dir := tenant.NewDirectory(reads, func() time.Time { return at })
		dns := dnstest.Start(t)
		a, _ := storetest.NewTenant(t, s, "alpha", at)
		svc := &domains.Service{Store: s, Resolver: domains.NetResolver{Server: dns.Addr}, Invalidator: forgetting{dir},
			IsPlatform: func(h string) bool { return h == "mais.example.com" }, Now: func() time.Time { return at },
			Site: func(ctx context.Context, name string) error { _, err := dir.SiteByDomain(ctx, name); return err }}
		d, err := svc.Add(ctx, a.ID, "alpha-studio.com")
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := svc.Custom(ctx, "alpha-studio.com"); ok || err != nil {
			t.Fatalf("before verification: %v %v", ok, err)
		}
		dns.SetTXT(d.TXTName(), d.TXTValue())
		if _, c, err := svc.Verify(ctx, a.ID, "alpha-studio.com"); c != domains.CheckFound || err != nil {
			t.Fatalf("verify: %q %v", c, err)
		}
		for range 3 {
			for host, want := range map[string]bool{"alpha-studio.com": true, "WWW.alpha-studio.com.": true,
				"shop.alpha-studio.com": false, "bot-guess.example.org": false, "mais.example.com": false} {
				if ok, err := svc.Custom(ctx, host); ok != want || err != nil {
					t.Errorf("Custom(%s) = %v, %v; want %v", host, ok, err, want)
				}
			}
		}
		// Four names reach the directory (www. asks itself, then the apex);
		// each is read once, the repeats come from memory.
		if n := reads.n.Load(); n > 5 {
			t.Errorf("%d store reads for 15 questions about 5 hosts", n)
		}
	})
}
