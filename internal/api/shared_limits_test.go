package api_test

import (
	"context"
	"crypto/rand"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"mais/internal/app/apptest"
	"mais/internal/identity"
	"mais/internal/sqlstore/storetest"
)

// TestTwoServersShareLoginLimits runs two servers on one PostgreSQL schema
// and one Redis, as two processes behind a load balancer would: failed
// logins counted by either limit the address on both, concurrent guesses
// split between them get five password checks in all, guessing spread over
// many addresses never locks the owner out, and a logout on one ends the
// session on the other.
func TestTwoServersShareLoginLimits(t *testing.T) {
	t.Parallel()
	env := apptest.Env{
		"DATABASE_URL":      storetest.PostgresURL(t),
		"REDIS_URL":         storetest.RedisURL(t),
		"MAIS_REDIS_PREFIX": "test-" + rand.Text()[:10] + ":",
		"JWT_SECRET":        "one-secret-for-both-servers-0123456789",
	}
	one := apptest.New(t, "sqlite", env) // DATABASE_URL in env selects PostgreSQL
	two := apptest.New(t, "sqlite", env)
	ctx := context.Background()
	apptest.NewTenant(t, one, "shared")
	if _, err := two.Store.UserByEmail(ctx, "owner@shared.example"); err != nil {
		t.Fatalf("the second server does not see the first one's store: %v", err)
	}
	server := func(i int) http.Handler {
		if i%2 == 0 {
			return two.Handler()
		}
		return one.Handler()
	}
	const owner = `{"email":"owner@shared.example","password":"correct-horse"}`
	const guess = `{"email":"owner@shared.example","password":"wrong-horse"}`

	// Guessing from many addresses, alternating servers, past the account
	// alarm: an address that guessed gets no second guess on either server,
	// the owner on an address of their own logs in on both.
	for i := 1; i <= identity.AccountAlarm; i++ {
		r := doFrom(t, server(i), "198.51.100."+strconv.Itoa(i)+":1", "POST", "/v1/admin/login", nil, guess)
		apptest.Expect(t, "guess "+strconv.Itoa(i), r, 401, "INVALID_CREDENTIALS")
	}
	for name, h := range map[string]http.Handler{"one": one.Handler(), "two": two.Handler()} {
		r := doFrom(t, h, "198.51.100.1:1", "POST", "/v1/admin/login", nil, guess)
		apptest.Expect(t, "second guess of an address on server "+name, r, 429, "TOO_MANY_REQUESTS")
		if r.Header.Get("Retry-After") == "" {
			t.Errorf("server %s: no Retry-After", name)
		}
		apptest.Expect(t, "owner on server "+name, doFrom(t, h, "192.0.2.99:1", "POST", "/v1/admin/login", nil, owner), 200, "")
	}

	// Per IP: one address guesses different accounts on both servers.
	const peer = "203.0.113.77:1"
	for i := 1; i <= 5; i++ {
		r := doFrom(t, server(i), peer, "POST", "/v1/admin/login", nil, `{"email":"guess`+strconv.Itoa(i)+`@shared.example","password":"x"}`)
		apptest.Expect(t, "guess "+strconv.Itoa(i), r, 401, "INVALID_CREDENTIALS")
	}
	r := doFrom(t, one.Handler(), peer, "POST", "/v1/admin/login", nil, `{"email":"guess6@shared.example","password":"x"}`)
	apptest.Expect(t, "sixth guess from the IP", r, 429, "TOO_MANY_REQUESTS")

	// Twenty concurrent wrong logins from one address, split between the
	// servers: five are checked, fifteen refused before any bcrypt. (Another
	// account: the owner's is under the alarm, one guess per address.)
	const other = `{"email":"someone@shared.example","password":"wrong-horse"}`
	var wg sync.WaitGroup
	var checked, refused atomic.Int32
	start := make(chan struct{})
	for i := range 20 {
		wg.Go(func() {
			<-start
			r := doFrom(t, server(i), "203.0.113.88:1", "POST", "/v1/admin/login", nil, other)
			switch r.Status {
			case 401:
				checked.Add(1)
			case 429:
				refused.Add(1)
			default:
				t.Errorf("parallel guess: %d %s", r.Status, r.Body)
			}
		})
	}
	close(start)
	wg.Wait()
	if checked.Load() != identity.MaxFailedLogins || refused.Load() != 20-identity.MaxFailedLogins {
		t.Errorf("20 parallel guesses on two servers: %d checked, %d refused; want %d and %d",
			checked.Load(), refused.Load(), identity.MaxFailedLogins, 20-identity.MaxFailedLogins)
	}

	// A logout on one server ends the session on the other.
	var s struct{ Token string }
	r = doFrom(t, one.Handler(), "192.0.2.98:1", "POST", "/v1/admin/login", nil, owner)
	apptest.Expect(t, "login", r, 200, "")
	r.JSON(t, &s)
	bearer := map[string]string{"Authorization": "Bearer " + s.Token}
	apptest.Expect(t, "me on two", apptest.Do(t, two.Handler(), "GET", "/v1/admin/me", bearer, ""), 200, "")
	apptest.Expect(t, "logout on one", apptest.Do(t, one.Handler(), "POST", "/v1/admin/logout", bearer, ""), 204, "")
	apptest.Expect(t, "me on two after logout", apptest.Do(t, two.Handler(), "GET", "/v1/admin/me", bearer, ""), 401, "UNAUTHORIZED")
}
