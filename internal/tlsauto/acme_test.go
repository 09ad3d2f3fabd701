package tlsauto_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"mais/internal/app/apptest"
	"mais/internal/domains/dnstest"
	"mais/internal/tlsauto/pebbletest"
)

// TestACMEOnDemand runs the whole ACME flow against Let's Encrypt's
// Pebble, started here with its DNS pointed at a miekg/dns server of the
// test: a tenant verifies its domain, the first HTTPS request for it makes
// MAIS obtain a certificate from Pebble (HTTP-01 or TLS-ALPN-01 against
// this process), and the storefront answers over HTTPS to a client that
// trusts only Pebble's root. A domain that is only claimed, and one nobody
// claimed, get no certificate; a second process on the same store serves
// the certificate with the CA stopped.
func TestACMEOnDemand(t *testing.T) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			pebble := pebbletest.Prepare(t)
			dns := dnstest.Start(t)
			a := apptest.New(t, kind, apptest.Env{
				"MAIS_TLS": "auto", "MAIS_HTTPS_PORT": "0", "MAIS_DNS_RESOLVER": dns.Addr,
				"MAIS_ACME_CA": pebble.DirURL, "MAIS_ACME_CA_ROOT": pebble.APIRoot, "MAIS_KNOWN_DOMAINS": "mais.test",
			})
			httpAddr, err := a.Start(ctx, "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			httpsAddr := a.HTTPSAddr()
			if httpsAddr == "" {
				t.Fatal("MAIS_TLS=auto started no HTTPS listener")
			}
			pebble.Start(t, dns.Addr, port(t, httpAddr), port(t, httpsAddr))

			alpha := apptest.NewTenant(t, a, "alpha")
			verified := "www." + kind + "-alpha-photos.com"
			claimed := "claimed." + kind + "-alpha-photos.com"
			stranger := "nobody." + kind + "-alpha-photos.com"
			for _, h := range []string{verified, claimed, stranger} {
				dns.SetA(h, net.IPv4(127, 0, 0, 1))
			}
			d, err := a.Domains.Add(ctx, alpha.Tenant.ID, verified)
			if err != nil {
				t.Fatal(err)
			}
			dns.SetTXT(d.TXTName(), d.TXTValue())
			if _, check, err := a.Domains.Verify(ctx, alpha.Tenant.ID, verified); check != "found" || err != nil {
				t.Fatalf("verify: %q, %v", check, err)
			}
			if _, err := a.Domains.Add(ctx, alpha.Tenant.ID, claimed); err != nil {
				t.Fatal(err)
			}

			// On the HTTP port the verified domain is sent to HTTPS, the
			// platform's host is not.
			plain := &http.Client{Timeout: 10 * time.Second,
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			get := func(host string) *http.Response {
				req, _ := http.NewRequest(http.MethodGet, "http://"+httpAddr+"/services?x=1", nil)
				req.Host = host
				resp, err := plain.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				return resp
			}
			want := "https://" + verified + ":" + strconv.Itoa(port(t, httpsAddr)) + "/services?x=1"
			if resp := get(verified); resp.StatusCode != http.StatusPermanentRedirect || resp.Header.Get("Location") != want {
				t.Errorf("http://%s/services?x=1: %d %q; want 308 to %s", verified, resp.StatusCode, resp.Header.Get("Location"), want)
			}
			if resp := get("mais.test"); resp.StatusCode == http.StatusPermanentRedirect {
				t.Errorf("the platform's host was sent to %q", resp.Header.Get("Location"))
			}

			client := httpsClient(pebble.Roots(t), httpsAddr)
			start := time.Now()
			resp, err := client.Get("https://" + verified + "/")
			if err != nil {
				t.Fatalf("GET https://%s/: %v", verified, err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.Contains(string(body), alpha.Tenant.Name) {
				t.Fatalf("storefront over HTTPS: %d %.300s", resp.StatusCode, body)
			}
			if got := resp.TLS.PeerCertificates[0].DNSNames; len(got) != 1 || got[0] != verified {
				t.Fatalf("certificate names %v; want [%s]", got, verified)
			}
			t.Logf("certificate obtained and page served in %s", time.Since(start).Round(time.Millisecond))

			// The certificate is in the store, where every process finds it.
			keys, err := a.Store.CertKeys(ctx, "certificates/")
			if err != nil || !containsSuffix(keys, "/"+verified+"/"+verified+".crt") {
				t.Fatalf("stored certificate keys %v, %v", keys, err)
			}

			for _, h := range []string{claimed, stranger} {
				resp, err := client.Get("https://" + h + "/")
				if err == nil {
					resp.Body.Close()
					t.Fatalf("%s got a certificate and answered %d", h, resp.StatusCode)
				}
			}
			keys, _ = a.Store.CertKeys(ctx, "")
			for _, k := range keys {
				if strings.Contains(k, claimed) || strings.Contains(k, stranger) {
					t.Errorf("stored for a domain that is not verified: %s", k)
				}
			}

			// Another process on the same store serves the certificate
			// without asking the CA, which is gone.
			roots := pebble.Roots(t)
			pebble.Stop()
			shared := apptest.Env{"MAIS_TLS": "auto", "MAIS_HTTPS_PORT": "0", "MAIS_ACME_CA": pebble.DirURL,
				"MAIS_ACME_CA_ROOT": pebble.APIRoot, "MAIS_DATA_DIR": a.Config.DataDir}
			if kind == "postgres" {
				shared["DATABASE_URL"] = a.Config.DatabaseURL
			}
			b := apptest.New(t, kind, shared)
			if _, err := b.Start(ctx, "127.0.0.1:0"); err != nil {
				t.Fatal(err)
			}
			resp, err = httpsClient(roots, b.HTTPSAddr()).Get("https://" + verified + "/")
			if err != nil {
				t.Fatalf("second process: %v", err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 || resp.TLS.PeerCertificates[0].DNSNames[0] != verified {
				t.Fatalf("second process: %d", resp.StatusCode)
			}
		})
	}
}

// httpsClient trusts only roots and sends every connection to httpsAddr,
// as DNS would send the domains to this machine.
func httpsClient(roots *x509.CertPool, httpsAddr string) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	return &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: roots},
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, httpsAddr)
		},
	}}
}

func port(t *testing.T, addr string) int {
	t.Helper()
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(p)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func containsSuffix(keys []string, suffix string) bool {
	for _, k := range keys {
		if strings.HasSuffix(k, suffix) {
			return true
		}
	}
	return false
}
