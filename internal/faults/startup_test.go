package faults_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"mais/internal/app"
	"mais/internal/faults"
)

// readiness reads GET /health/ready.
func (f *fixture) readiness() (int, map[string]string) {
	r := f.do("GET", "/health/ready", nil, "")
	var body map[string]any
	json.Unmarshal(r.body, &body)
	out := map[string]string{}
	for k, v := range body {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return r.status, out
}

// A deploy or restart during a Redis outage must not take the site down
// (issue 11, fourth bullet): the process starts degraded, says so on
// /health/ready (200, "redis":"degraded"), books, and shares its cache
// again once Redis is back. Before: New failed with "redis unreachable".
func TestStartsWhileRedisDown(t *testing.T) {
	requireServers(t)
	redis := faults.StartRedis(t)
	redis.Kill()
	f := start(t, map[string]string{"REDIS_URL": redis.URL()})
	if status, body := f.readiness(); status != 200 || body["redis"] != "degraded" || body["status"] != "degraded" {
		t.Errorf("/health/ready with Redis down: %d %v; want 200, redis degraded", status, body)
	}
	if r := f.checkout(1); r.status != 200 {
		t.Errorf("checkout with Redis down: %s %s", r, r.body)
	}
	redis.Start()
	took, ok := eventually(15*time.Second, func() bool {
		status, body := f.readiness()
		return status == 200 && body["redis"] == "ok" && body["status"] == "ready"
	})
	if !ok {
		t.Fatal("readiness never saw Redis come back")
	}
	t.Logf("recovered: redis ok on /health/ready %v after it restarted", took.Round(time.Millisecond))
}

// A process started while PostgreSQL is down waits for it (bounded, with a
// log line per attempt) instead of exiting (issue 11, fourth bullet).
// Before: New failed at once with "connect to postgres".
func TestStartsWhilePostgresDown(t *testing.T) {
	requireServers(t)
	pg := faults.StartPostgres(t)
	pg.Stop()
	type result struct {
		a    *app.App
		logs *logBuffer
		err  error
	}
	done := make(chan result, 1)
	began := time.Now()
	go func() {
		a, _, logs, err := newApp(t, map[string]string{"DATABASE_URL": pg.URL()})
		done <- result{a, logs, err}
	}()
	time.Sleep(2 * time.Second)
	pg.Start()
	res := <-done
	if res.err != nil {
		t.Fatalf("New while PostgreSQL was down for 2 s: %v", res.err)
	}
	t.Logf("started %v after launch (PostgreSQL came back after 2 s)", time.Since(began).Round(time.Millisecond))
	if !strings.Contains(res.logs.String(), "postgres does not answer yet") {
		t.Errorf("no log line said the process was waiting:\n%s", res.logs)
	}
	if err := res.a.Store.CheckWrite(context.Background()); err != nil {
		t.Errorf("store after a delayed start: %v", err)
	}

	// The wait is bounded.
	pg.Stop()
	began = time.Now()
	_, _, _, err := newApp(t, map[string]string{"DATABASE_URL": pg.URL()}, app.WithStoreStartWait(time.Second))
	if err == nil || time.Since(began) > 10*time.Second {
		t.Errorf("New with PostgreSQL down and a 1 s wait: err %v after %v; want an error soon after 1 s", err, time.Since(began))
	}
}
