package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"mais/internal/payment"
	"mais/internal/sqlstore"
)

type options struct {
	store, databaseURL, redisURL, out, pprof string
	conns                                    int
	duration                                 time.Duration
	rounds                                   int
	raceAttempts, raceDates                  int
	scenarios                                string
}

// request is one HTTP request of a scenario; i numbers it within the run.
type request func(i int64) (method, path string, header map[string]string, body string)

// side is the result of one scenario against one server.
type side struct {
	Requests int64         `json:"requests"`
	Errors   int64         `json:"errors"`
	Statuses map[int]int64 `json:"statuses"`
	RPS      float64       `json:"rps"`
	P50ms    float64       `json:"p50Ms"`
	P99ms    float64       `json:"p99Ms"`
	MaxRSSMB float64       `json:"maxRssMb,omitempty"`
}

type scenarioResult struct {
	Name  string  `json:"name"`
	MAIS  side    `json:"mais"`
	Bare  side    `json:"bare"`
	Ratio float64 `json:"ratio"` // MAIS rps / bare rps
	// Unlike lists the statuses one side answered and the other never
	// did: the twin then did other work (a 404 page for a 200 one), and
	// the ratio means nothing.
	Unlike []int `json:"unlike,omitempty"`
}

// unlike returns the statuses answered by one side only, in order.
func unlike(a, b map[int]int64) []int {
	var out []int
	for code := range a {
		if _, ok := b[code]; !ok {
			out = append(out, code)
		}
	}
	for code := range b {
		if _, ok := a[code]; !ok {
			out = append(out, code)
		}
	}
	slices.Sort(out)
	return out
}

type raceResult struct {
	Attempts        int     `json:"attempts"`
	Dates           int     `json:"dates"`
	CheckoutsWon    int     `json:"checkoutsWon"`
	Refused409      int     `json:"refused409"`
	OtherErrors     int     `json:"otherErrors"`
	Booked          int     `json:"booked"`
	DoubleBookings  int     `json:"doubleBookingsInStore"`
	DurationSeconds float64 `json:"durationSeconds"`
}

type result struct {
	Store       string           `json:"store"`
	Connections int              `json:"connections"`
	Duration    string           `json:"durationPerSide"`
	Rounds      int              `json:"rounds"`
	GoMaxProcs  int              `json:"cpus"`
	At          time.Time        `json:"at"`
	Scenarios   []scenarioResult `json:"scenarios"`
	Race        *raceResult      `json:"race,omitempty"`
	PeakRSSMB   float64          `json:"peakRssMb"`
}

func runParent(args []string) error {
	var o options
	fs := flag.NewFlagSet("maisload", flag.ContinueOnError)
	fs.StringVar(&o.store, "store", "sqlite", "sqlite or postgres")
	fs.StringVar(&o.databaseURL, "database-url", "postgres://postgres@127.0.0.1:5432/test?sslmode=disable", "PostgreSQL URL for -store postgres")
	fs.StringVar(&o.redisURL, "redis-url", "", "Redis URL for the server (optional)")
	fs.IntVar(&o.conns, "c", 100, "concurrent connections")
	fs.DurationVar(&o.duration, "d", 5*time.Second, "duration of each scenario on each side")
	fs.IntVar(&o.rounds, "rounds", 5, "slices each side's time is cut into, MAIS and the twin taking turns (so drift in the machine's speed falls on both)")
	fs.IntVar(&o.raceAttempts, "race", 10000, "racing checkout attempts in the double-booking check (0 = skip)")
	fs.IntVar(&o.raceDates, "race-dates", 100, "dates those attempts race for")
	fs.StringVar(&o.scenarios, "only", "", "comma list of scenarios to run (default all)")
	fs.StringVar(&o.pprof, "pprof", "", "let the server child serve net/http/pprof on this address")
	fs.StringVar(&o.out, "out", "", "result file (default bench/results/<store>-<time>.json)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.store != "sqlite" && o.store != "postgres" {
		return fmt.Errorf("-store must be sqlite or postgres")
	}

	childArgs := []string{"child", "-redis-url", o.redisURL, "-pprof", o.pprof}
	var dataDir string
	if o.store == "postgres" {
		// A schema of its own per run, dropped afterwards: runs do not see
		// each other's rows, and the database is left as it was found.
		url, drop, err := freshSchema(o.databaseURL)
		if err != nil {
			return err
		}
		defer drop()
		o.databaseURL = url
		childArgs = append(childArgs, "-database-url", o.databaseURL)
	} else {
		var err error
		dataDir, err = os.MkdirTemp("", "maisload-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dataDir)
		childArgs = append(childArgs, "-data-dir", dataDir)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	child := exec.CommandContext(ctx, self, childArgs...)
	child.Stderr = os.Stderr
	stdout, err := child.StdoutPipe()
	if err != nil {
		return err
	}
	if err := child.Start(); err != nil {
		return err
	}
	defer func() {
		child.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { child.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			child.Process.Kill()
		}
	}()
	line, err := bufio.NewReader(stdout).ReadBytes('\n')
	if err != nil {
		return fmt.Errorf("child did not start: %w", err)
	}
	var info seedInfo
	if err := json.Unmarshal(line, &info); err != nil {
		return fmt.Errorf("child said %q: %w", line, err)
	}
	fmt.Printf("MAIS at %s, bare net/http at %s, store %s, %d connections, %s per side\n\n",
		info.AppURL, info.BareURL, o.store, o.conns, o.duration)

	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		MaxIdleConns: o.conns * 2, MaxIdleConnsPerHost: o.conns * 2, IdleConnTimeout: time.Minute}}
	res := result{Store: o.store, Connections: o.conns, Duration: o.duration.String(), Rounds: max(o.rounds, 1), GoMaxProcs: runtime.NumCPU(), At: time.Now().UTC()}

	keyOf := func(i int64) string { return info.Keys[int(i)%len(info.Keys)] }
	future := time.Now().AddDate(0, 1, 0)
	// Checkout dates: request i books tenant i%T on day i/T, so every request
	// asks for a free date and measures the work of a successful checkout.
	checkoutDate := func(i int64) string {
		return future.AddDate(0, 0, int(i)/len(info.Keys)).Format("2006-01-02")
	}
	var sessionsMu sync.Mutex
	var sessions []string

	scenarios := []struct {
		name string
		req  request
		// onBody sees MAIS's answers (collects session ids).
		onBody func(status int, body []byte)
		// then, if set, is a second request made from the first answer; the
		// iteration (both requests) is what is timed and counted.
		then followUp
	}{
		// health: the web edge alone (no tenant, no store), against the bare twin.
		{"health", func(i int64) (string, string, map[string]string, string) {
			return "GET", "/health", nil, ""
		}, nil, nil},
		{"packages", func(i int64) (string, string, map[string]string, string) {
			return "GET", "/v1/packages", map[string]string{"X-Tenant-Key": keyOf(i)}, ""
		}, nil, nil},
		{"package", func(i int64) (string, string, map[string]string, string) {
			return "GET", "/v1/packages/" + info.Package, map[string]string{"X-Tenant-Key": keyOf(i)}, ""
		}, nil, nil},
		{"availability", func(i int64) (string, string, map[string]string, string) {
			return "GET", "/v1/availability?date=" + future.AddDate(0, 0, int(i%300)).Format("2006-01-02"), map[string]string{"X-Tenant-Key": keyOf(i)}, ""
		}, nil, nil},
		{"storefront-home", func(i int64) (string, string, map[string]string, string) {
			return "GET", "/t/" + info.Slugs[int(i)%len(info.Slugs)], nil, ""
		}, nil, nil},
		// Every checkout (here, in "book" and in the race) uses an e-mail of
		// its own: MAIS_RATE_LIMITS=off lifts the per-address hold cap, never
		// the cap of 3 live unpaid holds per customer e-mail.
		{"checkout", func(i int64) (string, string, map[string]string, string) {
			body := fmt.Sprintf(`{"packageId":%q,"date":%q,"addOnIds":["extra-0"],"customer":{"name":"Load Couple %d","email":"couple%d@load.example"}}`,
				info.Package, checkoutDate(i), i, i)
			return "POST", "/v1/bookings/checkout", map[string]string{"X-Tenant-Key": keyOf(i), "Content-Type": "application/json"}, body
		}, func(status int, body []byte) {
			if status != 200 {
				return
			}
			var r struct{ SessionID string }
			if json.Unmarshal(body, &r) == nil && r.SessionID != "" {
				sessionsMu.Lock()
				sessions = append(sessions, r.SessionID)
				sessionsMu.Unlock()
			}
		}, nil},
		{"webhook-completion", func(i int64) (string, string, map[string]string, string) {
			sessionsMu.Lock()
			var id string
			if len(sessions) > 0 {
				id = sessions[int(i)%len(sessions)]
			}
			sessionsMu.Unlock()
			payload := payment.MarshalEvent(payment.Event{ID: "evt_load_" + info.Slugs[0] + "_" + strconv.FormatInt(i, 10), Type: payment.EventCheckoutCompleted,
				Session: payment.SessionObject{ID: id, PaymentStatus: "paid", Status: "complete"}}, time.Now())
			return "POST", "/v1/webhooks/stripe", map[string]string{"Stripe-Signature": payment.SignWebhook(payload, info.Secret, time.Now()),
				"Content-Type": "application/json"}, string(payload)
		}, nil, nil},
		// book: a checkout and its payment webhook, one completed booking per
		// iteration, on dates of their own (from 18 months out).
		{"book", func(i int64) (string, string, map[string]string, string) {
			date := future.AddDate(0, 17, int(i)/len(info.Keys)).Format("2006-01-02")
			body := fmt.Sprintf(`{"packageId":%q,"date":%q,"customer":{"name":"Booked Couple %d","email":"booked%d@load.example"}}`,
				info.Package, date, i, i)
			return "POST", "/v1/bookings/checkout", map[string]string{"X-Tenant-Key": keyOf(i), "Content-Type": "application/json"}, body
		}, nil, func(i int64, status int, body []byte) (string, string, map[string]string, string, bool) {
			var r struct{ SessionID string }
			if status != 200 || json.Unmarshal(body, &r) != nil {
				return "", "", nil, "", false
			}
			payload := payment.MarshalEvent(payment.Event{ID: "evt_book_" + r.SessionID, Type: payment.EventCheckoutCompleted,
				Session: payment.SessionObject{ID: r.SessionID, PaymentStatus: "paid", Status: "complete"}}, time.Now())
			return "POST", "/v1/webhooks/stripe", map[string]string{"Stripe-Signature": payment.SignWebhook(payload, info.Secret, time.Now()),
				"Content-Type": "application/json"}, string(payload), true
		}},
	}
	only := map[string]bool{}
	for _, s := range strings.Split(o.scenarios, ",") {
		if s != "" {
			only[s] = true
		}
	}
	for _, sc := range scenarios {
		if len(only) > 0 && !only[sc.name] {
			continue
		}
		if sc.name == "webhook-completion" && len(sessions) == 0 {
			fmt.Println("webhook-completion: skipped (no checkout sessions to complete)")
			continue
		}
		sr := scenarioResult{Name: sc.name}
		sr.MAIS, sr.Bare = compare(info, o, sc.req, sc.onBody, sc.then)
		if sr.Bare.RPS > 0 {
			sr.Ratio = sr.MAIS.RPS / sr.Bare.RPS
		}
		sr.Unlike = unlike(sr.MAIS.Statuses, sr.Bare.Statuses)
		res.Scenarios = append(res.Scenarios, sr)
		fmt.Printf("%-20s MAIS %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d %v | bare %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms | ratio %.2f | RSS %.0f MB\n",
			sc.name, sr.MAIS.RPS, sr.MAIS.P50ms, sr.MAIS.P99ms, sr.MAIS.Errors, sr.MAIS.Statuses, sr.Bare.RPS, sr.Bare.P50ms, sr.Bare.P99ms, sr.Ratio, sr.MAIS.MaxRSSMB)
	}

	if o.raceAttempts > 0 && (len(only) == 0 || only["race"]) {
		rr, err := race(client, info, o, dataDir)
		if err != nil {
			return err
		}
		res.Race = rr
		fmt.Printf("\nrace: %d attempts on %d dates in %.1fs → %d checkouts won, %d refused (409), %d other errors; %d booked; double bookings in the store: %d\n",
			rr.Attempts, rr.Dates, rr.DurationSeconds, rr.CheckoutsWon, rr.Refused409, rr.OtherErrors, rr.Booked, rr.DoubleBookings)
	}
	res.PeakRSSMB = peakRSS(info.PID)
	fmt.Printf("\npeak RSS of the MAIS process: %.1f MB\n", res.PeakRSSMB)

	out := o.out
	if out == "" {
		out = filepath.Join("bench", "results", fmt.Sprintf("%s-%s.json", o.store, time.Now().UTC().Format("20060102-150405")))
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	b, _ := json.MarshalIndent(res, "", "  ")
	if err := os.WriteFile(out, b, 0o644); err != nil {
		return err
	}
	fmt.Println("results written to", out)
	if res.Race != nil && res.Race.DoubleBookings > 0 {
		return fmt.Errorf("DOUBLE BOOKINGS FOUND: %d", res.Race.DoubleBookings)
	}
	for _, sr := range res.Scenarios {
		if len(sr.Unlike) > 0 {
			return fmt.Errorf("%s: MAIS answered %v, the bare twin %v: the two did different work, so the ratio means nothing",
				sr.Name, sr.MAIS.Statuses, sr.Bare.Statuses)
		}
	}
	return nil
}

// compare loads MAIS and its bare twin in turns: o.rounds slices of
// o.duration/o.rounds each, the side going first alternating, so a machine
// that speeds up or slows down during the scenario slows both sides alike.
// Each side numbers its requests on across its slices (a checkout's date
// comes from its number, and must never repeat).
func compare(info seedInfo, o options, req request, onBody func(int, []byte), then followUp) (mais, bare side) {
	rounds := max(o.rounds, 1)
	slice := o.duration / time.Duration(rounds)
	var mr, br loadRun
	var mn, bn atomic.Int64
	for r := range rounds {
		if r%2 == 0 {
			mr.add(load(info.AppURL, o.conns, slice, &mn, req, onBody, then, info.PID))
			br.add(load(info.BareURL, o.conns, slice, &bn, req, nil, then, 0))
		} else {
			br.add(load(info.BareURL, o.conns, slice, &bn, req, nil, then, 0))
			mr.add(load(info.AppURL, o.conns, slice, &mn, req, onBody, then, info.PID))
		}
	}
	return mr.side(), br.side()
}

// loadRun is what one or more slices of load measured.
type loadRun struct {
	lat      []time.Duration
	errs     int64
	statuses map[int]int64
	elapsed  time.Duration
	maxRSSKB int64
}

func (a *loadRun) add(b loadRun) {
	a.lat = append(a.lat, b.lat...)
	a.errs += b.errs
	if a.statuses == nil {
		a.statuses = map[int]int64{}
	}
	for code, n := range b.statuses {
		a.statuses[code] += n
	}
	a.elapsed += b.elapsed
	a.maxRSSKB = max(a.maxRSSKB, b.maxRSSKB)
}

func (a loadRun) side() side {
	slices.Sort(a.lat)
	s := side{Requests: int64(len(a.lat)), Errors: a.errs, Statuses: a.statuses, MaxRSSMB: float64(a.maxRSSKB) / 1024}
	if a.elapsed > 0 {
		s.RPS = float64(len(a.lat)) / a.elapsed.Seconds()
	}
	if len(a.lat) > 0 {
		s.P50ms = float64(a.lat[len(a.lat)/2].Microseconds()) / 1000
		s.P99ms = float64(a.lat[len(a.lat)*99/100].Microseconds()) / 1000
	}
	return s
}

// load runs req against base with conns workers for d and measures it; n
// numbers the requests (shared by the slices of one side).
// followUp builds a second request from the first answer; ok=false skips it.
type followUp func(i int64, status int, body []byte) (method, path string, header map[string]string, reqBody string, ok bool)

func load(base string, conns int, d time.Duration, n *atomic.Int64, req request, onBody func(int, []byte), then followUp, pid int) loadRun {
	var errs atomic.Int64
	statuses := sync.Map{}
	lat := make([][]time.Duration, conns)
	deadline := time.Now().Add(d)
	var maxRSS atomic.Int64
	stopRSS := make(chan struct{})
	if pid > 0 {
		go func() {
			t := time.NewTicker(200 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-stopRSS:
					return
				case <-t.C:
					if kb := rssKB(pid); kb > maxRSS.Load() {
						maxRSS.Store(kb)
					}
				}
			}
		}()
	}
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < conns; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			conn := newRawConn(base)
			defer conn.close()
			for time.Now().Before(deadline) {
				i := n.Add(1) - 1
				method, path, header, body := req(i)
				t0 := time.Now()
				status, b, err := conn.do(method, path, header, body)
				if err != nil {
					errs.Add(1)
					continue
				}
				if then != nil {
					if m2, p2, h2, b2, ok := then(i, status, b); ok {
						if status, b, err = conn.do(m2, p2, h2, b2); err != nil {
							errs.Add(1)
							continue
						}
					}
				}
				lat[w] = append(lat[w], time.Since(t0))
				c, _ := statuses.LoadOrStore(status, new(atomic.Int64))
				c.(*atomic.Int64).Add(1)
				if status >= 400 {
					errs.Add(1)
				}
				if onBody != nil {
					onBody(status, b)
				}
			}
		}(w)
	}
	wg.Wait()
	run := loadRun{errs: errs.Load(), statuses: map[int]int64{}, elapsed: time.Since(start), maxRSSKB: maxRSS.Load()}
	close(stopRSS)
	for _, l := range lat {
		run.lat = append(run.lat, l...)
	}
	statuses.Range(func(k, v any) bool { run.statuses[k.(int)] = v.(*atomic.Int64).Load(); return true })
	return run
}

// race sends attempts checkouts racing for a few dates, completes every
// won checkout, and then asks the store itself for double bookings.
func race(client *http.Client, info seedInfo, o options, dataDir string) (*raceResult, error) {
	rr := &raceResult{Attempts: o.raceAttempts, Dates: o.raceDates}
	// Dates far from the other scenarios' ranges, on the first tenant.
	base := time.Now().AddDate(2, 6, 0)
	key := info.Keys[0]
	var won, refused, other atomic.Int64
	var mu sync.Mutex
	var sessions []string
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < o.conns; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(o.raceAttempts) {
					return
				}
				date := base.AddDate(0, 0, int(i)%o.raceDates).Format("2006-01-02")
				body := fmt.Sprintf(`{"packageId":%q,"date":%q,"customer":{"name":"Racer %d","email":"racer%d@load.example"}}`, info.Package, date, i, i)
				r, _ := http.NewRequest("POST", info.AppURL+"/v1/bookings/checkout", strings.NewReader(body))
				r.Header.Set("X-Tenant-Key", key)
				resp, err := client.Do(r)
				if err != nil {
					other.Add(1)
					continue
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				switch resp.StatusCode {
				case 200:
					won.Add(1)
					var v struct{ SessionID string }
					json.Unmarshal(b, &v)
					mu.Lock()
					sessions = append(sessions, v.SessionID)
					mu.Unlock()
				case 409:
					refused.Add(1)
				default:
					other.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	booked := 0
	for i, id := range sessions {
		payload := payment.MarshalEvent(payment.Event{ID: fmt.Sprintf("evt_race_%s_%d", info.Slugs[0], i), Type: payment.EventCheckoutCompleted,
			Session: payment.SessionObject{ID: id, PaymentStatus: "paid", Status: "complete"}}, time.Now())
		r, _ := http.NewRequest("POST", info.AppURL+"/v1/webhooks/stripe", strings.NewReader(string(payload)))
		r.Header.Set("Stripe-Signature", payment.SignWebhook(payload, info.Secret, time.Now()))
		resp, err := client.Do(r)
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(b), `"booked"`) {
			booked++
		}
	}
	rr.DurationSeconds = time.Since(start).Seconds()
	rr.CheckoutsWon, rr.Refused409, rr.OtherErrors, rr.Booked = int(won.Load()), int(refused.Load()), int(other.Load()), booked

	url := ""
	if o.store == "postgres" {
		url = o.databaseURL
	}
	st, err := sqlstore.Open(context.Background(), url, sqlstore.Options{DataDir: dataDir})
	if err != nil {
		return nil, err
	}
	defer st.Close()
	n, err := st.CountDoubleBookings(context.Background())
	if err != nil {
		return nil, err
	}
	rr.DoubleBookings = n
	return rr, nil
}

func rssKB(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				v, _ := strconv.ParseInt(f[1], 10, 64)
				return v
			}
		}
	}
	return 0
}

func peakRSS(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				v, _ := strconv.ParseFloat(f[1], 64)
				return v / 1024
			}
		}
	}
	return 0
}

// freshSchema creates an empty schema in the database at base and returns a
// URL whose search_path points at it, and a function that drops it.
func freshSchema(base string) (string, func(), error) {
	db, err := sql.Open("pgx", base)
	if err != nil {
		return "", nil, err
	}
	schema := fmt.Sprintf("maisload_%d", time.Now().UnixNano())
	if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
		db.Close()
		return "", nil, fmt.Errorf("create schema: %w", err)
	}
	u, err := neturl.Parse(base)
	if err != nil {
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), func() {
		db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		db.Close()
	}, nil
}
