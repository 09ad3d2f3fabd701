package dashboard

import (
	"errors"
	"net/http"

	"mais/internal/apperr"
	"mais/internal/httpx"
	"mais/internal/identity"
)

type authData struct {
	Next  string
	Email string
	Token string // reset token
	// SignupOpen links the login page to /signup (MAIS_SIGNUP=open).
	SignupOpen bool
}

// public adapts a page shown without a session (login, forgotten and reset
// password) to the dashboard's error adapter.
func (h *Handler) public(fn httpx.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		err := error(nil)
		if r.Method == http.MethodPost {
			err = h.readPost(w, r)
		}
		if err == nil {
			err = fn(w, r)
		}
		if err != nil {
			h.fail(w, r, nil, err)
		}
	})
}

func (h *Handler) loginPage(w http.ResponseWriter, r *http.Request) error {
	next := r.URL.Query().Get("next")
	if !localPath(next) {
		next = ""
	}
	if s, err := h.authenticate(r); err == nil && s != nil {
		http.Redirect(w, r, orHome(next), http.StatusSeeOther)
		return nil
	}
	h.writePage(w, r, http.StatusOK, "login", &view{Title: "Log in", Data: authData{Next: next, SignupOpen: h.signupOpen() == nil}})
	return nil
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) error {
	f := r.PostForm
	next := f.Get("next")
	if !localPath(next) {
		next = ""
	}
	sess, err := h.cfg.Identity.Login(r.Context(), identity.LoginInput{Email: f.Get("email"), Password: f.Get("password"), IP: h.clientIP(r)})
	if apperr.Is(err, apperr.CodeInvalidCreds) {
		// 401, not the 400 of a form with a marked field.
		v := &view{Title: "Log in", Data: authData{Next: next, Email: f.Get("email")}, Message: h.describe(r, err)}
		h.writePage(w, r, http.StatusUnauthorized, "login", v)
		return nil
	}
	if err != nil {
		return formAgain("login", &view{Title: "Log in", Data: authData{Next: next, Email: f.Get("email")}}, err)
	}
	h.startSession(w, r, sess)
	http.Redirect(w, r, orHome(next), http.StatusSeeOther)
	return nil
}

// logout ends the session for good: identity records its id as revoked,
// so the token stops working on every process, as a cookie and as a Bearer
// token alike, and the cookie goes. A POST from another site is refused
// while the session is good; a cookie that no longer holds one (expired,
// revoked, a deactivated tenant's) just goes.
func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		if err := h.readPost(w, r); err != nil {
			if s, aerr := h.authenticate(r); aerr == nil {
				h.fail(w, r, s, err)
				return
			}
		} else if err := h.cfg.Identity.Logout(r.Context(), c.Value); err != nil && !apperr.Is(err, apperr.CodeUnauthorized) {
			h.fail(w, r, nil, err)
			return
		}
	}
	h.clearSession(w, r)
	h.redirectOK(w, r, "/admin/login", "You are logged out.")
}

func (h *Handler) forgotPage(w http.ResponseWriter, r *http.Request) error {
	h.writePage(w, r, http.StatusOK, "forgot", &view{Title: "Forgotten password", Data: authData{}})
	return nil
}

func (h *Handler) forgot(w http.ResponseWriter, r *http.Request) error {
	email := r.PostForm.Get("email")
	if err := h.cfg.Identity.RequestReset(r.Context(), email, h.clientIP(r)); err != nil {
		return formAgain("forgot", &view{Title: "Forgotten password", Data: authData{Email: email}}, err)
	}
	// The same answer whether or not the address has an account.
	h.redirectOK(w, r, "/admin/login", "If an account uses that address, a link to choose a new password is on its way.")
	return nil
}

func (h *Handler) resetPage(w http.ResponseWriter, r *http.Request) error {
	// The token stays out of the Referer of anything this page loads.
	w.Header().Set("Referrer-Policy", "no-referrer")
	d := authData{Token: r.URL.Query().Get("token")}
	h.writePage(w, r, http.StatusOK, "reset", &view{Title: "Choose a new password", Data: d})
	return nil
}

func (h *Handler) reset(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Referrer-Policy", "no-referrer")
	f := r.PostForm
	token, next := f.Get("token"), f.Get("newPassword")
	err := samePassword(next, f.Get("confirmPassword"))
	if err == nil {
		err = h.cfg.Identity.ResetPassword(r.Context(), token, next, h.clientIP(r))
	}
	if err != nil {
		v := &view{Title: "Choose a new password", Data: authData{Token: token}}
		if e := (*apperr.Error)(nil); errors.As(err, &e) && e.Fields["token"] != "" {
			// The token is no field the person can fix: say so as the
			// page's message.
			err = apperr.Validation(e.Fields["token"], nil)
		}
		return formAgain("reset", v, err)
	}
	h.redirectOK(w, r, "/admin/login", "Your password was changed. Log in with the new one.")
	return nil
}

func (h *Handler) passwordPage(w http.ResponseWriter, r *http.Request, s *session) error {
	h.writePage(w, r, http.StatusOK, "password", &view{Title: "Change password", Nav: "password", S: s})
	return nil
}

func (h *Handler) changePassword(w http.ResponseWriter, r *http.Request, s *session) error {
	f := r.PostForm
	next := f.Get("newPassword")
	var sess identity.Session
	err := samePassword(next, f.Get("confirmPassword"))
	if err == nil {
		sess, err = h.cfg.Identity.ChangePassword(r.Context(), s.P.UserID, f.Get("currentPassword"), next)
	}
	if err != nil {
		return formAgain("password", &view{Title: "Change password", Nav: "password", S: s}, err)
	}
	// Changing the password ended every other session, this one included:
	// continue with the session issued for the new password.
	h.startSession(w, r, sess)
	h.redirectOK(w, r, "/admin", "Your password was changed. Other devices have been logged out.")
	return nil
}

// samePassword is VALIDATION_ERROR on confirmPassword when the two typed
// passwords differ.
func samePassword(next, confirm string) error {
	if next != confirm {
		return apperr.Validation("the passwords differ", map[string]string{"confirmPassword": "must repeat the new password"})
	}
	return nil
}

func orHome(next string) string {
	if next == "" {
		return "/admin"
	}
	return next
}
