// Package pebbletest runs Let's Encrypt's Pebble ACME server for tests
// (the pebble binary, go install
// github.com/letsencrypt/pebble/v2/cmd/pebble@v2.10.3; .ci/run installs
// it). A test prepares one (its directory URL and the root of its own
// HTTPS are known at once), starts the server under test with them, then
// starts Pebble pointed at that server's ports and at a test DNS server.
package pebbletest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"mais/internal/testport"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Pebble is one ACME test server.
type Pebble struct {
	// DirURL is the ACME directory (MAIS_ACME_CA).
	DirURL string
	// APIRoot is the PEM file of the root of Pebble's own HTTPS
	// (MAIS_ACME_CA_ROOT).
	APIRoot string

	bin                string
	dir                string
	acmePort, mgmtPort int
	stop               func()
}

// Prepare finds the binary (missing: the test fails in CI and is skipped
// elsewhere), picks Pebble's ports and makes the certificate of its API.
func Prepare(t testing.TB) *Pebble {
	t.Helper()
	bin, err := exec.LookPath("pebble")
	if err != nil {
		const how = "go install github.com/letsencrypt/pebble/v2/cmd/pebble@v2.10.3"
		if os.Getenv("CI") != "" {
			t.Fatalf("pebble is not on the PATH (%s): %v", how, err)
		}
		t.Skip("pebble is not on the PATH; " + how)
	}
	p := &Pebble{bin: bin, dir: t.TempDir(), acmePort: freePort(t), mgmtPort: freePort(t)}
	p.DirURL = fmt.Sprintf("https://127.0.0.1:%d/dir", p.acmePort)
	p.APIRoot = writeServingCert(t, p.dir)
	return p
}

// Start runs Pebble until the test ends: its VA resolves names through
// dnsAddr and checks HTTP-01 on httpPort and TLS-ALPN-01 on tlsPort of the
// address the name resolves to.
func (p *Pebble) Start(t testing.TB, dnsAddr string, httpPort, tlsPort int) {
	t.Helper()
	cfg := map[string]any{"pebble": map[string]any{
		"listenAddress":           fmt.Sprintf("127.0.0.1:%d", p.acmePort),
		"managementListenAddress": fmt.Sprintf("127.0.0.1:%d", p.mgmtPort),
		"certificate":             filepath.Join(p.dir, "pebble.crt"), "privateKey": filepath.Join(p.dir, "pebble.key"),
		"httpPort": httpPort, "tlsPort": tlsPort, "ocspResponderURL": "",
		"externalAccountBindingRequired": false,
		"retryAfter":                     map[string]int{"authz": 1, "order": 1},
	}}
	b, _ := json.Marshal(cfg)
	path := filepath.Join(p.dir, "pebble.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, p.bin, "-config", path, "-dnsserver", dnsAddr)
	// No random sleeps in validation, no random nonce rejections: the
	// tests are about the flow, not about the client's retries.
	cmd.Env = append(os.Environ(), "PEBBLE_VA_NOSLEEP=1", "PEBBLE_WFE_NONCEREJECT=0")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("start pebble: %v", err)
	}
	// exited closes when Pebble does: one that could not bind its ports
	// exits, and another test's Pebble must not be taken for it.
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	var once sync.Once
	p.stop = func() {
		once.Do(func() {
			cancel()
			<-exited
		})
	}
	t.Cleanup(func() {
		p.stop()
		if t.Failed() {
			t.Logf("pebble's output:\n%s", out.String())
		}
	})
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := p.client().Get(p.DirURL)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		select {
		case <-exited:
			t.Fatalf("pebble exited before it answered on %s:\n%s", p.DirURL, out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("pebble did not answer on %s: %v\n%s", p.DirURL, err, out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Stop ends Pebble before the test does (a test proving that nothing asks
// the CA any more).
func (p *Pebble) Stop() { p.stop() }

// Roots is the root Pebble signs certificates with (made fresh on every
// start), from its management interface.
func (p *Pebble) Roots(t testing.TB) *x509.CertPool {
	t.Helper()
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(p.get(t, "/roots/0")) {
		t.Fatal("pebble's root is not PEM")
	}
	return pool
}

// IntermediateSPKI is the base64 SHA-256 of the public key of the
// intermediate that signs leaf certificates, as Chromium's
// --ignore-certificate-errors-spki-list takes it.
func (p *Pebble) IntermediateSPKI(t testing.TB) string {
	t.Helper()
	block, _ := pem.Decode(p.get(t, "/intermediates/0"))
	if block == nil {
		t.Fatal("pebble's intermediate is not PEM")
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(cert.RawSubjectPublicKeyInfo)
	return base64.StdEncoding.EncodeToString(sum[:])
}

func (p *Pebble) get(t testing.TB, path string) []byte {
	t.Helper()
	resp, err := p.client().Get(fmt.Sprintf("https://127.0.0.1:%d%s", p.mgmtPort, path))
	if err != nil {
		t.Fatalf("pebble %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return b
}

// client talks to Pebble's own API, whose certificate is the test's.
func (p *Pebble) client() *http.Client {
	pem, _ := os.ReadFile(p.APIRoot)
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	return &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
}

// writeServingCert makes a CA and, signed by it, the certificate Pebble
// serves its API with (127.0.0.1); it returns the CA's PEM file.
func writeServingCert(t testing.TB, dir string) string {
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

// freePort is a port Pebble binds later, once the app is configured with
// it (see testport).
func freePort(t testing.TB) int {
	t.Helper()
	return testport.Free(t)
}
