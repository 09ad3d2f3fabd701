package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"mais/internal/app"
	"mais/internal/config"
)

// storeName says which store cfg selects, for a person reading the
// terminal: the embedded file, or PostgreSQL's host and database. It never
// shows a user name or password.
func storeName(cfg config.Config) string {
	if cfg.DatabaseURL == "" {
		dir := cfg.DataDir
		if dir == "" {
			dir = "./data"
		}
		return "embedded store " + filepath.Join(dir, "mais.db")
	}
	u, err := url.Parse(cfg.DatabaseURL)
	if err != nil || u.Host == "" {
		return "PostgreSQL (DATABASE_URL)"
	}
	return "PostgreSQL " + u.Host + "/" + strings.TrimPrefix(u.Path, "/")
}

// printBanner tells the person who started the server where to go, on
// every start: the dashboard, the demo storefront when the store has one,
// sign-up when it is open, and which store is in use.
func printBanner(ctx context.Context, w io.Writer, a *app.App) {
	base := strings.TrimRight(a.Config.PublicBaseURL, "/")
	fmt.Fprintf(w, "\nMAIS is starting on %s\n", base)
	fmt.Fprintf(w, "  home         %s/\n", base)
	fmt.Fprintf(w, "  dashboard    %s/admin\n", base)
	if t, err := a.Store.TenantBySlug(ctx, app.DemoSlug); err == nil && t.Active {
		fmt.Fprintf(w, "  demo site    %s/t/%s\n", base, app.DemoSlug)
	}
	if a.Config.Signup {
		fmt.Fprintf(w, "  sign-up      %s/signup\n", base)
	}
	fmt.Fprintf(w, "  store        %s\n\n", storeName(a.Config))
}
