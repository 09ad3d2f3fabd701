package faults_test

import (
	"sync"
	"testing"

	"mais/internal/faults"
)

// An outage writes a few log lines, not one per failed request (issue 11,
// last bullet): repeated warnings and errors are collapsed with a count.
// Before: an ERROR and a WARN line per request (63 000 lines in 25 s).
func TestOutageLogsCollapse(t *testing.T) {
	requireServers(t)
	pg := faults.StartPostgres(t)
	f := start(t, map[string]string{"DATABASE_URL": pg.URL()})
	pg.Kill()
	const requests = 300
	var wg sync.WaitGroup
	sem := make(chan struct{}, 16)
	for i := range requests {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			switch i % 3 {
			case 0:
				f.checkout(i)
			case 1:
				f.do("GET", "/v1/admin/bookings", f.admin(), "")
			default:
				f.do("GET", "/t/fault-co/services/classic", nil, "")
			}
		}()
	}
	wg.Wait()
	lines := f.logs.count("WARN") + f.logs.count("ERROR")
	t.Logf("%d failed requests wrote %d warning and error lines", requests, lines)
	if lines > 20 {
		t.Errorf("%d warning and error lines for %d failed requests, want at most 20:\n%.3000s", lines, requests, f.logs)
	}
}
