package dashboard

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
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
// document bounded at 1 MB; uploads are checked file by file (maxPhotoBytes)
// inside this bound.
const (
	maxFormBody      = 2 << 20
	maxMultipartBody = 8 << 20
)

// session is the admin a request acts for.
type session struct {
	P     identity.Principal
	Token string
	// CSRF is the token every form of this session must send back.
	CSRF string
	// Tenant is the tenant of a tenant admin; zero for platform admins.
	Tenant tenant.Tenant
}

// pageFunc is a handler that runs for a logged-in admin.
type pageFunc func(w http.ResponseWriter, r *http.Request, s *session)

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
// the origin and the CSRF token before fn runs. Without a valid session a
// browser is sent to the login page and comes back afterwards. Store
// writes made by fn are audited under the user, as in the JSON API.
func (h *Handler) guard(fn pageFunc, role string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		s, err := h.authenticate(r)
		if apperr.Is(err, apperr.CodeUnauthorized) {
			h.clearSession(w, r)
			next := r.URL.RequestURI()
			if r.Method != http.MethodGet {
				next = ""
			}
			http.Redirect(w, r, loginURL(next), http.StatusSeeOther)
			return
		}
		if apperr.Is(err, apperr.CodeTenantInactive) {
			h.inactivePage(w, r, err)
			return
		}
		if err != nil {
			h.errorPage(w, r, nil, err)
			return
		}
		if role != "" && s.P.Role != role {
			if s.P.Role == identity.RolePlatformAdmin && r.Method == http.MethodGet {
				http.Redirect(w, r, "/admin/platform", http.StatusSeeOther)
				return
			}
			h.errorPage(w, r, s, apperr.New(apperr.CodeForbidden, "this page is open to %s only",
				strings.ToLower(strings.ReplaceAll(role, "_", " "))+"s"))
			return
		}
		if s.P.Role == identity.RoleTenantAdmin {
			if s.Tenant, err = h.cfg.Tenants.Store.TenantByID(r.Context(), s.P.TenantID); err != nil {
				h.errorPage(w, r, nil, err)
				return
			}
		}
		if r.Method == http.MethodPost {
			if err := h.parseForm(w, r); err != nil {
				h.errorPage(w, r, s, err)
				return
			}
			if r.MultipartForm != nil {
				defer r.MultipartForm.RemoveAll()
			}
			if !h.sameOrigin(r) || !validToken(r.PostForm.Get("csrf"), s.CSRF) {
				h.errorPage(w, r, s, errForgedForm)
				return
			}
		}
		ctx := audit.WithActor(r.Context(), audit.Actor{Type: audit.ActorUser, ID: s.P.UserID})
		fn(w, r.WithContext(ctx), s)
	})
}

// inactivePage answers every dashboard page of a deactivated tenant's admin
// (contract §7): 403 TENANT_INACTIVE as a page that says so and offers to
// log out, whatever page was asked for.
func (h *Handler) inactivePage(w http.ResponseWriter, r *http.Request, err error) {
	_, body := httpx.Describe(r, h.log, err)
	d := errorData{Status: http.StatusForbidden, Heading: "This business is deactivated",
		Detail: sentence(body.Message) + " Its dashboard, site and booking widget are closed until then."}
	if c, cerr := r.Cookie(sessionCookie); cerr == nil {
		d.LogoutCSRF = h.token("session", c.Value)
	}
	h.writePage(w, r, http.StatusForbidden, "error", &view{Title: d.Heading, Data: d})
}

// errForgedForm answers a POST without this session's token or from
// another site.
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
	return &session{P: p, Token: c.Value, CSRF: h.token("session", c.Value)}, nil
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

// token is an HMAC of value under the dashboard secret, for one purpose.
// A session's CSRF token is token("session", jwt): it needs no storage, is
// the same in every process and dies with the session.
func (h *Handler) token(purpose, value string) string {
	m := hmac.New(sha256.New, h.cfg.Secret)
	m.Write([]byte("dashboard-" + purpose + "\x00" + value))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func validToken(got, want string) bool {
	return got != "" && want != "" && hmac.Equal([]byte(got), []byte(want))
}

// sameOrigin refuses a POST that a browser says comes from another site.
// Browsers send Origin on every form POST; Referer is the fallback for the
// few that strip it. A request with neither (not a browser) still needs the
// CSRF token.
func (h *Handler) sameOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		origin = r.Header.Get("Referer")
		if origin == "" {
			return true
		}
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false // includes Origin: null (sandboxed frames, data: pages)
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	base, err := url.Parse(h.cfg.PublicBaseURL)
	return err == nil && base.Host != "" && strings.EqualFold(u.Host, base.Host)
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
		return apperr.New(apperr.CodePayloadTooLarge, "the form is too large; photos may be at most 5 MB")
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
