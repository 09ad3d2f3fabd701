package api

import "net/http"

// registerAdminRoutes adds the admin API of contract §7: sessions and
// passwords, the tenant admin's bookings, blackouts and catalog (always the
// token's own tenant), and the platform admin's tenants.
func (s *Server) registerAdminRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /v1/admin/login", s.login)
	mux.HandleFunc("POST /v1/admin/logout", s.logout)
	mux.HandleFunc("POST /v1/admin/password/forgot", s.forgotPassword)
	mux.HandleFunc("POST /v1/admin/password/reset", s.resetPassword)
	mux.Handle("GET /v1/admin/me", s.AnyAdmin(s.me))
	mux.Handle("POST /v1/admin/password", s.AnyAdmin(s.changePassword))

	mux.Handle("GET /v1/admin/bookings", s.TenantAdminOnly(s.listBookings))
	mux.Handle("POST /v1/admin/bookings/{id}/release", s.TenantAdminOnly(s.releaseHold))
	mux.Handle("GET /v1/admin/blackouts", s.TenantAdminOnly(s.listBlackouts))
	mux.Handle("POST /v1/admin/blackouts", s.TenantAdminOnly(s.createBlackout))
	mux.Handle("DELETE /v1/admin/blackouts/{id}", s.TenantAdminOnly(s.deleteBlackout))
	mux.Handle("GET /v1/admin/packages", s.TenantAdminOnly(s.adminListPackages))
	mux.Handle("POST /v1/admin/packages", s.TenantAdminOnly(s.adminCreatePackage))
	mux.Handle("GET /v1/admin/packages/{id}", s.TenantAdminOnly(s.adminGetPackage))
	mux.Handle("PATCH /v1/admin/packages/{id}", s.TenantAdminOnly(s.adminUpdatePackage))
	mux.Handle("DELETE /v1/admin/packages/{id}", s.TenantAdminOnly(s.adminDeletePackage))
	mux.Handle("POST /v1/admin/packages/{id}/addons", s.TenantAdminOnly(s.adminCreateAddOn))
	mux.Handle("PATCH /v1/admin/packages/{id}/addons/{addOnId}", s.TenantAdminOnly(s.adminUpdateAddOn))
	mux.Handle("DELETE /v1/admin/packages/{id}/addons/{addOnId}", s.TenantAdminOnly(s.adminDeleteAddOn))

	mux.Handle("GET /v1/admin/tenants", s.PlatformAdminOnly(s.listTenants))
	mux.Handle("POST /v1/admin/tenants", s.PlatformAdminOnly(s.createTenant))
	mux.Handle("GET /v1/admin/tenants/{id}", s.PlatformAdminOnly(s.getTenant))
	mux.Handle("PATCH /v1/admin/tenants/{id}", s.PlatformAdminOnly(s.updateTenant))
	mux.Handle("POST /v1/admin/tenants/{id}/rotate-keys", s.PlatformAdminOnly(s.rotateTenantKeys))

	mux.HandleFunc("GET /v1/openapi.json", s.openAPI)
}
