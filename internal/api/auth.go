package api

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/httpx"
	"mais/internal/identity"
	"mais/internal/tenant"
)

type principalKey struct{}

// PrincipalFrom returns the admin the request was authenticated as.
func PrincipalFrom(ctx context.Context) identity.Principal {
	p, _ := ctx.Value(principalKey{}).(identity.Principal)
	return p
}

// requireRole authenticates the bearer token and lets h run only for the
// given roles: no, malformed, expired or tampered token → 401 UNAUTHORIZED;
// a valid token of another role → 403 FORBIDDEN. Store writes made by h are
// audited under the user.
func (s *Server) requireRole(h httpx.HandlerFunc, roles ...string) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		token, ok := bearerToken(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="mais-admin"`)
			return apperr.New(apperr.CodeUnauthorized, "an Authorization: Bearer token is required")
		}
		if tenant.IsSecretKeyShape(token) {
			return s.withSecretKey(w, r, token, h, roles)
		}
		p, err := s.Identity.Authenticate(r.Context(), token)
		if apperr.Is(err, apperr.CodeUnauthorized) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="mais-admin", error="invalid_token"`)
		}
		if err != nil {
			return err
		}
		if !slices.Contains(roles, p.Role) {
			return apperr.New(apperr.CodeForbidden, "this route is not open to %s", strings.ToLower(strings.ReplaceAll(p.Role, "_", " ")))
		}
		httpx.NoteTenant(r.Context(), p.TenantID)
		ctx := context.WithValue(r.Context(), principalKey{}, p)
		ctx = audit.WithActor(ctx, audit.Actor{Type: audit.ActorUser, ID: p.UserID})
		return h(w, r.WithContext(ctx))
	}
}

// TenantAdminOnly guards a route that acts on the token's tenant: the
// handler reads the tenant id from PrincipalFrom(ctx).TenantID and nowhere else.
func (s *Server) TenantAdminOnly(h httpx.HandlerFunc) httpx.HandlerFunc {
	return s.requireRole(h, identity.RoleTenantAdmin)
}

// PlatformAdminOnly guards a route that manages tenants.
func (s *Server) PlatformAdminOnly(h httpx.HandlerFunc) httpx.HandlerFunc {
	return s.requireRole(h, identity.RolePlatformAdmin)
}

// AnyAdmin guards a route open to every logged-in admin (their own account).
func (s *Server) AnyAdmin(h httpx.HandlerFunc) httpx.HandlerFunc {
	return s.requireRole(h, identity.RolePlatformAdmin, identity.RoleTenantAdmin)
}

// bearerToken reads "Authorization: Bearer <token>" (scheme case-insensitive).
func bearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// tenantOf is the tenant a tenant-admin request acts on.
func tenantOf(r *http.Request) string { return PrincipalFrom(r.Context()).TenantID }
