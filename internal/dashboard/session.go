package dashboard

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/httpx"
	"mais/internal/identity"
	"mais/internal/ratelimit"
	"mais/internal/tenant"
)

// sessionCookie holds the session token identity issued at login (a JWT).
// Nothing about the session is kept in this process, so any process behind
// the load balancer can serve the next request; logging out records the
// token's id in the shared store, which every process checks.
const sessionCookie = "mais_admin"

// Request body limits. A site page form carries at most one page of a
// document bounded at 1 MB; uploads are checked file by file
// (media.MaxUploadBytes) inside this bound, the edge's.
const (
	maxFormBody      = 2 << 20
	maxMultipartBody = 11 << 20
)

// session is the admin a request acts for.
type session struct {
	P     identity.Principal
	Token string
	// Tenant is the tenant of a tenant admin; zero for platform admins.
	Tenant tenant.Tenant
}

// pageFunc is a handler that runs for a logged-in admin. It writes its page
// or returns its failure, which the dashboard's one adapter (fail) turns
// into the answer: the form again with its fields marked (formAgain), or
// the error page.
type pageFunc func(w http.ResponseWriter, r *http.Request, s *session) error

// anyAdmin runs fn for every logged-in admin (their own account pages).
func (h *Handler) anyAdmin(fn pageFunc) http.Handler { return h.guard(fn, "") }

// tenantAdmin runs fn for tenant admins; fn acts on s.Tenant only.
func (h *Handler) tenantAdmin(fn pageFunc) http.Handler {
	return h.guard(fn, identity.RoleTenantAdmin)
}

// platformAdmin runs fn for platform admins.
func (h *Handler) platformAdmin(fn pageFunc) http.Handler {
	return h.guard(fn, identity.RolePlatformAdmin)
}

// guard authenticates the session cookie, checks the role and, for a POST,
// that a browser sent it from the dashboard itself, before fn runs. Without
// a valid session a browser is sent to the login page and comes back
// afterwards. Store writes made by fn are audited under the user, as in
// the JSON API.
func (h *Handler) guard(fn pageFunc, role string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		s, err := h.admit(w, r, role)
		if s == nil && err == nil {
			return // redirected
		}
		if err == nil {
			if r.MultipartForm != nil {
				defer r.MultipartForm.RemoveAll()
			}
			ctx := audit.WithActor(r.Context(), audit.Actor{Type: audit.ActorUser, ID: s.P.UserID})
			r = r.WithContext(ctx)
			err = fn(w, r, s)
		}
		if err != nil {
			h.fail(w, r, s, err)
		}
	})
}

// admit finds the session of a request and checks it may run a page of
// role; a POST's form is read and its origin checked. It answers a
// browser that must log in first or a platform admin on a tenant page
// itself, with a redirect (nil session, nil error).
func (h *Handler) admit(w http.ResponseWriter, r *http.Request, role string) (*session, error) {
	s, err := h.authenticate(r)
	switch {
	case apperr.Is(err, apperr.CodeUnauthorized):
		h.clearSession(w, r)
		next := r.URL.RequestURI()
		if r.Method != http.MethodGet {
			next = ""
		}
		http.Redirect(w, r, loginURL(next), http.StatusSeeOther)
		return nil, nil
	case err != nil:
		return nil, err
	case role != "" && s.P.Role != role && s.P.Role == identity.RolePlatformAdmin && r.Method == http.MethodGet:
		http.Redirect(w, r, "/admin/platform", http.StatusSeeOther)
		return nil, nil
	case role != "" && s.P.Role != role:
		return s, apperr.New(apperr.CodeForbidden, "this page is open to %s only",
			strings.ToLower(strings.ReplaceAll(role, "_", " "))+"s")
	}
	if s.P.Role == identity.RoleTenantAdmin {
		httpx.NoteTenant(r.Context(), s.P.TenantID)
		if s.Tenant, err = h.cfg.Tenants.Current(r.Context(), s.P.TenantID); err != nil {
			return nil, err
		}
	}
	if r.Method == http.MethodPost {
		return s, h.readPost(w, r)
	}
	return s, nil
}

// readPost checks that a browser sent the POST from the dashboard itself
// (http.CrossOriginProtection: Sec-Fetch-Site, else Origin against Host,
// the platform's base trusted too), then reads its form. A session cookie
// is SameSite=Lax as well, so another site's form reaches us without it.
func (h *Handler) readPost(w http.ResponseWriter, r *http.Request) error {
	if h.origins.Check(r) != nil {
		return errForgedForm
	}
	return h.parseForm(w, r)
}

// inactivePage answers every dashboard page of a deactivated tenant's admin
// (docs/API.md §7): 403 TENANT_INACTIVE as a page that says so and offers to
// log out, whatever page was asked for.
func (h *Handler) inactivePage(w http.ResponseWriter, r *http.Request, err error) {
	_, body := httpx.Describe(r, h.log, err)
	d := errorData{Status: http.StatusForbidden, Heading: "This business is deactivated",
		Detail: sentence(body.Message) + " Its dashboard, site and booking widget are closed until then."}
	if c, cerr := r.Cookie(sessionCookie); cerr == nil && c.Value != "" {
		d.Logout = true
	}
	h.writePage(w, r, http.StatusForbidden, "error", &view{Title: d.Heading, Data: d})
}

// errForgedForm answers a POST another site made.
var errForgedForm = apperr.New(apperr.CodeForbidden,
	"this form could not be verified; it may have expired. Go back, reload the page and try again")

// authenticate reads the session cookie. No cookie, or a token identity
// does not accept, is UNAUTHORIZED.
func (h *Handler) authenticate(r *http.Request) (*session, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, apperr.New(apperr.CodeUnauthorized, "log in first")
	}
	p, err := h.cfg.Identity.Authenticate(r.Context(), c.Value)
	if err != nil {
		return nil, err
	}
	return &session{P: p, Token: c.Value}, nil
}

// startSession sets the cookie of a new session (login, password change).
func (h *Handler) startSession(w http.ResponseWriter, r *http.Request, s identity.Session) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: s.Token, Path: "/admin", Expires: s.ExpiresAt,
		MaxAge: max(int(s.ExpiresAt.Sub(h.now()).Seconds()), 1), HttpOnly: true,
		Secure: h.isSecure(r), SameSite: http.SameSiteLaxMode,
	})
}

func (h *Handler) clearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/admin", MaxAge: -1, HttpOnly: true,
		Secure: h.isSecure(r), SameSite: http.SameSiteLaxMode})
}

// isSecure says whether cookies must be Secure: the request came over TLS
// or the platform is published on https (behind a TLS-terminating proxy).
func (h *Handler) isSecure(r *http.Request) bool { return r.TLS != nil || h.secure }

// crossOrigin refuses POSTs a browser says come from another site. The
// platform's base is trusted as well (a proxy may rewrite Host). A request
// naming no origin is not a browser's: it still needs the session cookie.
func crossOrigin(publicBase string) (*http.CrossOriginProtection, error) {
	c := http.NewCrossOriginProtection()
	if u, err := url.Parse(publicBase); err == nil && u.Scheme != "" && u.Host != "" {
		if err := c.AddTrustedOrigin(u.Scheme + "://" + u.Host); err != nil {
			return nil, fmt.Errorf("dashboard: trusted origin: %w", err)
		}
	}
	return c, nil
}

// parseForm reads a POST body within the dashboard's limits.
func (h *Handler) parseForm(w http.ResponseWriter, r *http.Request) error {
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		r.Body = http.MaxBytesReader(w, r.Body, maxMultipartBody)
		err = r.ParseMultipartForm(1 << 20)
	} else {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
		err = r.ParseForm()
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return apperr.New(apperr.CodePayloadTooLarge, "the form is too large; photos may be at most 10 MB each, and a form takes about 10 MB at a time")
	case err != nil:
		return apperr.Validation("the form could not be read", nil)
	}
	if err := formText(r.PostForm, r.MultipartForm); err != nil {
		if r.MultipartForm != nil {
			r.MultipartForm.RemoveAll()
		}
		return err
	}
	return nil
}

// clientIP is the address failed logins count against.
func (h *Handler) clientIP(r *http.Request) string {
	return ratelimit.ClientIP(r, h.cfg.TrustedProxies)
}

// loginURL is the login page, returning to next afterwards.
func loginURL(next string) string {
	if next == "" || !localPath(next) {
		return "/admin/login"
	}
	return "/admin/login?next=" + url.QueryEscape(next)
}

// localPath accepts only dashboard paths as a place to return to, so the
// login page cannot be used to send someone to another site.
func localPath(p string) bool {
	return strings.HasPrefix(p, "/admin") && !strings.HasPrefix(p, "//") && !strings.ContainsAny(p, "\\\r\n") &&
		!strings.HasPrefix(p, "/admin/login") && !strings.HasPrefix(p, "/admin/logout")
}
