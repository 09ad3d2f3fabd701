package faults_test

import (
	"testing"
	"time"

	"mais/internal/faults"
)

// Cached pages outlive a store outage (issue 11, third bullet): holds drop
// only availability, so booking traffic leaves the home page and the
// catalog cached, and tenant lookups past their TTL keep their last answer
// while the store is down. Before: every hold emptied the tenant's cache,
// and lookups reloaded after 30 s turned into 500s.
func TestCachedPagesSurviveOutage(t *testing.T) {
	requireServers(t)
	for _, shared := range []bool{false, true} {
		name := map[bool]string{false: "memory", true: "redis"}[shared]
		t.Run(name, func(t *testing.T) {
			pg := faults.StartPostgres(t)
			env := map[string]string{"DATABASE_URL": pg.URL()}
			if shared {
				env["REDIS_URL"] = faults.StartRedis(t).URL()
			}
			f := start(t, env)
			pages := map[string]func() reply{
				"home page":     func() reply { return f.do("GET", "/t/fault-co", nil, "") },
				"services page": func() reply { return f.do("GET", "/t/fault-co/services", nil, "") },
				"package list":  func() reply { return f.do("GET", "/v1/packages", f.public(), "") },
				"widget list":   func() reply { return f.do("GET", "/widget?tenant=fault-co", nil, "") },
			}
			for what, get := range pages {
				if r := get(); r.status != 200 {
					t.Fatalf("%s before the outage: %s", what, r)
				}
			}
			// Booking traffic: each hold changes the tenant's availability.
			for i := range 3 {
				if r := f.checkout(i); r.status != 200 {
					t.Fatalf("checkout %d: %s %s", i, r, r.body)
				}
			}

			pg.Kill()
			for what, get := range pages {
				if r := get(); r.status != 200 {
					t.Errorf("%s after holds, store down: %s; want the cached copy", what, r)
				}
			}
			// Past the 30 s of the tenant lookups (the app's clock drives them).
			f.clock.Advance(2 * time.Minute)
			for what, get := range pages {
				if r := get(); r.status != 200 {
					t.Errorf("%s with lookups expired, store down: %s; want the last good copy", what, r)
				}
			}
			// What the holds changed cannot be shown from a copy: 503, not 500.
			want503(t, "package page (availability changed)", f.do("GET", "/t/fault-co/services/classic", nil, ""), false)

			pg.Start()
			took, ok := eventually(30*time.Second, func() bool {
				return f.do("GET", "/t/fault-co/services/classic", nil, "").status == 200
			})
			if !ok {
				t.Fatal("the package page never came back")
			}
			t.Logf("recovered: package page rendered again %v after the restart", took.Round(time.Millisecond))
			if got := f.live(); got != 3 {
				t.Errorf("%d live bookings, want 3", got)
			}
		})
	}
}
