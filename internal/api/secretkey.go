package api

import (
	"context"
	"net/http"
	"slices"
	"time"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/httpx"
	"mais/internal/identity"
	"mais/internal/tenant"
)

// secretKeyLimit is how many requests one tenant's secret key may make per
// window, on top of the per-IP admin limit: a tenant's own server is one
// client, however many addresses it calls from.
var secretKeyLimit = agentLimit{name: "secret", limit: 1200, window: time.Minute}

// withSecretKey runs h for a request that carries "Authorization: Bearer
// sk_live_…" (docs/API.md §7). The key acts as its tenant's admin on the
// tenant admin routes only: on a platform route or an account route (me,
// password) it is 403 FORBIDDEN whether or not it is valid, so platform
// routes never reveal anything to a key. An invalid or rotated key is 401.
// Writes made by h are audited under actor "api_key" with the key's hint
// (the first hex digits of its stored hash), never the key itself.
func (s *Server) withSecretKey(w http.ResponseWriter, r *http.Request, key string, h httpx.HandlerFunc, roles []string) error {
	if len(roles) != 1 || !slices.Contains(roles, identity.RoleTenantAdmin) {
		return apperr.New(apperr.CodeForbidden, "a secret key opens only the tenant admin routes of its own tenant")
	}
	t, err := s.Tenants.AuthenticateSecret(r.Context(), key)
	if apperr.Is(err, apperr.CodeUnauthorized) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="mais-admin", error="invalid_token"`)
	}
	if err != nil {
		return err
	}
	if s.Limiter != nil {
		res, err := s.Limiter.Allow(r.Context(), "apikey:"+secretKeyLimit.name+":"+t.ID, secretKeyLimit.limit, secretKeyLimit.window)
		switch {
		case err != nil:
			// The per-IP admin limit still applies; an outage of the
			// shared counter must not stop a tenant's integration.
			s.Logger.WarnContext(r.Context(), "secret key rate limit unavailable", "err", err, "tenant", t.ID)
		case !res.Allowed:
			return &apperr.Error{Code: apperr.CodeTooManyRequests,
				Message: "this secret key has made too many requests; try again later", RetryAfterSeconds: res.RetryAfterSeconds()}
		}
	}
	httpx.NoteTenant(r.Context(), t.ID)
	hint := tenant.SecretHint(t.APIKeySecretHash)
	ctx := context.WithValue(r.Context(), principalKey{}, identity.Principal{Role: identity.RoleTenantAdmin, TenantID: t.ID})
	ctx = audit.WithActor(ctx, audit.Actor{Type: audit.ActorAPIKey, ID: hint})
	return h(w, r.WithContext(ctx))
}
