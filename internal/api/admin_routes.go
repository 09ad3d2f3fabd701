package api

import "mais/internal/httpx"

// registerAdminRoutes adds the admin API of docs/API.md §7: sessions and
// passwords, the tenant admin's bookings, blackouts, catalog and site
// configuration (always the token's own tenant), and the platform admin's
// tenants.
func (s *Server) registerAdminRoutes(m *httpx.Mux) {
	m.Handle("POST /v1/admin/login", adminPolicy, s.json(s.login))
	m.Handle("POST /v1/admin/logout", adminPolicy, s.json(s.logout))
	m.Handle("POST /v1/admin/password/forgot", adminPolicy, s.json(s.forgotPassword))
	m.Handle("POST /v1/admin/password/reset", adminPolicy, s.json(s.resetPassword))
	m.Handle("GET /v1/admin/me", adminPolicy, s.json(s.AnyAdmin(s.me)))
	m.Handle("POST /v1/admin/password", adminPolicy, s.json(s.AnyAdmin(s.changePassword)))

	m.Handle("GET /v1/admin/settings", adminPolicy, s.json(s.TenantAdminOnly(s.getSettings)))
	m.Handle("PATCH /v1/admin/settings", adminPolicy, s.json(s.TenantAdminOnly(s.patchSettings)))
	m.Handle("GET /v1/admin/bookings", adminPolicy, s.json(s.TenantAdminOnly(s.listBookings)))
	m.Handle("POST /v1/admin/bookings/{id}/release", adminPolicy, s.json(s.TenantAdminOnly(s.releaseHold)))
	m.Handle("GET /v1/admin/blackouts", adminPolicy, s.json(s.TenantAdminOnly(s.listBlackouts)))
	m.Handle("POST /v1/admin/blackouts", adminPolicy, s.json(s.TenantAdminOnly(s.createBlackout)))
	m.Handle("DELETE /v1/admin/blackouts/{id}", adminPolicy, s.json(s.TenantAdminOnly(s.deleteBlackout)))
	m.Handle("GET /v1/admin/packages", adminPolicy, s.json(s.TenantAdminOnly(s.adminListPackages)))
	m.Handle("POST /v1/admin/packages", adminPolicy, s.json(s.TenantAdminOnly(s.adminCreatePackage)))
	m.Handle("GET /v1/admin/packages/{id}", adminPolicy, s.json(s.TenantAdminOnly(s.adminGetPackage)))
	m.Handle("PATCH /v1/admin/packages/{id}", adminPolicy, s.json(s.TenantAdminOnly(s.adminUpdatePackage)))
	m.Handle("DELETE /v1/admin/packages/{id}", adminPolicy, s.json(s.TenantAdminOnly(s.adminDeletePackage)))
	m.Handle("POST /v1/admin/packages/{id}/addons", adminPolicy, s.json(s.TenantAdminOnly(s.adminCreateAddOn)))
	m.Handle("PATCH /v1/admin/packages/{id}/addons/{addOnId}", adminPolicy, s.json(s.TenantAdminOnly(s.adminUpdateAddOn)))
	m.Handle("DELETE /v1/admin/packages/{id}/addons/{addOnId}", adminPolicy, s.json(s.TenantAdminOnly(s.adminDeleteAddOn)))

	m.Handle("GET /v1/admin/config/versions", adminPolicy, s.json(s.TenantAdminOnly(s.listVersions)))
	m.Handle("POST /v1/admin/config/versions", adminPolicy, s.json(s.TenantAdminOnly(s.createVersion)))
	m.Handle("GET /v1/admin/config/versions/{id}", adminPolicy, s.json(s.TenantAdminOnly(s.getVersion)))
	m.Handle("PATCH /v1/admin/config/versions/{id}", adminPolicy, s.json(s.TenantAdminOnly(s.updateVersion)))
	m.Handle("POST /v1/admin/config/versions/{id}/publish", adminPolicy, s.json(s.TenantAdminOnly(s.publishVersion)))
	m.Handle("POST /v1/admin/config/rollback", adminPolicy, s.json(s.TenantAdminOnly(s.rollbackConfig)))
	m.Handle("GET /v1/admin/config/diff", adminPolicy, s.json(s.TenantAdminOnly(s.diffVersions)))
	m.Handle("GET /v1/admin/audit", adminPolicy, s.json(s.TenantAdminOnly(s.listAudit)))

	m.Handle("GET /v1/admin/agents", adminPolicy, s.json(s.TenantAdminOnly(s.listAgents)))
	m.Handle("POST /v1/admin/agents", adminPolicy, s.json(s.TenantAdminOnly(s.createAgent)))
	m.Handle("DELETE /v1/admin/agents/{id}", adminPolicy, s.json(s.TenantAdminOnly(s.revokeAgent)))
	m.Handle("GET /v1/admin/proposals", adminPolicy, s.json(s.TenantAdminOnly(s.listProposals)))
	m.Handle("GET /v1/admin/proposals/{id}", adminPolicy, s.json(s.TenantAdminOnly(s.getProposal)))
	m.Handle("POST /v1/admin/proposals/{id}/approve", adminPolicy, s.json(s.TenantAdminOnly(s.approveProposal)))
	m.Handle("POST /v1/admin/proposals/{id}/reject", adminPolicy, s.json(s.TenantAdminOnly(s.rejectProposal)))

	m.Handle("GET /v1/admin/tenants", adminPolicy, s.json(s.PlatformAdminOnly(s.listTenants)))
	m.Handle("POST /v1/admin/tenants", adminPolicy, s.json(s.PlatformAdminOnly(s.createTenant)))
	m.Handle("GET /v1/admin/tenants/{id}", adminPolicy, s.json(s.PlatformAdminOnly(s.getTenant)))
	m.Handle("PATCH /v1/admin/tenants/{id}", adminPolicy, s.json(s.PlatformAdminOnly(s.updateTenant)))
	m.Handle("POST /v1/admin/tenants/{id}/rotate-keys", adminPolicy, s.json(s.PlatformAdminOnly(s.rotateTenantKeys)))
	s.registerMoneyRoutes(m)
	s.registerVenueRoutes(m)
	s.registerDomainRoutes(m)
	s.registerMediaRoutes(m)
	s.registerCORSRoutes(m)
	s.registerAssistantRoutes(m)
	s.registerOnboardingRoutes(m)
}

// registerAgentRoutes adds the routes an AI agent calls with its own
// credential (counted per credential on top of the per-IP limit).
func (s *Server) registerAgentRoutes(m *httpx.Mux) {
	m.Handle("GET /v1/agent/config", agentPolicy, s.json(s.withAgent(agentReadLimit, s.agentConfig)))
	m.Handle("POST /v1/agent/proposals", agentPolicy, s.json(s.withAgent(agentProposalLimit, s.createProposal)))
	m.Handle("GET /v1/agent/proposals/{id}", agentPolicy, s.json(s.withAgent(agentReadLimit, s.agentProposal)))
}
