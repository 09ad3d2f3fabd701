package tlsauto_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mais/internal/app/apptest"
	"mais/internal/domains/dnstest"
)

// TestACMEOnDemand runs the whole ACME flow against Let's Encrypt's
// Pebble, started here with its DNS pointed at a miekg/dns server of the
// test: a tenant verifies its domain, the first HTTPS request for it makes
// MAIS obtain a certificate from Pebble (HTTP-01 or TLS-ALPN-01 against
// this process), and the storefront answers over HTTPS to a client that
// trusts only Pebble's root. A domain that is only claimed, and one nobody
// claimed, get no certificate.
func TestACMEOnDemand(t *testing.T) {
	pebbleBin := lookPebble(t)
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dir := t.TempDir()
			dns := dnstest.Start(t)
			caRoot := writeServingCert(t, dir) // Pebble's own HTTPS certificate
			acmePort, mgmtPort := freePort(t), freePort(t)

			a := apptest.New(t, kind, apptest.Env{
				"MAIS_TLS": "auto", "MAIS_HTTPS_PORT": "0", "MAIS_DNS_RESOLVER": dns.Addr,
				"MAIS_ACME_CA":      fmt.Sprintf("https://127.0.0.1:%d/dir", acmePort),
				"MAIS_ACME_CA_ROOT": caRoot, "MAIS_KNOWN_DOMAINS": "mais.test",
			})
			httpAddr, err := a.Start(ctx, "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			httpsAddr := a.HTTPSAddr()
			if httpsAddr == "" {
				t.Fatal("MAIS_TLS=auto started no HTTPS listener")
			}
			startPebble(t, pebbleBin, dir, dns.Addr, acmePort, mgmtPort, port(t, httpAddr), port(t, httpsAddr))

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

			client := httpsClient(t, pebbleRoot(t, mgmtPort), httpsAddr)
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
		})
	}
}

// lookPebble finds the pebble binary (.ci/run installs it): missing, the
// test fails in CI and is skipped elsewhere.
func lookPebble(t *testing.T) string {
	p, err := exec.LookPath("pebble")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("pebble is not on the PATH (go install github.com/letsencrypt/pebble/v2/cmd/pebble@v2.10.3): %v", err)
		}
		t.Skip("pebble is not on the PATH; go install github.com/letsencrypt/pebble/v2/cmd/pebble@v2.10.3")
	}
	return p
}

func startPebble(t *testing.T, bin, dir, dnsAddr string, acmePort, mgmtPort, httpPort, tlsPort int) {
	t.Helper()
	cfg := map[string]any{"pebble": map[string]any{
		"listenAddress":           fmt.Sprintf("127.0.0.1:%d", acmePort),
		"managementListenAddress": fmt.Sprintf("127.0.0.1:%d", mgmtPort),
		"certificate":             filepath.Join(dir, "pebble.crt"), "privateKey": filepath.Join(dir, "pebble.key"),
		"httpPort": httpPort, "tlsPort": tlsPort, "ocspResponderURL": "",
		"externalAccountBindingRequired": false,
		"retryAfter":                     map[string]int{"authz": 1, "order": 1},
	}}
	b, _ := json.Marshal(cfg)
	path := filepath.Join(dir, "pebble.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "-config", path, "-dnsserver", dnsAddr)
	// No random sleeps in validation, no random nonce rejections: the test
	// is about the flow, not about certmagic's retries.
	cmd.Env = append(os.Environ(), "PEBBLE_VA_NOSLEEP=1", "PEBBLE_WFE_NONCEREJECT=0")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("start pebble: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		cmd.Wait()
		if t.Failed() {
			t.Logf("pebble's output:\n%s", out.String())
		}
	})
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := client.Get(fmt.Sprintf("https://127.0.0.1:%d/dir", acmePort))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("pebble did not answer on :%d: %v\n%s", acmePort, err, out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// pebbleRoot is the root Pebble signs certificates with (made fresh on
// every start), from its management interface.
func pebbleRoot(t *testing.T, mgmtPort int) *x509.CertPool {
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	resp, err := client.Get(fmt.Sprintf("https://127.0.0.1:%d/roots/0", mgmtPort))
	if err != nil {
		t.Fatalf("pebble root: %v", err)
	}
	defer resp.Body.Close()
	pemBytes, _ := io.ReadAll(resp.Body)
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		t.Fatalf("pebble root is not PEM: %.200s", pemBytes)
	}
	return pool
}

// httpsClient trusts only roots and sends every connection to httpsAddr,
// as DNS would send the domains to this machine.
func httpsClient(t *testing.T, roots *x509.CertPool, httpsAddr string) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	return &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: roots},
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, httpsAddr)
		},
	}}
}

// writeServingCert makes a CA and, signed by it, the certificate Pebble
// serves its API with (127.0.0.1); it returns the CA's PEM file, which
// MAIS_ACME_CA_ROOT points at.
func writeServingCert(t *testing.T, dir string) string {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mais test ACME CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour), IsCA: true,
		KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalECPrivateKey(key)
	write := func(name, typ string, der []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("pebble.crt", "CERTIFICATE", leafDER)
	write("pebble.key", "EC PRIVATE KEY", keyDER)
	return write("ca.pem", "CERTIFICATE", caDER)
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func port(t *testing.T, addr string) int {
	t.Helper()
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	fmt.Sscan(p, &n)
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
