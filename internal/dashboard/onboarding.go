package dashboard

import (
	"net/http"

	"mais/internal/apperr"
	"mais/internal/httpx"
	"mais/internal/onboarding"
	"mais/internal/payment"
	"mais/internal/tenant"
)

// This file is how a business starts by itself (docs/API.md §14): the
// sign-up page (MAIS_SIGNUP=open), the Stripe page with its "Connect
// Stripe" button, and the mock preset's simulated Stripe onboarding. The
// overview's checklist is in overview.go.

type signupData struct {
	BusinessName, Email string
}

type stripeData struct {
	Account onboarding.Account
	// Returned: the business just came back from Stripe's pages.
	Returned bool
	// Mock: the mock preset, whose onboarding is simulated here.
	Mock bool
}

func (h *Handler) registerOnboardingRoutes(m *httpx.Mux) {
	m.Handle("GET /signup", pagePolicy, h.public(h.signupPage))
	m.Handle("POST /signup", pagePolicy, h.public(h.signup))
	tr := func(pattern string, fn pageFunc) { m.Handle(pattern, pagePolicy, h.tenantAdmin(fn)) }
	tr("GET /admin/stripe", h.stripePage)
	tr("POST /admin/stripe/connect", h.stripeConnect)
	tr("GET "+onboarding.RefreshPath, h.stripeRefresh)
	tr("GET "+payment.MockOnboardingPath, h.stripeMockPage)
	tr("POST "+payment.MockOnboardingPath, h.stripeMockComplete)
}

// signupOpen is NOT_FOUND while sign-up is closed: the page does not exist.
func (h *Handler) signupOpen() error {
	if h.cfg.Onboarding == nil || !h.cfg.Onboarding.Open {
		return apperr.NotFound("page")
	}
	return nil
}

func (h *Handler) signupPage(w http.ResponseWriter, r *http.Request) error {
	if err := h.signupOpen(); err != nil {
		return err
	}
	if s, err := h.authenticate(r); err == nil && s != nil {
		http.Redirect(w, r, "/admin", http.StatusSeeOther)
		return nil
	}
	h.writePage(w, r, http.StatusOK, "signup", &view{Title: "Create your account", Data: signupData{}})
	return nil
}

// signup creates the business and logs its admin in, then shows the
// overview with its checklist.
func (h *Handler) signup(w http.ResponseWriter, r *http.Request) error {
	if err := h.signupOpen(); err != nil {
		return err
	}
	f := r.PostForm
	d := signupData{BusinessName: f.Get("businessName"), Email: f.Get("email")}
	// The browser's own zone (admin.js fills the hidden field), so dates
	// are days where the business is; one the server does not know is
	// dropped rather than refused: the person never saw that field.
	zone := f.Get("timeZone")
	if !tenant.ValidZone(zone) {
		zone = ""
	}
	sess, _, err := h.cfg.Onboarding.SignUp(r.Context(), onboarding.SignupInput{BusinessName: d.BusinessName,
		Email: d.Email, Password: f.Get("password"), TimeZone: zone, IP: h.clientIP(r)})
	if err != nil {
		return formAgain("signup", &view{Title: "Create your account", Data: d}, err)
	}
	h.startSession(w, r, sess)
	h.redirectOK(w, r, "/admin", "Welcome to MAIS! Your site is live with a starter page; the list below gets it ready to take bookings.")
	return nil
}

func (h *Handler) stripePage(w http.ResponseWriter, r *http.Request, s *session) error {
	a, err := h.cfg.Onboarding.StripeStatus(r.Context(), s.Tenant.ID)
	if err != nil {
		return err
	}
	d := stripeData{Account: a, Returned: r.URL.Query().Get("return") != "", Mock: h.cfg.Onboarding.Connect.Local()}
	h.writePage(w, r, http.StatusOK, "stripe", &view{Title: "Payments", Nav: "stripe", S: s, Data: d})
	return nil
}

// stripeConnect sends the business to Stripe's onboarding, opening its
// account on first use.
func (h *Handler) stripeConnect(w http.ResponseWriter, r *http.Request, s *session) error {
	link, err := h.cfg.Onboarding.ConnectStripe(r.Context(), s.Tenant)
	if err != nil {
		h.redirectError(w, r, "/admin/stripe", err)
		return nil
	}
	http.Redirect(w, r, link, http.StatusSeeOther)
	return nil
}

// stripeRefresh is Stripe's refresh_url: an expired or used link is
// replaced by a new one. Being a GET any site can link to, it never opens
// an account; the button (a POST) does.
func (h *Handler) stripeRefresh(w http.ResponseWriter, r *http.Request, s *session) error {
	a, err := h.cfg.Onboarding.StripeStatus(r.Context(), s.Tenant.ID)
	if err != nil {
		return err
	}
	if a.ID == "" {
		http.Redirect(w, r, "/admin/stripe", http.StatusSeeOther)
		return nil
	}
	return h.stripeConnect(w, r, s)
}

// stripeMockPage is the mock preset's stand-in for Stripe's hosted
// onboarding: one button finishes it.
func (h *Handler) stripeMockPage(w http.ResponseWriter, r *http.Request, s *session) error {
	if !h.cfg.Onboarding.Connect.Local() {
		return apperr.NotFound("page")
	}
	a, err := h.cfg.Onboarding.StripeStatus(r.Context(), s.Tenant.ID)
	if err != nil {
		return err
	}
	if a.ID == "" {
		http.Redirect(w, r, "/admin/stripe", http.StatusSeeOther)
		return nil
	}
	h.writePage(w, r, http.StatusOK, "stripe_mock", &view{Title: "Simulated Stripe onboarding", Nav: "stripe", S: s,
		Data: stripeData{Account: a, Mock: true}})
	return nil
}

func (h *Handler) stripeMockComplete(w http.ResponseWriter, r *http.Request, s *session) error {
	if _, err := h.cfg.Onboarding.CompleteMockOnboarding(r.Context(), s.Tenant.ID); err != nil {
		return err
	}
	h.redirectOK(w, r, onboarding.ReturnPath, "Stripe is connected (simulated): couples can now pay you online.")
	return nil
}
