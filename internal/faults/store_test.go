package faults_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"mais/internal/faults"
)

// Store down → 503 UNAVAILABLE with Retry-After on every kind of route:
// checkout, public reads, the admin API and storefront pages (issue 11,
// first bullet). Before: 500 everywhere but the webhook.
func TestStoreDownAnswers503Everywhere(t *testing.T) {
	requireServers(t)
	pg := faults.StartPostgres(t)
	f := start(t, map[string]string{"DATABASE_URL": pg.URL()})
	if r := f.checkout(1); r.status != 200 {
		t.Fatalf("checkout before the outage: %s %s", r, r.body)
	}

	pg.Kill()
	want503(t, "checkout", f.checkout(2), true)
	want503(t, "availability", f.do("GET", "/v1/availability?date="+f.date(3), f.public(), ""), true)
	want503(t, "admin bookings", f.do("GET", "/v1/admin/bookings", f.admin(), ""), true)
	want503(t, "storefront package page", f.do("GET", "/t/fault-co/services/classic", nil, ""), false)
	want503(t, "widget", f.do("GET", "/widget?key="+f.key, nil, ""), false)
	if r := f.do("GET", "/health/ready", nil, ""); r.status != 503 {
		t.Errorf("/health/ready with the store down: %s", r)
	}

	pg.Start()
	var last reply
	took, ok := eventually(30*time.Second, func() bool { last = f.checkout(4); return last.status == 200 })
	if !ok {
		t.Fatalf("no checkout succeeded after the store came back: %s %s", last, last.body)
	}
	t.Logf("recovered: first checkout after restart in %v", took.Round(time.Millisecond))
	if got := f.live(); got != 2 {
		t.Errorf("%d live bookings, want the 2 that were answered 200", got)
	}
	f.noDoubleBookings()
}

// A frozen PostgreSQL (SIGSTOP: connections accepted, nothing answered)
// costs a request a few seconds and a 503, not a hang, and nothing commits
// behind the client's back (issue 11, second bullet). Before: no answer for
// as long as the freeze lasted.
func TestFrozenPostgresAnswersWithinSeconds(t *testing.T) {
	requireServers(t)
	pg := faults.StartPostgres(t)
	f := start(t, map[string]string{"DATABASE_URL": pg.URL()})
	if r := f.checkout(0); r.status != 200 {
		t.Fatalf("checkout before the freeze: %s", r)
	}

	pg.Freeze()
	thawed := false
	defer func() {
		if !thawed {
			pg.Thaw()
		}
	}()
	var mu sync.Mutex
	var replies []reply
	held := 0
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var r reply
			switch i % 3 {
			case 0:
				r = f.checkout(10 + i)
			case 1:
				r = f.do("GET", "/v1/availability?date="+f.date(30+i), f.public(), "")
			default:
				r = f.do("GET", "/v1/admin/bookings", f.admin(), "")
			}
			mu.Lock()
			replies = append(replies, r)
			if i%3 == 0 && r.status == 200 {
				held++
			}
			mu.Unlock()
		}()
	}
	// Thaw only after the clients had every chance to hang: long past any
	// store deadline, well before the HTTP server's 60 s write timeout.
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(25 * time.Second):
	}
	pg.Thaw()
	thawed = true
	<-done
	for _, r := range replies {
		t.Logf("during the freeze: %s", r)
		if r.status != http.StatusServiceUnavailable || r.took > 15*time.Second {
			t.Errorf("during the freeze: %s; want 503 within 15 s", r)
		}
	}
	// Every checkout answered 503 must have left nothing behind.
	if got := f.live(); got != 1+held {
		t.Errorf("%d live bookings after the freeze, want %d (checkouts answered 200: %d)", got, 1+held, held)
	}
	f.noDoubleBookings()
}
