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

// SignupJSON is the answer of POST /v1/signup: the new admin's session
// (a login's fields) plus where the new business lives: its slug, its
// storefront's and its dashboard's absolute URLs.
type SignupJSON struct {
	SessionJSON
	Slug          string `json:"slug"`
	StorefrontURL string `json:"storefrontUrl"`
	DashboardURL  string `json:"dashboardUrl"`
}

// signup answers POST /v1/signup {"businessName","email","password"} with
// 201 and SignupJSON.
func (s *Server) signup(w http.ResponseWriter, r *http.Request) error {
	var in onboarding.SignupInput
	if err := httpx.Decode(w, r, smallBody, &in); err != nil {
		return err
	}
	in.IP = s.clientIP(r)
	session, t, err := s.Onboarding.SignUp(r.Context(), in)
	if err != nil {
		return err
	}
	urls := s.Onboarding.URLsOf(t)
	httpx.WriteJSON(w, http.StatusCreated, SignupJSON{SessionJSON: newSessionJSON(session), Slug: t.Slug,
		StorefrontURL: urls.Storefront, DashboardURL: urls.Dashboard})
	return nil
}
