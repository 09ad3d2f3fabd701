package api

import (
	"net/http"

	"mais/internal/httpx"
	"mais/internal/tenant"
)

// registerProfileRoutes adds GET|PATCH /v1/admin/profile (docs/API.md §14).
func (s *Server) registerProfileRoutes(m *httpx.Mux) {
	m.Handle("GET /v1/admin/profile", adminPolicy, s.json(s.TenantAdminOnly(s.getProfile)))
	m.Handle("PATCH /v1/admin/profile", adminPolicy, s.json(s.TenantAdminOnly(s.patchProfile)))
}

// getProfile answers GET /v1/admin/profile: the token's tenant's business
// profile, as tenant.Profile.
func (s *Server) getProfile(w http.ResponseWriter, r *http.Request) error {
	p, err := s.TenantAdmin.Profile(r.Context(), tenantOf(r))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, p)
	return nil
}

// patchProfile answers PATCH /v1/admin/profile with any subset of the
// profile → 200 with all of it; a bad value → 400 VALIDATION_ERROR naming
// the field. Audited as tenant.profile; the storefront shows it at once.
func (s *Server) patchProfile(w http.ResponseWriter, r *http.Request) error {
	var in tenant.ProfilePatch
	if err := httpx.Decode(w, r, smallBody, &in); err != nil {
		return err
	}
	p, err := s.TenantAdmin.UpdateProfile(r.Context(), tenantOf(r), in)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, p)
	return nil
}
