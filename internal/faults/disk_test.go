package faults_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"mais/internal/payment"
)

// mountTmpfs mounts a tmpfs of size bytes for the embedded store; the disk
// it fills is real (ENOSPC, SQLITE_FULL), not simulated. It skips when the
// test may not mount (not root, or a container without CAP_SYS_ADMIN).
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "mais-faults-disk-")
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size); err != nil {
		os.Remove(dir)
		t.Skipf("cannot mount a tmpfs to fill (%v); the disk-full test needs root with CAP_SYS_ADMIN", err)
	}
	t.Cleanup(func() {
		syscall.Unmount(dir, syscall.MNT_DETACH)
		os.Remove(dir)
	})
	return dir
}

// fill writes a file until the file system is full and returns its path.
func fill(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("fill: %v", err)
			}
			return path
		}
	}
}

// webhook delivers a signed checkout.session.completed (paid) for session.
func (f *fixture) webhook(eventID, session string) reply {
	payload := payment.MarshalEvent(payment.Event{ID: eventID, Type: payment.EventCheckoutCompleted,
		Session: payment.SessionObject{ID: session, PaymentStatus: "paid", Status: "complete", AmountTotal: 250000}}, time.Now())
	return f.do("POST", "/v1/webhooks/stripe", map[string]string{"Stripe-Signature": payment.SignWebhook(payload, webhookSecret, time.Now())}, string(payload))
}

// A full disk under the embedded store (issue 11, first and fifth bullets):
// /health/ready says the store cannot write, writes answer 503 not 500, a
// webhook event processed before is acknowledged from a read (so Stripe
// stops retrying it), and nothing committed is lost. Before: readiness 200
// (it only pinged), checkouts 500, redeliveries 503 forever. The disk is a
// real 24 MiB tmpfs filled with a file.
func TestDiskFull(t *testing.T) {
	requireServers(t)
	dir := mountTmpfs(t, "24m")
	f := start(t, map[string]string{"MAIS_DATA_DIR": dir})
	r := f.checkout(0)
	var co struct{ SessionID string }
	json.Unmarshal(r.body, &co)
	if r.status != 200 || co.SessionID == "" {
		t.Fatalf("checkout: %s %s", r, r.body)
	}
	if r := f.webhook("evt_disk_1", co.SessionID); r.status != 200 {
		t.Fatalf("webhook: %s %s", r, r.body)
	}

	filler := fill(t, dir)
	if status, body := f.readiness(); status != 503 || body["store"] != "read-only" || body["error"] != "UNAVAILABLE" {
		t.Errorf("/health/ready on a full disk: %d %v; want 503, store read-only", status, body)
	}
	// Holds until the disk refuses one: that answer must be a 503.
	answered := 1
	var failed reply
	for i := 1; i < 200 && failed.status == 0; i++ {
		switch r := f.checkout(i); r.status {
		case 200:
			answered++
		default:
			failed = r
		}
	}
	if failed.status == 0 {
		t.Log("every checkout fitted in the space SQLite had already allocated")
	} else {
		want503(t, "checkout on a full disk", failed, true)
	}
	if r := f.webhook("evt_disk_1", co.SessionID); r.status != 200 {
		t.Errorf("redelivery of a processed event on a full disk: %s %s; want 200 from a read", r, r.body)
	}

	os.Remove(filler)
	took, ok := eventually(10*time.Second, func() bool { status, _ := f.readiness(); return status == 200 })
	if !ok {
		t.Fatal("readiness did not recover after space was freed")
	}
	t.Logf("recovered: ready %v after space was freed; %d holds taken before the disk refused one", took.Round(time.Millisecond), answered)
	if r := f.checkout(500); r.status != 200 {
		t.Errorf("checkout after space was freed: %s %s", r, r.body)
	}
	if got, want := len(f.bookings("PAID")), 1; got != want {
		t.Errorf("%d paid bookings, want %d", got, want)
	}
	if got, want := f.live(), answered+1; got != want {
		t.Errorf("%d live bookings, want %d (every 200)", got, want)
	}
	f.noDoubleBookings()
}
