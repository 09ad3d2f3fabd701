package api

import "mais/internal/httpx"

// registerAdminRoutes adds the admin API of docs/API.md §7: sessions and
// passwords, the tenant admin's bookings, blackouts, catalog and site
// configuration (always the token's own tenant), and the platform admin's
// tenants.
func (s *Server) registerAdminRoutes(m *httpx.Mux) {
	m.Handle("POST /v1/admin/login", adminPolicy, s.json(legacy(s.login)))
	m.Handle("POST /v1/admin/logout", adminPolicy, s.json(legacy(s.logout)))
	m.Handle("POST /v1/admin/password/forgot", adminPolicy, s.json(legacy(s.forgotPassword)))
	m.Handle("POST /v1/admin/password/reset", adminPolicy, s.json(legacy(s.resetPassword)))
	m.Handle("GET /v1/admin/me", adminPolicy, s.json(s.AnyAdmin(legacy(s.me))))
	m.Handle("POST /v1/admin/password", adminPolicy, s.json(s.AnyAdmin(legacy(s.changePassword))))

	m.Handle("GET /v1/admin/bookings", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.listBookings))))
	m.Handle("POST /v1/admin/bookings/{id}/release", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.releaseHold))))
	m.Handle("GET /v1/admin/blackouts", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.listBlackouts))))
	m.Handle("POST /v1/admin/blackouts", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.createBlackout))))
	m.Handle("DELETE /v1/admin/blackouts/{id}", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.deleteBlackout))))
	m.Handle("GET /v1/admin/packages", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.adminListPackages))))
	m.Handle("POST /v1/admin/packages", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.adminCreatePackage))))
	m.Handle("GET /v1/admin/packages/{id}", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.adminGetPackage))))
	m.Handle("PATCH /v1/admin/packages/{id}", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.adminUpdatePackage))))
	m.Handle("DELETE /v1/admin/packages/{id}", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.adminDeletePackage))))
	m.Handle("POST /v1/admin/packages/{id}/addons", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.adminCreateAddOn))))
	m.Handle("PATCH /v1/admin/packages/{id}/addons/{addOnId}", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.adminUpdateAddOn))))
	m.Handle("DELETE /v1/admin/packages/{id}/addons/{addOnId}", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.adminDeleteAddOn))))

	m.Handle("GET /v1/admin/config/versions", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.listVersions))))
	m.Handle("POST /v1/admin/config/versions", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.createVersion))))
	m.Handle("GET /v1/admin/config/versions/{id}", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.getVersion))))
	m.Handle("PATCH /v1/admin/config/versions/{id}", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.updateVersion))))
	m.Handle("POST /v1/admin/config/versions/{id}/publish", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.publishVersion))))
	m.Handle("POST /v1/admin/config/rollback", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.rollbackConfig))))
	m.Handle("GET /v1/admin/config/diff", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.diffVersions))))
	m.Handle("GET /v1/admin/audit", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.listAudit))))

	m.Handle("GET /v1/admin/agents", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.listAgents))))
	m.Handle("POST /v1/admin/agents", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.createAgent))))
	m.Handle("DELETE /v1/admin/agents/{id}", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.revokeAgent))))
	m.Handle("GET /v1/admin/proposals", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.listProposals))))
	m.Handle("GET /v1/admin/proposals/{id}", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.getProposal))))
	m.Handle("POST /v1/admin/proposals/{id}/approve", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.approveProposal))))
	m.Handle("POST /v1/admin/proposals/{id}/reject", adminPolicy, s.json(s.TenantAdminOnly(legacy(s.rejectProposal))))

	m.Handle("GET /v1/admin/tenants", adminPolicy, s.json(s.PlatformAdminOnly(legacy(s.listTenants))))
	m.Handle("POST /v1/admin/tenants", adminPolicy, s.json(s.PlatformAdminOnly(legacy(s.createTenant))))
	m.Handle("GET /v1/admin/tenants/{id}", adminPolicy, s.json(s.PlatformAdminOnly(legacy(s.getTenant))))
	m.Handle("PATCH /v1/admin/tenants/{id}", adminPolicy, s.json(s.PlatformAdminOnly(legacy(s.updateTenant))))
	m.Handle("POST /v1/admin/tenants/{id}/rotate-keys", adminPolicy, s.json(s.PlatformAdminOnly(legacy(s.rotateTenantKeys))))
}

// registerAgentRoutes adds the routes an AI agent calls with its own
// credential (counted per credential on top of the per-IP limit).
func (s *Server) registerAgentRoutes(m *httpx.Mux) {
	m.Handle("GET /v1/agent/config", agentPolicy, s.json(s.withAgent(agentReadLimit, s.agentConfig)))
	m.Handle("POST /v1/agent/proposals", agentPolicy, s.json(s.withAgent(agentProposalLimit, s.createProposal)))
	m.Handle("GET /v1/agent/proposals/{id}", agentPolicy, s.json(s.withAgent(agentReadLimit, s.agentProposal)))
}
