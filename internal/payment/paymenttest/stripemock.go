// Package paymenttest starts stripe-mock for tests outside internal/payment
// that go through the real Stripe adapter (sign-up and Connect onboarding,
// checkout refused while an account cannot take charges).
package paymenttest

import (
	"bufio"
	"context"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// StartStripeMock runs stripe-mock on a loopback port the system picks and
// returns its base URL (for STRIPE_API_BASE). The process is killed when
// the test ends. Without stripe-mock the test fails in CI and is skipped
// elsewhere.
func StartStripeMock(t testing.TB) string {
	t.Helper()
	bin, err := lookGoTool("stripe-mock")
	if err != nil {
		const how = "go install github.com/stripe/stripe-mock@v0.203.0"
		if os.Getenv("CI") != "" {
			t.Fatalf("%v (%s)", err, how)
		}
		t.Skip(err.Error() + "; " + how)
	}

	cmd := exec.Command(bin, "-http-addr", "127.0.0.1:0", "-https-addr", "127.0.0.1:0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatalf("start stripe-mock: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})

	// stripe-mock prints the address it bound; reading it avoids racing
	// other processes for a port picked in advance.
	addrc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if addr, ok := strings.CutPrefix(sc.Text(), "Listening for HTTP at address: "); ok {
				select {
				case addrc <- addr:
				default:
				}
			}
		}
	}()
	var base string
	select {
	case addr := <-addrc:
		base = "http://" + addr
	case <-time.After(15 * time.Second):
		t.Fatal("stripe-mock did not report its address within 15s")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/v1/balance", nil)
		req.SetBasicAuth("sk_test_123", "")
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			return base
		}
		select {
		case <-ctx.Done():
			t.Fatalf("stripe-mock at %s did not answer: %v", base, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}
