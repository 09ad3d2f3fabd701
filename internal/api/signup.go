package api

import (
	"net/http"

	"mais/internal/httpx"
	"mais/internal/onboarding"
)

// registerOnboardingRoutes adds sign-up and Stripe Connect onboarding
// (docs/API.md §14). POST /v1/signup is always registered and answers 404
// while MAIS_SIGNUP is not open, so the route table does not depend on it.
func (s *Server) registerOnboardingRoutes(m *httpx.Mux) {
	m.Handle("POST /v1/signup", adminPolicy, s.json(s.signup))
	m.Handle("POST /v1/admin/stripe/connect", adminPolicy, s.json(s.TenantAdminOnly(s.stripeConnect)))
	m.Handle("GET /v1/admin/stripe/status", adminPolicy, s.json(s.TenantAdminOnly(s.stripeStatus)))
}

// signup answers POST /v1/signup {"businessName","email","password"} with
// 201 and the new admin's session, the shape of a login's.
func (s *Server) signup(w http.ResponseWriter, r *http.Request) error {
	var in onboarding.SignupInput
	if err := httpx.Decode(w, r, smallBody, &in); err != nil {
		return err
	}
	in.IP = s.clientIP(r)
	session, _, err := s.Onboarding.SignUp(r.Context(), in)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, newSessionJSON(session))
	return nil
}
