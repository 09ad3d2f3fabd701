package api_test

import (
	"context"
	"crypto/rand"
	"net/http"
	"strconv"
	"testing"

	"mais/internal/app/apptest"
	"mais/internal/sqlstore/storetest"
	"mais/internal/tenant"
)

// TestTwoServersShareLoginLimits runs two servers on one PostgreSQL schema
// and one Redis, as two processes behind a load balancer would: failed
// logins counted by either lock the account and the IP on both.
func TestTwoServersShareLoginLimits(t *testing.T) {
	env := apptest.Env{
		"DATABASE_URL":      storetest.PostgresURL(t),
		"REDIS_URL":         storetest.RedisURL(t),
		"MAIS_REDIS_PREFIX": "test-" + rand.Text()[:10] + ":",
	}
	one := apptest.New(t, "sqlite", env) // DATABASE_URL in env selects PostgreSQL
	two := apptest.New(t, "sqlite", env)
	ctx := context.Background()
	if _, err := one.Tenants.Create(ctx, tenant.CreateInput{Slug: "shared", Name: "Shared", Email: "owner@shared.example",
		Password: "correct-horse", CommissionPercent: 10}); err != nil {
		t.Fatal(err)
	}
	if _, err := two.Store.UserByEmail(ctx, "owner@shared.example"); err != nil {
		t.Fatalf("the second server does not see the first one's store: %v", err)
	}
	// Per account: failures alternate between the servers, from new
	// addresses each time, so only the shared account count can lock.
	for i := 1; i <= 5; i++ {
		h := one.Handler()
		if i%2 == 0 {
			h = two.Handler()
		}
		r := doFrom(h, "198.51.100."+strconv.Itoa(i)+":1", "POST", "/v1/admin/login", nil, `{"email":"owner@shared.example","password":"wrong-horse"}`)
		expect(t, "failure "+strconv.Itoa(i), r, 401, "INVALID_CREDENTIALS")
	}
	for name, h := range map[string]http.Handler{"one": one.Handler(), "two": two.Handler()} {
		r := doFrom(h, "198.51.100.99:1", "POST", "/v1/admin/login", nil, `{"email":"owner@shared.example","password":"correct-horse"}`)
		expect(t, "locked account on server "+name, r, 429, "TOO_MANY_REQUESTS")
		if r.header.Get("Retry-After") == "" {
			t.Errorf("server %s: no Retry-After", name)
		}
	}

	// Per IP: one address guesses different accounts on both servers.
	const peer = "203.0.113.77:1"
	for i := 1; i <= 5; i++ {
		h := one.Handler()
		if i%2 == 1 {
			h = two.Handler()
		}
		r := doFrom(h, peer, "POST", "/v1/admin/login", nil, `{"email":"guess`+strconv.Itoa(i)+`@shared.example","password":"x"}`)
		expect(t, "guess "+strconv.Itoa(i), r, 401, "INVALID_CREDENTIALS")
	}
	r := doFrom(one.Handler(), peer, "POST", "/v1/admin/login", nil, `{"email":"guess6@shared.example","password":"x"}`)
	expect(t, "sixth guess from the IP", r, 429, "TOO_MANY_REQUESTS")
}
