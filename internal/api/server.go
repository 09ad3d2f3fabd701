// Package api serves the /v1 JSON API and the health routes. Handlers are
// thin: decode, validate, call a service, encode. Errors go through httpx.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"mais/internal/cache"
	"mais/internal/catalog"
	"mais/internal/tenant"
)

// Pinger reports whether the store answers.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Server holds what the handlers need. Fields are set by the composition root.
type Server struct {
	Logger  *slog.Logger
	Store   Pinger
	Tenants *tenant.Resolver
	Catalog catalog.Store
	Cache   cache.Cache
	Started time.Time
	MaxBody int64
	// Extra registers routes owned by other packages (booking, admin, storefront).
	Extra []func(mux *http.ServeMux)
}

// Routes returns the mux with every /v1 and health route.
func (s *Server) Routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", s.health)
	mux.HandleFunc("GET /health/ready", s.ready)
	mux.HandleFunc("GET /health/cache", s.cacheHealth)

	mux.Handle("GET /v1/packages", s.withTenant(s.listPackages))
	mux.Handle("GET /v1/packages/{slug}", s.withTenant(s.getPackage))
	for _, register := range s.Extra {
		register(mux)
	}
	return mux
}
