// Command maisassist smoke-tests the operator's model choice: it runs a
// scripted conversation with the assistant (docs/API.md §12) against the
// real provider of MAIS_AI_PROVIDER, MAIS_AI_BASE_URL, MAIS_AI_API_KEY and
// MAIS_AI_MODEL, on a throwaway embedded store with one sample business.
// It prints each reply with its tokens and latency and exits non-zero when
// a turn fails or the model never files the proposal the script asks for.
// Without MAIS_AI_PROVIDER it says so and exits 0.
//
//	MAIS_AI_PROVIDER=openai MAIS_AI_BASE_URL=http://localhost:11434/v1 MAIS_AI_MODEL=qwen2.5 go run ./cmd/maisassist
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"time"

	"mais/internal/app"
	"mais/internal/config"
	"mais/internal/tenant"
)

// script is the conversation: a read of the catalog, a date check, and a
// change that should become a proposal.
var script = []string{
	"Which packages do I sell, and at what prices?",
	"Is 2028-11-04 still free for a wedding?",
	"Make the headline of my home page warmer, for autumn weddings.",
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "maisassist:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, getenv func(string) string, out io.Writer) error {
	if getenv("MAIS_AI_PROVIDER") == "" {
		fmt.Fprintln(out, "MAIS_AI_PROVIDER is not set: nothing to test. Set MAIS_AI_PROVIDER (anthropic or openai), MAIS_AI_MODEL, MAIS_AI_API_KEY and, for a local or compatible server, MAIS_AI_BASE_URL.")
		return nil
	}
	dir, err := os.MkdirTemp("", "maisassist-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	env := map[string]string{"MAIS_DATA_DIR": dir, "DATABASE_URL": "", "REDIS_URL": "", "MAIS_DEMO": "false", "MAIS_ENV": "development"}
	cfg, err := config.Load(func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		return getenv(k)
	})
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.New(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer a.Shutdown(context.Background())

	c, err := a.Tenants.Create(ctx, tenant.CreateInput{Slug: "lakehouse", Name: "Lakehouse Weddings",
		Email: "owner@lakehouse.example", Password: "smoke-test-only-password", CommissionPercent: 10, TimeZone: "America/Chicago"})
	if err != nil {
		return fmt.Errorf("create sample business: %w", err)
	}
	for _, p := range []struct {
		slug, name string
		cents      int64
	}{{"elopement", "Elopement", 150000}, {"full-day", "Full Day", 650000}} {
		if _, err := a.Catalog.CreatePackage(ctx, c.Tenant.ID, catalogInput(p.slug, p.name, p.cents, true)); err != nil {
			return fmt.Errorf("create package %s: %w", p.slug, err)
		}
	}

	svc := a.API.Assistant
	conv, err := svc.Create(ctx, c.Tenant.ID, "maisassist")
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "provider %s, model %s\n\n", cfg.AIProvider, cfg.AIModel)
	proposals := 0
	for _, text := range script {
		fmt.Fprintf(out, "> %s\n", text)
		start := time.Now()
		turn, err := svc.Send(ctx, c.Tenant.ID, "maisassist", conv.ID, text, func(s string) { fmt.Fprint(out, s) })
		if err != nil {
			return fmt.Errorf("turn %q: %w", text, err)
		}
		proposals += len(turn.ProposalIDs)
		fmt.Fprintf(out, "\n  [model %s, %d rounds, %d+%d tokens, %s, proposals %v]\n\n", turn.Model, turn.Rounds,
			turn.Usage.InputTokens, turn.Usage.OutputTokens, time.Since(start).Round(time.Millisecond), turn.ProposalIDs)
	}
	if proposals == 0 {
		return fmt.Errorf("the model filed no proposal for the change it was asked to make; it may not use tools well")
	}
	fmt.Fprintln(out, "ok: the model read the business, checked a date and filed a proposal")
	return nil
}
