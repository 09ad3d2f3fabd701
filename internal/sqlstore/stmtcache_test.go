package sqlstore

import (
	"context"
	"fmt"
	"os"
	"testing"
)

// TestCloseWaitsForBackgroundPrepares: a statement prepared in the
// background must not hold a connection after Close returns. On SQLite such
// a connection writes the database's -wal and -shm files into a directory
// the caller may already be removing (CI: t.TempDir cleanup "directory not
// empty" after TestBankPaymentPendingPage).
func TestCloseWaitsForBackgroundPrepares(t *testing.T) {
	for round := range 5 {
		dir, err := os.MkdirTemp("", "stmtcache")
		if err != nil {
			t.Fatal(err)
		}
		s, err := Open(context.Background(), "", Options{DataDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		for i := range 64 {
			var n int
			// Each text is new, so each call starts a background prepare.
			if err := s.read.QueryRowContext(context.Background(), fmt.Sprintf("SELECT ? + %d", i), 1).Scan(&n); err != nil || n != i+1 {
				t.Fatalf("query %d: %d %v", i, n, err)
			}
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		for _, c := range []*stmtCache{s.read.stmts, s.write.stmts} {
			c.mu.Lock()
			pending := len(c.pending)
			c.mu.Unlock()
			if pending != 0 {
				t.Fatalf("round %d: %d prepares still running after Close", round, pending)
			}
		}
		if err := os.RemoveAll(dir); err != nil {
			t.Fatalf("round %d: remove the data dir after Close: %v", round, err)
		}
	}
}
