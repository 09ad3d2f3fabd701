package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/booking"
	"mais/internal/config"
	"mais/internal/testclock"
)

// openDir starts a MAIS (not listening) on the embedded store in env's
// data dir.
func openDir(t *testing.T, env map[string]string, clock *testclock.Clock) *app.App {
	t.Helper()
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), app.WithClock(clock.Now))
	if err != nil {
		t.Fatalf("app: %v", err)
	}
	a.Hasher.Cost = 4
	return a
}

// docs/API.md §13: `mais backup` copies the embedded store while checkouts
// commit; every booking committed before the backup began is in it; `mais
// restore` is refused while a process has the store open, and once the
// server is stopped it brings those bookings back.
func TestBackupUnderWriteLoadRestoresEveryCommittedBooking(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"MAIS_DATA_DIR": dir, "MAIS_DEMO": "false", "ADAPTERS_PRESET": "mock",
		"MAIS_RATE_LIMITS": "off", "PUBLIC_BASE_URL": "http://mais.test"}
	clock := testclock.New(t)
	a := openDir(t, env, clock)
	stopped := false
	defer func() {
		if !stopped {
			a.Shutdown(context.Background())
		}
	}()
	tn := apptest.NewTenant(t, a, "backed")

	var (
		mu        sync.Mutex
		committed []string // booking ids, in the order their checkouts returned
		wg        sync.WaitGroup
		stop      = make(chan struct{})
		enough    = make(chan struct{})
		once      sync.Once
	)
	const writers = 4
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				var in booking.CheckoutInput
				in.PackageID = "classic"
				in.Date = testclock.DaysAhead(a.Now(), tn.Tenant.Location(), 10+i*writers+w)
				in.Customer.Name = "Guest"
				in.Customer.Email = fmt.Sprintf("guest-%d-%d@example.com", w, i)
				res, err := a.Booking.Checkout(context.Background(), tn.Tenant, in)
				if err != nil {
					t.Errorf("checkout %d/%d: %v", w, i, err)
					return
				}
				mu.Lock()
				committed = append(committed, res.BookingID)
				if len(committed) >= 40 {
					once.Do(func() { close(enough) })
				}
				mu.Unlock()
			}
		}()
	}
	<-enough
	mu.Lock()
	before := append([]string(nil), committed...)
	mu.Unlock()
	out := filepath.Join(t.TempDir(), "mais-backup.db")
	code, stdout, stderr := runCLI(t, env, "backup", "--out", out)
	close(stop)
	wg.Wait()
	if code != 0 {
		t.Fatalf("backup under load: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, out) {
		t.Errorf("backup output %q does not name the file", stdout)
	}
	if code, _, stderr := runCLI(t, env, "backup", "--out", out); code == 0 || !strings.Contains(stderr, "exists") {
		t.Errorf("a second backup over the first: exit %d, %q", code, stderr)
	}

	// The server still has the store open: a restore must not pull it away.
	if code, _, stderr := runCLI(t, env, "restore", "--from", out); code == 0 || !strings.Contains(stderr, "running mais") {
		t.Fatalf("restore under a running server: exit %d, %q", code, stderr)
	}
	mu.Lock()
	total := len(committed)
	mu.Unlock()
	if err := a.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	stopped = true

	if code, _, stderr := runCLI(t, env, "restore", "--from", filepath.Join(dir, "no-such.db")); code == 0 || !strings.Contains(stderr, "not a MAIS backup") {
		t.Errorf("restore from a missing file: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, env, "restore", "--from", out); code != 0 {
		t.Fatalf("restore: exit %d: %s", code, stderr)
	}
	b := openDir(t, env, clock)
	defer b.Shutdown(context.Background())
	for _, id := range before {
		bk, err := b.Booking.Booking(context.Background(), tn.Tenant.ID, id)
		if err != nil {
			t.Errorf("booking %s, committed before the backup, is not in the restored store: %v", id, err)
		} else if bk.Status != booking.StatusPending {
			t.Errorf("booking %s restored as %s", id, bk.Status)
		}
	}
	list, err := b.Booking.ListBookings(context.Background(), tn.Tenant.ID, booking.ListFilter{Limit: booking.MaxPageSize})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < len(before) || len(list) > total {
		t.Errorf("restored store holds %d bookings; %d were committed before the backup and %d in all", len(list), len(before), total)
	}
}

// The help lists backup and restore, and each takes --help.
func TestBackupRestoreHelp(t *testing.T) {
	env := map[string]string{"MAIS_DATA_DIR": t.TempDir()}
	if code, out, _ := runCLI(t, env, "help"); code != 0 || !strings.Contains(out, "mais backup --out FILE") || !strings.Contains(out, "mais restore --from FILE") {
		t.Errorf("mais help: exit %d\n%s", code, out)
	}
	for _, cmd := range []string{"backup", "restore"} {
		if code, out, _ := runCLI(t, env, cmd, "--help"); code != 0 || !strings.Contains(out, "Usage: mais "+cmd) {
			t.Errorf("mais %s --help: exit %d\n%s", cmd, code, out)
		}
		if code, _, errOut := runCLI(t, env, cmd); code != 2 || !strings.Contains(errOut, "is required") {
			t.Errorf("mais %s without its file: exit %d\n%s", cmd, code, errOut)
		}
	}
	pg := map[string]string{"DATABASE_URL": "postgres://nobody@127.0.0.1:1/none", "MAIS_DATA_DIR": t.TempDir()}
	if code, _, errOut := runCLI(t, pg, "backup", "--out", filepath.Join(t.TempDir(), "x.db")); code != 2 || !strings.Contains(errOut, "pg_dump") {
		t.Errorf("backup on PostgreSQL: exit %d\n%s", code, errOut)
	}
}
