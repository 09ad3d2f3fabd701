package dashboard_test

import (
	"crypto/tls"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/browsertest"
	"mais/internal/domains/dnstest"
	"mais/internal/tlsauto/pebbletest"
)

// tlsStack is what a test of a site over HTTPS runs besides the app: Pebble
// (the ACME CA of MAIS_TLS=auto) and a DNS server that both the app's TXT
// checks and Pebble's validation ask.
type tlsStack struct {
	pebble *pebbletest.Pebble
	dns    *dnstest.Server
	// port is the app's HTTP port; base is http://127.0.0.1:port.
	port, base string
	// httpsPort is the app's HTTPS port, known once start has run.
	httpsPort string
}

// newTLSStack skips t in -short mode and where Chromium is missing (the
// stack is for browser tests), prepares Pebble, starts the DNS server and
// picks the app's HTTP port.
func newTLSStack(t *testing.T) *tlsStack {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end browser test skipped in -short mode")
	}
	browsertest.Chromium(t)
	s := &tlsStack{pebble: pebbletest.Prepare(t), dns: dnstest.Start(t), port: freePort(t)}
	s.base = "http://127.0.0.1:" + s.port
	return s
}

// env is the environment of an app served by s (MAIS_TLS=auto on a free
// HTTPS port, certificates from Pebble, TXT records from the DNS server),
// with extra added.
func (s *tlsStack) env(extra apptest.Env) apptest.Env {
	env := apptest.Env{"PUBLIC_BASE_URL": s.base, "MAIS_DNS_RESOLVER": s.dns.Addr,
		"MAIS_TLS": "auto", "MAIS_HTTPS_PORT": "0", "MAIS_ACME_CA": s.pebble.DirURL, "MAIS_ACME_CA_ROOT": s.pebble.APIRoot}
	for k, v := range extra {
		env[k] = v
	}
	return env
}

// start serves a (built with s.env) on s's port, then starts Pebble
// validating against a's HTTP and HTTPS ports.
func (s *tlsStack) start(t *testing.T, a *app.App) {
	t.Helper()
	if _, err := a.Start(t.Context(), "127.0.0.1:"+s.port); err != nil {
		t.Fatal(err)
	}
	_, s.httpsPort, _ = net.SplitHostPort(a.HTTPSAddr())
	httpPort, _ := strconv.Atoi(s.port)
	tlsPort, _ := strconv.Atoi(s.httpsPort)
	s.pebble.Start(t, s.dns.Addr, httpPort, tlsPort)
}

// certified waits until the app answers a TLS handshake for host with a
// certificate chaining to Pebble's root: the on-demand certificate is
// obtained here, within a minute, so that the browser's first page load
// does not race its issuance on a loaded machine, and a certificate from
// anywhere else fails here, by name.
func (s *tlsStack) certified(t *testing.T, host string) {
	t.Helper()
	cfg := &tls.Config{ServerName: host, RootCAs: s.pebble.Roots(t)}
	deadline := time.Now().Add(time.Minute)
	for {
		conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 20 * time.Second}, "tcp", "127.0.0.1:"+s.httpsPort, cfg)
		if err == nil {
			conn.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no certificate for %s chaining to Pebble's root on port %s: %v", host, s.httpsPort, err)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// site is a second browser, at desktop width, that resolves host to this
// machine and trusts Pebble's intermediate: its base is https://host on
// the app's HTTPS port. Its screenshots go beside e's.
func (s *tlsStack) site(t *testing.T, e *e2e, host string) *e2e {
	t.Helper()
	s.certified(t, host)
	site := &e2e{t: t, dir: e.dir, base: "https://" + host + ":" + s.httpsPort, ctx: browsertest.New(t, time.Minute,
		chromedp.Flag("hide-scrollbars", true), chromedp.Flag("host-resolver-rules", "MAP "+host+" 127.0.0.1"),
		chromedp.Flag("ignore-certificate-errors-spki-list", s.pebble.IntermediateSPKI(t)))}
	site.do(chromedp.EmulateViewport(1280, 900))
	return site
}
