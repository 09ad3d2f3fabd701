package api

import (
	"context"
	"net/http"

	"mais/internal/httpx"
	"mais/internal/tenant"
)

type tenantKey struct{}

// withTenant resolves X-Tenant-Key (contract §4) before h runs.
func (s *Server) withTenant(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t, err := s.Tenants.Resolve(r.Context(), r.Header.Get("X-Tenant-Key"))
		if err != nil {
			httpx.Error(w, r, s.Logger, err)
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), tenantKey{}, t)))
	})
}

// TenantFrom returns the tenant resolved for this request.
func TenantFrom(ctx context.Context) tenant.Tenant {
	t, _ := ctx.Value(tenantKey{}).(tenant.Tenant)
	return t
}
