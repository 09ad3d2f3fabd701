package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	_ "net/http/pprof"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"mais/internal/app"
	"mais/internal/catalog"
	"mais/internal/config"
	"mais/internal/tenant"
)

// seedInfo is what the child tells the parent on its first stdout line.
type seedInfo struct {
	AppURL  string   `json:"appUrl"`
	BareURL string   `json:"bareUrl"`
	Keys    []string `json:"keys"`
	Slugs   []string `json:"slugs"`
	Package string   `json:"package"`
	PID     int      `json:"pid"`
	Secret  string   `json:"webhookSecret"`
}

const webhookSecret = "whsec_maisload"

func runChild(args []string) error {
	fs := flag.NewFlagSet("child", flag.ContinueOnError)
	databaseURL := fs.String("database-url", "", "PostgreSQL URL; empty = embedded store")
	dataDir := fs.String("data-dir", "", "data dir for the embedded store")
	redisURL := fs.String("redis-url", "", "Redis URL (optional)")
	tenants := fs.Int("tenants", 20, "tenants to seed")
	pprofAddr := fs.String("pprof", "", "serve net/http/pprof on this address (profiling the server under load)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	env := map[string]string{
		"DATABASE_URL": *databaseURL, "MAIS_DATA_DIR": *dataDir, "REDIS_URL": *redisURL, "MAIS_DEMO": "false",
		"ADAPTERS_PRESET": "mock", "STRIPE_WEBHOOK_SECRET": webhookSecret, "PUBLIC_BASE_URL": "http://127.0.0.1",
		// The load comes from one address: per-IP limits would measure the limiter, not the server.
		"MAIS_RATE_LIMITS":  "off",
		"MAIS_DB_MAX_CONNS": os.Getenv("MAIS_DB_MAX_CONNS"),
		// MAIS_METRICS=off measures the server without its route metrics.
		"MAIS_METRICS": os.Getenv("MAIS_METRICS"),
	}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a, err := app.New(ctx, cfg, logger)
	if err != nil {
		return err
	}
	a.Hasher.Cost = 4
	if *pprofAddr != "" {
		go http.ListenAndServe(*pprofAddr, http.DefaultServeMux) // net/http/pprof registers there
	}
	info := seedInfo{PID: os.Getpid(), Secret: webhookSecret}
	run := time.Now().UnixNano() % 1_000_000
	for i := 0; i < *tenants; i++ {
		slug := fmt.Sprintf("load-%d-%d", run, i)
		c, err := a.Tenants.Create(ctx, tenant.CreateInput{Slug: slug, Name: fmt.Sprintf("Load Studio %d", i),
			Email: slug + "@load.example", Password: "load-password", CommissionPercent: 10, TimeZone: "America/Chicago"})
		if err != nil {
			return err
		}
		for j, name := range []string{"Elopement", "Classic Wedding", "Full Weekend", "Micro Wedding", "Portraits"} {
			p, err := a.Store.CreatePackage(ctx, catalog.Package{TenantID: c.Tenant.ID, Slug: strings.ToLower(strings.ReplaceAll(name, " ", "-")),
				Name: name, Description: "A package people really book, with a description of a realistic length for a storefront card.",
				BasePriceCents: int64(150000 + j*100000), Active: true, SortOrder: j})
			if err != nil {
				return err
			}
			for k := 0; k < 2; k++ {
				if _, err := a.Store.CreateAddOn(ctx, catalog.AddOn{TenantID: c.Tenant.ID, PackageID: p.ID, Slug: fmt.Sprintf("extra-%d", k),
					Name: fmt.Sprintf("Extra %d", k), PriceCents: 25000, Active: true}); err != nil {
					return err
				}
			}
		}
		info.Keys = append(info.Keys, c.Keys.Public)
		info.Slugs = append(info.Slugs, slug)
	}
	info.Package = "classic-wedding"
	appAddr, err := a.Start(ctx, "127.0.0.1:0")
	if err != nil {
		return err
	}
	bare, bareAddr, err := startBare(a.Handler())
	if err != nil {
		return err
	}
	defer bare.Close()
	info.AppURL, info.BareURL = "http://"+appAddr, "http://"+bareAddr
	if err := json.NewEncoder(os.Stdout).Encode(info); err != nil {
		return err
	}
	<-ctx.Done()
	return a.Shutdown(context.Background())
}

// startBare serves, for any path, the bytes MAIS answered the first time
// that path was asked, recorded once through MAIS's own handler. It does no
// other work: it is the ceiling a Go HTTP server reaches on this machine.
func startBare(real http.Handler) (*http.Server, string, error) {
	var mu sync.Mutex
	recorded := map[string]*httptest.ResponseRecorder{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Method + " " + r.URL.Path
		mu.Lock()
		rec, ok := recorded[key]
		if !ok {
			body, _ := io.ReadAll(r.Body)
			req := httptest.NewRequest(r.Method, r.URL.String(), strings.NewReader(string(body)))
			req.Header = r.Header.Clone()
			// httptest.NewRequest says example.com; a site is found by its
			// host, so without this the twin recorded a 404 page.
			req.Host, req.RemoteAddr = r.Host, r.RemoteAddr
			rec = httptest.NewRecorder()
			real.ServeHTTP(rec, req)
			recorded[key] = rec
		}
		mu.Unlock()
		io.Copy(io.Discard, r.Body)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	return srv, ln.Addr().String(), nil
}
