// Package apptest starts a whole MAIS (the real composition root) on a
// real store for HTTP-level tests: SQLite in a temp dir, or PostgreSQL in a
// fresh schema.
package apptest

import (
	"context"
	"io"
	"log/slog"
	"os"
	"testing"

	"mais/internal/app"
	"mais/internal/config"
	"mais/internal/sqlstore/storetest"
	"mais/internal/testclock"
)

// Env overrides; keys are environment variable names.
type Env map[string]string

// New builds an App on kind ("sqlite" or "postgres") with env applied over
// test defaults (mock payments, a fixed webhook secret, no demo). Its clock
// (a.Now) is a testclock: it starts at testclock.DefaultStart, or at
// MAIS_TEST_NOW, never at the real date; tests pick dates from a.Now.
func New(tb testing.TB, kind string, env Env) *app.App {
	tb.Helper()
	a, _ := NewClocked(tb, kind, env)
	return a
}

// NewClocked is New, also returning the App's clock so a test can move it.
func NewClocked(tb testing.TB, kind string, env Env) (*app.App, *testclock.Clock) {
	tb.Helper()
	clock := testclock.New(tb)
	vars := map[string]string{
		"MAIS_DATA_DIR":         tb.TempDir(),
		"MAIS_DEMO":             "false",
		"ADAPTERS_PRESET":       "mock",
		"STRIPE_WEBHOOK_SECRET": WebhookSecret,
		"PUBLIC_BASE_URL":       "http://mais.test",
	}
	if kind == "postgres" {
		vars["DATABASE_URL"] = storetest.PostgresURL(tb)
	}
	for k, v := range env {
		vars[k] = v
	}
	cfg, err := config.Load(func(k string) string { return vars[k] })
	if err != nil {
		tb.Fatalf("config: %v", err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if os.Getenv("MAIS_TEST_LOG") != "" {
		logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	a, err := app.New(context.Background(), cfg, logger, app.WithClock(clock.Now))
	if err != nil {
		tb.Fatalf("app: %v", err)
	}
	a.Hasher.Cost = 4 // bcrypt.MinCost: tests create many users
	tb.Cleanup(func() { a.Shutdown(context.Background()) })
	return a, clock
}

// Each runs fn against an App on SQLite and on PostgreSQL, the two in
// parallel (each owns its store): fn must not share variables between the
// two runs, and code after Each runs before them.
func Each(t *testing.T, env Env, fn func(t *testing.T, a *app.App)) {
	t.Helper()
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			fn(t, New(t, kind, env))
		})
	}
}
