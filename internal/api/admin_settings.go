package api

import (
	"net/http"

	"mais/internal/httpx"
	"mais/internal/tenant"
)

// getSettings answers GET /v1/admin/settings: the token's tenant's settings
// (docs/API.md §11), as tenant.Settings.
func (s *Server) getSettings(w http.ResponseWriter, r *http.Request) error {
	st, err := s.TenantAdmin.Settings(r.Context(), tenantOf(r))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, st)
	return nil
}

// patchSettings answers PATCH /v1/admin/settings with any subset of the
// settings → 200 with all of them; a bad value → 400 VALIDATION_ERROR whose
// fields name it ("cancellation.freeCancellationDays"). Audited as
// tenant.settings.
func (s *Server) patchSettings(w http.ResponseWriter, r *http.Request) error {
	var in tenant.SettingsPatch
	if err := httpx.Decode(w, r, smallBody, &in); err != nil {
		return err
	}
	st, err := s.TenantAdmin.UpdateSettings(r.Context(), tenantOf(r), in)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, st)
	return nil
}
