package dashboard

import (
	"crypto/rand"
	"net/http"

	"mais/internal/apperr"
	"mais/internal/identity"
)

// formCookie keys the CSRF token of the forms shown before login (login,
// forgotten password, reset): there is no session yet to tie them to.
const formCookie = "mais_form"

type authData struct {
	Next  string
	Email string
	Token string // reset token
}

// preToken returns the CSRF token of a pre-login form, giving the browser a
// random nonce cookie first if it has none.
func (h *Handler) preToken(w http.ResponseWriter, r *http.Request) string {
	nonce := ""
	if c, err := r.Cookie(formCookie); err == nil && len(c.Value) >= 16 && len(c.Value) <= 64 {
		nonce = c.Value
	} else {
		nonce = rand.Text()
		http.SetCookie(w, &http.Cookie{Name: formCookie, Value: nonce, Path: "/admin", MaxAge: 12 * 3600,
			HttpOnly: true, Secure: h.isSecure(r), SameSite: http.SameSiteLaxMode})
	}
	return h.token("form", nonce)
}

// checkPre reads a pre-login form and verifies its origin and token.
func (h *Handler) checkPre(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(w, r); err != nil {
		return err
	}
	c, err := r.Cookie(formCookie)
	if err != nil || !h.sameOrigin(r) || !validToken(r.PostForm.Get("csrf"), h.token("form", c.Value)) {
		return errForgedForm
	}
	return nil
}

// bareView is a page shown without a session.
func (h *Handler) bareView(w http.ResponseWriter, r *http.Request, title string, d authData) *view {
	v := &view{Title: title, Data: d}
	v.CSRF = h.preToken(w, r)
	return v
}

func (h *Handler) loginPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	next := r.URL.Query().Get("next")
	if !localPath(next) {
		next = ""
	}
	if s, err := h.authenticate(r); err == nil && s != nil {
		http.Redirect(w, r, orHome(next), http.StatusSeeOther)
		return
	}
	h.writePage(w, r, http.StatusOK, "login", h.bareView(w, r, "Log in", authData{Next: next}))
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if err := h.checkPre(w, r); err != nil {
		v := h.bareView(w, r, "Log in", authData{})
		v.Message = h.describe(r, err)
		h.writePage(w, r, http.StatusForbidden, "login", v)
		return
	}
	f := r.PostForm
	next := f.Get("next")
	if !localPath(next) {
		next = ""
	}
	sess, err := h.cfg.Identity.Login(r.Context(), identity.LoginInput{Email: f.Get("email"), Password: f.Get("password"), IP: h.clientIP(r)})
	if err != nil {
		status, msg, fields, ok := h.formProblem(r, err)
		if !ok {
			h.errorPage(w, r, nil, err)
			return
		}
		setRetryAfter(w, err)
		if apperr.Is(err, apperr.CodeInvalidCreds) {
			status = http.StatusUnauthorized
		}
		v := h.bareView(w, r, "Log in", authData{Next: next, Email: f.Get("email")})
		v.Message, v.Errors = msg, fields
		h.writePage(w, r, status, "login", v)
		return
	}
	h.startSession(w, r, sess)
	http.Redirect(w, r, orHome(next), http.StatusSeeOther)
}

// logout ends the session for good: identity records its id as revoked,
// so the token stops working on every process, as a cookie and as a Bearer
// token alike, and the cookie goes. A POST from another site is refused
// while the session is good; a cookie that no longer holds one (expired,
// revoked, a deactivated tenant's) just goes.
func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		if err := h.parseForm(w, r); err != nil || !h.sameOrigin(r) || !validToken(r.PostForm.Get("csrf"), h.token("session", c.Value)) {
			if s, aerr := h.authenticate(r); aerr == nil {
				h.errorPage(w, r, s, errForgedForm)
				return
			}
		} else if err := h.cfg.Identity.Logout(r.Context(), c.Value); err != nil && !apperr.Is(err, apperr.CodeUnauthorized) {
			h.errorPage(w, r, nil, err)
			return
		}
	}
	h.clearSession(w, r)
	h.redirectOK(w, r, "/admin/login", "You are logged out.")
}

func (h *Handler) forgotPage(w http.ResponseWriter, r *http.Request) {
	h.writePage(w, r, http.StatusOK, "forgot", h.bareView(w, r, "Forgotten password", authData{}))
}

func (h *Handler) forgot(w http.ResponseWriter, r *http.Request) {
	if err := h.checkPre(w, r); err != nil {
		h.errorPage(w, r, nil, err)
		return
	}
	email := r.PostForm.Get("email")
	if err := h.cfg.Identity.RequestReset(r.Context(), email, h.clientIP(r)); err != nil {
		status, msg, fields, ok := h.formProblem(r, err)
		if !ok {
			h.errorPage(w, r, nil, err)
			return
		}
		setRetryAfter(w, err)
		v := h.bareView(w, r, "Forgotten password", authData{Email: email})
		v.Message, v.Errors = msg, fields
		h.writePage(w, r, status, "forgot", v)
		return
	}
	// The same answer whether or not the address has an account.
	h.redirectOK(w, r, "/admin/login", "If an account uses that address, a link to choose a new password is on its way.")
}

func (h *Handler) resetPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	// The token stays out of the Referer of anything this page loads.
	w.Header().Set("Referrer-Policy", "no-referrer")
	d := authData{Token: r.URL.Query().Get("token")}
	h.writePage(w, r, http.StatusOK, "reset", h.bareView(w, r, "Choose a new password", d))
}

func (h *Handler) reset(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	if err := h.checkPre(w, r); err != nil {
		h.errorPage(w, r, nil, err)
		return
	}
	f := r.PostForm
	token, next := f.Get("token"), f.Get("newPassword")
	err := error(nil)
	if next != f.Get("confirmPassword") {
		err = apperr.Validation("the passwords differ", map[string]string{"confirmPassword": "must repeat the new password"})
	} else {
		err = h.cfg.Identity.ResetPassword(r.Context(), token, next, h.clientIP(r))
	}
	if err != nil {
		status, msg, fields, ok := h.formProblem(r, err)
		if !ok {
			h.errorPage(w, r, nil, err)
			return
		}
		setRetryAfter(w, err)
		v := h.bareView(w, r, "Choose a new password", authData{Token: token})
		v.Message, v.Errors = msg, fields
		if fields["token"] != "" {
			v.Message = sentence(fields["token"])
		}
		h.writePage(w, r, status, "reset", v)
		return
	}
	h.redirectOK(w, r, "/admin/login", "Your password was changed. Log in with the new one.")
}

func (h *Handler) passwordPage(w http.ResponseWriter, r *http.Request, s *session) {
	h.writePage(w, r, http.StatusOK, "password", &view{Title: "Change password", Nav: "password", S: s})
}

func (h *Handler) changePassword(w http.ResponseWriter, r *http.Request, s *session) {
	f := r.PostForm
	next := f.Get("newPassword")
	var sess identity.Session
	err := error(nil)
	if next != f.Get("confirmPassword") {
		err = apperr.Validation("the passwords differ", map[string]string{"confirmPassword": "must repeat the new password"})
	} else {
		sess, err = h.cfg.Identity.ChangePassword(r.Context(), s.P.UserID, f.Get("currentPassword"), next)
	}
	if err != nil {
		status, msg, fields, ok := h.formProblem(r, err)
		if !ok {
			h.errorPage(w, r, s, err)
			return
		}
		h.writePage(w, r, status, "password", &view{Title: "Change password", Nav: "password", S: s, Message: msg, Errors: fields})
		return
	}
	// Changing the password ended every other session, this one included:
	// continue with the session issued for the new password.
	h.startSession(w, r, sess)
	h.redirectOK(w, r, "/admin", "Your password was changed. Other devices have been logged out.")
}

func orHome(next string) string {
	if next == "" {
		return "/admin"
	}
	return next
}
