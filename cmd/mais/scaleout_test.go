package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mais/internal/app/apptest"
	"mais/internal/catalog"
	"mais/internal/payment"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
	"mais/internal/testport"
)

// TestMain lets this test binary act as a `mais` process: the scale-out test
// starts copies of itself with MAIS_TEST_CHILD=1, which share nothing but
// PostgreSQL and Redis.
func TestMain(m *testing.M) {
	if os.Getenv("MAIS_TEST_CHILD") == "1" {
		os.Exit(run(context.Background(), strings.Fields(os.Getenv("MAIS_TEST_ARGS")), os.Getenv, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

type proc struct {
	url string
	cmd *exec.Cmd
}

// freePort is a port for a `mais serve` child (see testport).
func freePort(t *testing.T) int {
	t.Helper()
	return testport.Free(t)
}

// startProcs runs n `mais serve` processes on one PostgreSQL schema and one Redis.
func startProcs(t *testing.T, n int, env []string) []proc {
	t.Helper()
	var procs []proc
	for i := 0; i < n; i++ {
		port := freePort(t)
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), env...)
		cmd.Env = append(cmd.Env, "MAIS_TEST_CHILD=1", "MAIS_TEST_ARGS=serve", fmt.Sprintf("PORT=%d", port),
			"MAIS_DATA_DIR="+t.TempDir())
		stderr, _ := cmd.StderrPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go io.Copy(io.Discard, bufio.NewReader(stderr))
		p := proc{url: fmt.Sprintf("http://127.0.0.1:%d", port), cmd: cmd}
		t.Cleanup(func() {
			cmd.Process.Signal(os.Interrupt)
			done := make(chan struct{})
			go func() { cmd.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
			}
		})
		deadline := time.Now().Add(20 * time.Second)
		for {
			resp, err := http.Get(p.url + "/health/ready")
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == 200 {
					break
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("process %d did not become ready", i)
			}
			time.Sleep(100 * time.Millisecond)
		}
		procs = append(procs, p)
	}
	return procs
}

func post(t *testing.T, url string, header map[string]string, body string) (int, []byte) {
	t.Helper()
	r := apptest.Fetch(t, "POST", url, header, body)
	return r.Status, r.Body
}

func TestScaleOutOnePostgresManyProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts several server processes")
	}
	dbURL := storetest.PostgresURL(t)
	redisURL := storetest.RedisURL(t)
	prefix := make([]byte, 4)
	rand.Read(prefix)
	env := []string{"DATABASE_URL=" + dbURL, "REDIS_URL=" + redisURL, "MAIS_REDIS_PREFIX=mais-test-" + hex.EncodeToString(prefix) + ":",
		"STRIPE_WEBHOOK_SECRET=whsec_scale", "ADAPTERS_PRESET=mock", "MAIS_DEMO=false",
		"JWT_SECRET=" + strings.Repeat("s", 40), "TENANT_SECRETS_ENCRYPTION_KEY=" + strings.Repeat("ab", 32)}

	// The tenant is created with the CLI while no server runs, through the same migrations.
	var out strings.Builder
	getenv := func(k string) string {
		for _, kv := range env {
			if strings.HasPrefix(kv, k+"=") {
				return strings.TrimPrefix(kv, k+"=")
			}
		}
		return ""
	}
	if code := run(context.Background(), strings.Fields("tenant create --slug scale --name Scale --email owner@scale.example --password scale-password --json"),
		getenv, &out, io.Discard); code != 0 {
		t.Fatalf("tenant create exited %d", code)
	}
	var created struct{ ID, APIKeyPublic string }
	json.Unmarshal([]byte(out.String()), &created)
	st, err := sqlstore.Open(context.Background(), dbURL, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := seedPackage(st, created.ID); err != nil {
		t.Fatal(err)
	}

	procs := startProcs(t, 3, env)
	key := map[string]string{"X-Tenant-Key": created.APIKeyPublic}

	t.Run("RacingCheckoutsAcrossProcesses", func(t *testing.T) {
		// The servers are separate processes on the real clock, so the dates
		// are weeks after the real today, whatever that is (a fixed date
		// would one day be in the past).
		var dates []string
		for _, days := range []int{60, 67, 74} {
			dates = append(dates, time.Now().UTC().AddDate(0, 0, days).Format(time.DateOnly))
		}
		const perDate = 60
		var won sync.Map
		var wins, refused atomic.Int64
		var wg sync.WaitGroup
		for i := 0; i < perDate*len(dates); i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				date := dates[i%len(dates)]
				p := procs[i%len(procs)]
				code, body := post(t, p.url+"/v1/bookings/checkout", key,
					fmt.Sprintf(`{"packageId":"classic","date":%q,"customer":{"name":"R %d","email":"r%d@example.com"}}`, date, i, i))
				switch code {
				case 200:
					wins.Add(1)
					var v struct{ SessionID string }
					json.Unmarshal(body, &v)
					won.Store(date, v.SessionID)
				case 409:
					refused.Add(1)
				default:
					t.Errorf("checkout: %d %s", code, body)
				}
			}(i)
		}
		wg.Wait()
		if wins.Load() != int64(len(dates)) || refused.Load() != int64(perDate*len(dates)-len(dates)) {
			t.Fatalf("wins %d, refused %d; want %d and %d", wins.Load(), refused.Load(), len(dates), perDate*len(dates)-len(dates))
		}
		// Every process gets the same event for every session at once.
		var booked atomic.Int64
		won.Range(func(_, v any) bool {
			session := v.(string)
			payload := payment.MarshalEvent(payment.Event{ID: "evt_scale_" + session, Type: payment.EventCheckoutCompleted,
				Session: payment.SessionObject{ID: session, PaymentStatus: "paid", Status: "complete"}}, time.Now())
			for r := 0; r < 4; r++ {
				for _, p := range procs {
					wg.Add(1)
					go func(url string) {
						defer wg.Done()
						code, body := post(t, url+"/v1/webhooks/stripe", map[string]string{"Stripe-Signature": payment.SignWebhook(payload, "whsec_scale", time.Now())}, string(payload))
						if code != 200 {
							t.Errorf("webhook: %d %s", code, body)
						}
						if strings.Contains(string(body), `"booked"`) {
							booked.Add(1)
						}
					}(p.url)
				}
			}
			return true
		})
		wg.Wait()
		if booked.Load() != int64(len(dates)) {
			t.Errorf("deliveries that booked = %d, want %d (one per session)", booked.Load(), len(dates))
		}
		if n, err := st.CountDoubleBookings(context.Background()); err != nil || n != 0 {
			t.Errorf("double bookings: %d %v", n, err)
		}
		for _, session := range sessionsOf(&won) {
			b, err := st.BookingBySession(context.Background(), session)
			if err != nil || b.Status != "PAID" {
				t.Errorf("session %s: %v %v", session, b.Status, err)
			}
			if n, _ := st.OutboxCount(context.Background(), created.ID, "booking:"+b.ID+":customer-confirmation"); n != 1 {
				t.Errorf("confirmations for %s = %d, want 1", b.ID, n)
			}
		}
	})

	t.Run("CacheInvalidationReachesEveryProcess", func(t *testing.T) {
		code, body := post(t, procs[0].url+"/v1/admin/login", nil, `{"email":"owner@scale.example","password":"scale-password"}`)
		if code != 200 {
			t.Fatalf("login: %d %s", code, body)
		}
		var login struct{ Token string }
		json.Unmarshal(body, &login)
		// Every process caches the package list.
		for _, p := range procs {
			if b := get(t, p.url+"/v1/packages", key); !strings.Contains(b, `"name":"Classic"`) {
				t.Fatalf("warm-up at %s: %s", p.url, b)
			}
		}
		pkgs := get(t, procs[0].url+"/v1/packages", key)
		var list []struct{ ID string }
		json.Unmarshal([]byte(pkgs), &list)
		apptest.Expect(t, "patch", apptest.Fetch(t, "PATCH", procs[0].url+"/v1/admin/packages/"+list[0].ID,
			apptest.Bearer(login.Token), `{"name":"Classic Renamed"}`), 200, "")
		changed := time.Now()
		for _, p := range procs[1:] {
			for {
				if strings.Contains(get(t, p.url+"/v1/packages", key), "Classic Renamed") {
					break
				}
				if time.Since(changed) > time.Second {
					t.Fatalf("%s still serves the old name %v after the change", p.url, time.Since(changed))
				}
				time.Sleep(10 * time.Millisecond)
			}
		}
		t.Logf("the rename reached every process within %v", time.Since(changed))
	})

	t.Run("FailedLoginsAreCountedAcrossProcesses", func(t *testing.T) {
		for i := 0; i < 5; i++ {
			p := procs[i%len(procs)]
			if code, body := post(t, p.url+"/v1/admin/login", nil, `{"email":"owner@scale.example","password":"wrong-password"}`); code != 401 {
				t.Fatalf("failure %d at %s: %d %s", i, p.url, code, body)
			}
		}
		code, body := post(t, procs[2].url+"/v1/admin/login", nil, `{"email":"owner@scale.example","password":"wrong-password"}`)
		if code != 429 {
			t.Fatalf("sixth failure on a third process: %d %s, want 429", code, body)
		}
	})
}

func get(t *testing.T, url string, header map[string]string) string {
	t.Helper()
	return string(apptest.Fetch(t, "GET", url, header, "").Body)
}

func seedPackage(st *sqlstore.Store, tenantID string) error {
	_, err := st.CreatePackage(context.Background(), catalog.Package{TenantID: tenantID, Slug: "classic", Name: "Classic",
		BasePriceCents: 300000, Active: true})
	return err
}

func sessionsOf(m *sync.Map) []string {
	var out []string
	m.Range(func(_, v any) bool { out = append(out, v.(string)); return true })
	return out
}
