package sqlstore_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"mais/internal/booking"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
	"mais/internal/testclock"
)

// booked stores a booking of tenantID on date that holds it with money:
// PAID in full, or DEPOSIT_PAID with paid of total and the balance due.
func booked(t *testing.T, s *sqlstore.Store, tenantID, id, date string, paid int64, due string) {
	t.Helper()
	ctx := context.Background()
	inDate(t, s, tenantID, date, func(tx booking.Tx) error {
		_, err := tx.InsertHold(ctx, newHold(id, tenantID, date, id+"@example.com", "cs_"+id))
		return err
	})
	status := "PAID"
	if paid < 10000 {
		status = "DEPOSIT_PAID"
	}
	if err := s.ExecForTest(ctx, `UPDATE bookings SET status = $1, paid_cents = $2, deposit_cents = $2, balance_due_date = $3
		WHERE id = $4`, status, paid, due, id); err != nil {
		t.Fatal(err)
	}
}

// The scheduler, run by two processes every hour while the clock crosses
// a month, queues each reminder once, on its day: the event a week ahead,
// the balance a week before its due date and the day after it, nothing
// for a balance paid in time; the lease lets one process scan per hour,
// and a process that starts afresh (a restart) finds its state in the store.
func TestRemindersOnceEachOnTheirDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		clk := testclock.Frozen(time.Date(2028, 6, 1, 14, 0, 0, 0, time.UTC)) // 09:00 in Chicago
		tn := mustTenant(t, s, "remind")
		booked(t, s, tn.ID, "full", "2028-06-20", 10000, "")
		booked(t, s, tn.ID, "dep", "2028-09-10", 3000, "2028-06-12")
		booked(t, s, tn.ID, "ontime", "2028-09-11", 3000, "2028-06-12")
		logger := slog.New(slog.NewTextHandler(io.Discard, nil))
		svc := &booking.Service{Store: s, Tenants: s, Logger: logger, Now: clk.Now, PublicBaseURL: "https://mais.test"}
		procs := []*booking.Reminders{
			{Service: svc, Store: s, Logger: logger, Owner: "p1", Every: time.Hour},
			{Service: svc, Store: s, Logger: logger, Owner: "p2", Every: time.Hour},
		}
		first := map[string]string{} // dedupe prefix → Chicago day first queued
		watch := map[string]string{
			"reminder:event:full:":            "2028-06-13",
			"reminder:balance_due:dep:":       "2028-06-05",
			"reminder:balance_overdue:dep:":   "2028-06-13",
			"reminder:balance_due:ontime:":    "2028-06-05",
			"reminder:balance_overdue:ontime": "",
			"reminder:event:dep:":             "",
		}
		chicago, _ := time.LoadLocation("America/Chicago")
		for hour := 0; hour < 30*24; hour += 6 {
			day := clk.Now().In(chicago).Format(time.DateOnly)
			if day == "2028-06-10" {
				// The couple pays the balance in time.
				if err := s.ExecForTest(ctx, `UPDATE bookings SET status = 'PAID', paid_cents = 10000 WHERE id = 'ontime'`); err != nil {
					t.Fatal(err)
				}
			}
			var wg sync.WaitGroup
			for _, p := range procs {
				wg.Go(func() {
					if _, err := p.RunOnce(ctx); err != nil {
						t.Error(err)
					}
					if _, err := p.Scan(ctx); err != nil { // without the lease too: racing scans
						t.Error(err)
					}
				})
			}
			wg.Wait()
			for prefix := range watch {
				n, err := s.OutboxCount(ctx, tn.ID, prefix)
				if err != nil {
					t.Fatal(err)
				}
				if n > 1 {
					t.Fatalf("%s queued %d times", prefix, n)
				}
				if _, seen := first[prefix]; n == 1 && !seen {
					first[prefix] = day
				}
			}
			clk.Advance(6 * time.Hour)
		}
		for prefix, want := range watch {
			if first[prefix] != want {
				t.Errorf("%s first queued on %q, want %q", prefix, first[prefix], want)
			}
		}
	})
}

// The job's lease: one owner at a time, and none again until Every has
// passed since the last run, whichever process asks (a restarted one too).
func TestReminderJobLease(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		now := time.Date(2028, 6, 1, 14, 0, 0, 0, time.UTC)
		lease := func(owner string, at time.Time) bool {
			t.Helper()
			ok, err := s.LeaseJob(ctx, "job", owner, at, at.Add(10*time.Minute), at.Add(-time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !lease("p1", now) || lease("p2", now) || !lease("p1", now) {
			t.Fatal("p1 should hold the new job alone")
		}
		if lease("p2", now.Add(9*time.Minute)) || !lease("p2", now.Add(11*time.Minute)) {
			t.Fatal("a lease that ran out goes to the next asker, not before")
		}
		if err := s.FinishJob(ctx, "job", "p2", now.Add(12*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if lease("restarted", now.Add(30*time.Minute)) || !lease("restarted", now.Add(73*time.Minute)) {
			t.Fatal("after a run, nobody runs the job again before an hour has passed")
		}
	})
}
