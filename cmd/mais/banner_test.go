package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"mais/internal/config"
)

// TestBannerOnEveryStart: each start of the server says where to go (the
// dashboard, the demo storefront, the store in use), not only the first,
// which alone shows the demo's keys.
func TestBannerOnEveryStart(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"MAIS_DATA_DIR": dir, "PORT": "0", "PUBLIC_BASE_URL": "http://shop.test:9999", "MAIS_SIGNUP": "open"}
	want := []string{"dashboard    http://shop.test:9999/admin", "demo site    http://shop.test:9999/t/demo",
		"sign-up      http://shop.test:9999/signup", "store        embedded store " + filepath.Join(dir, "mais.db")}
	start := func() string {
		t.Helper()
		// The server runs until the context ends. It ends once the banner
		// is out, not after a fixed time: the first start seeds the demo
		// (its pictures are resized), which on a loaded machine took more
		// than the 2 s this test once allowed.
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		out := &stopOnBanner{want: want, stop: cancel}
		var errOut bytes.Buffer
		if code := run(ctx, []string{"serve"}, func(k string) string { return env[k] }, out, &errOut); code != 0 {
			t.Fatalf("serve exited %d: %s", code, errOut.String())
		}
		return out.String()
	}
	first := start()
	second := start()
	for _, w := range want {
		if !strings.Contains(first, w) || !strings.Contains(second, w) {
			t.Errorf("banner lacks %q\nfirst start:\n%s\nsecond start:\n%s", w, first, second)
		}
	}
	if !strings.Contains(first, "secret key") || strings.Contains(second, "secret key") {
		t.Errorf("the demo's keys are shown on the first start only\nfirst:\n%s\nsecond:\n%s", first, second)
	}
}

// stopOnBanner collects what the server prints and calls stop once every
// line of want has been printed.
type stopOnBanner struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	want []string
	stop func()
}

func (w *stopOnBanner) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n, err := w.buf.Write(p)
	all := true
	for _, line := range w.want {
		all = all && strings.Contains(w.buf.String(), line)
	}
	if all {
		w.stop()
	}
	return n, err
}

func (w *stopOnBanner) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// TestTenantCreateSaysWhere: `tenant create` prints the new tenant's
// storefront and dashboard and the store it wrote to.
func TestTenantCreateSaysWhere(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"MAIS_DATA_DIR": dir, "MAIS_DEMO": "false"}
	code, out, errOut := runCLI(t, env, "tenant", "create", "--slug", "rose-studio", "--name", "Rose Studio",
		"--email", "rose@studio.example", "--password", "correct-horse")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, w := range []string{"in the embedded store " + filepath.Join(dir, "mais.db"), "storefront  http://localhost:8080/t/rose-studio",
		"dashboard   http://localhost:8080/admin   (log in as rose@studio.example)", "secret key  sk_live_rose-studio_"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

// TestStoreNameHidesSecrets: a PostgreSQL URL is named by host and
// database, never with its password.
func TestStoreNameHidesSecrets(t *testing.T) {
	got := storeName(config.Config{DatabaseURL: "postgres://mais:s3cret@db.internal:5432/mais?sslmode=require"})
	if got != "PostgreSQL db.internal:5432/mais" || strings.Contains(got, "s3cret") {
		t.Errorf("storeName = %q", got)
	}
}
