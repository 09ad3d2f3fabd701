package faults_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"mais/internal/faults"
)

// SIGTERM while requests wait on a stuck store (issue 11, seventh bullet):
// readiness answers 503 first, requests still running when the shutdown
// timeout ends are cut with a 503 (not "database is closed" 500s, not a
// reset), and the store closes last. Before: no draining answer, and the
// requests queued for a connection got 500 when the store closed under them.
func TestShutdownCutsRequestsCleanly(t *testing.T) {
	requireServers(t)
	pg := faults.StartPostgres(t)
	f := start(t, map[string]string{"DATABASE_URL": pg.URL(), "MAIS_DB_MAX_CONNS": "2"})
	f.a.DrainDelay = time.Second // ShutdownTimeout is 2 s in these tests
	if r := f.do("GET", "/v1/admin/bookings", f.admin(), ""); r.status != 200 {
		t.Fatalf("before: %s", r)
	}

	pg.Freeze()
	defer pg.Thaw()
	var wg sync.WaitGroup
	replies := make([]reply, 8)
	for i := range replies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			replies[i] = f.do("GET", "/v1/admin/bookings", f.admin(), "")
		}()
	}
	time.Sleep(300 * time.Millisecond) // all of them in flight, two on the frozen server

	began := time.Now()
	stopped := make(chan error, 1)
	go func() { stopped <- f.a.Shutdown(context.Background()) }() // what SIGTERM runs
	time.Sleep(200 * time.Millisecond)
	if status, body := f.readiness(); status != 503 || body["status"] != "draining" {
		t.Errorf("/health/ready after SIGTERM: %d %v; want 503 draining", status, body)
	}
	wg.Wait()
	select {
	case <-stopped:
	case <-time.After(15 * time.Second):
		t.Fatal("Shutdown did not return")
	}
	t.Logf("shutdown took %v (drain 1 s, timeout 2 s)", time.Since(began).Round(time.Millisecond))
	for i, r := range replies {
		want503(t, "request in flight at shutdown #"+string(rune('0'+i)), r, true)
	}
}
