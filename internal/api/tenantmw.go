package api

import (
	"context"
	"net/http"

	"mais/internal/httpx"
	"mais/internal/tenant"
)

type tenantKey struct{}

// tenantCtx carries the request's tenant: one allocation for the tenant
// and its context together.
type tenantCtx struct {
	context.Context
	t tenant.Tenant
}

func (c *tenantCtx) Value(key any) any {
	if key == (tenantKey{}) {
		return &c.t
	}
	return c.Context.Value(key)
}

// withTenant resolves X-Tenant-Key (docs/API.md §4) before h runs.
func (s *Server) withTenant(h httpx.HandlerFunc) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		// The directory's shared copy: kept, never changed (TenantFrom copies).
		t, err := s.Tenants.ResolveShared(r.Context(), r.Header.Get("X-Tenant-Key"))
		if err != nil {
			return err
		}
		if httpx.KeepTenant(r.Context(), t.ID, t) {
			return h(w, r)
		}
		// Outside the edge (a handler served on its own): a context of its own.
		return h(w, r.WithContext(&tenantCtx{Context: r.Context(), t: *t}))
	}
}

// TenantFrom returns the tenant resolved for this request.
func TenantFrom(ctx context.Context) tenant.Tenant {
	return *requestTenant(ctx)
}

// requestTenant is the request's tenant as kept, read-only: a cache loader's
// closure captures this pointer, where capturing a TenantFrom copy would
// move the whole tenant to the heap on every request, hit or miss.
func requestTenant(ctx context.Context) *tenant.Tenant {
	if t, ok := httpx.TenantValue(ctx).(*tenant.Tenant); ok {
		return t
	}
	if t, ok := ctx.Value(tenantKey{}).(*tenant.Tenant); ok {
		return t
	}
	return &tenant.Tenant{}
}
