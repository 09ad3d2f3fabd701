package api

import (
	"bytes"
	"context"
	"net/http"
	"time"

	"mais/internal/apperr"
	"mais/internal/cache"
	"mais/internal/httpx"
	"mais/internal/identity"
)

// configTTL bounds staleness should an invalidation message be lost;
// publishing invalidates the tenant at once.
const configTTL = 5 * time.Minute

// publicConfig answers GET /v1/config with the published configuration
// document. With ?versionId= it previews any version of the key's tenant,
// which needs that tenant's admin token as well (docs/API.md §8).
func (s *Server) publicConfig(w http.ResponseWriter, r *http.Request) error {
	t := requestTenant(r.Context())
	if id := r.URL.Query().Get("versionId"); id != "" {
		return s.previewConfig(w, r, t.ID, id)
	}
	// The cached value is "<version id>\n<document>": canonical JSON holds
	// no raw newline, so the first one separates the two.
	body, err := cache.GetOrLoad(r.Context(), s.Cache, cache.TenantKey(t.ID, "config", "published"), configTTL,
		func(ctx context.Context) ([]byte, error) {
			v, err := s.SiteConfig.Published(ctx, t.ID)
			if err != nil {
				return nil, err
			}
			return append([]byte(v.ID+"\n"), v.Config...), nil
		})
	if err != nil {
		return err
	}
	id, doc, _ := bytes.Cut(body, []byte("\n"))
	w.Header().Set("X-Config-Version", string(id))
	httpx.WriteJSONBytes(w, http.StatusOK, doc)
	return nil
}

func (s *Server) previewConfig(w http.ResponseWriter, r *http.Request, tenantID, versionID string) error {
	token, ok := bearerToken(r)
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="mais-admin"`)
		return apperr.New(apperr.CodeUnauthorized, "previewing a version needs the tenant admin's Bearer token")
	}
	p, err := s.Identity.Authenticate(r.Context(), token)
	if err != nil {
		return err
	}
	switch {
	case p.Role != identity.RoleTenantAdmin:
		return apperr.New(apperr.CodeForbidden, "only the tenant's admin can preview its versions")
	case p.TenantID != tenantID:
		// Another tenant's admin: do not reveal that the version exists.
		return apperr.NotFound("configuration version")
	}
	v, err := s.SiteConfig.Version(r.Context(), tenantID, versionID)
	if err != nil {
		return err
	}
	w.Header().Set("X-Config-Version", v.ID)
	w.Header().Set("X-Config-Status", v.Status)
	httpx.WriteJSONBytes(w, http.StatusOK, v.Config)
	return nil
}
