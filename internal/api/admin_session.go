package api

import (
	"net/http"
	"time"

	"mais/internal/apperr"
	"mais/internal/httpx"
	"mais/internal/identity"
)

// SessionJSON answers a login or a password change (docs/API.md §7).
type SessionJSON struct {
	Token     string    `json:"token"`
	Role      string    `json:"role"`
	TenantID  string    `json:"tenantId,omitempty"`
	ExpiresAt time.Time `json:"expiresAt"`
}

func newSessionJSON(s identity.Session) SessionJSON {
	return SessionJSON{Token: s.Token, Role: s.Role, TenantID: s.TenantID, ExpiresAt: s.ExpiresAt}
}

// smallBody bounds the bodies of the session and password routes.
const smallBody = 8 << 10

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if err := httpx.Decode(w, r, smallBody, &in); err != nil {
		return err
	}
	session, err := s.Identity.Login(r.Context(), identity.LoginInput{Email: in.Email, Password: in.Password, IP: s.clientIP(r)})
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, newSessionJSON(session))
	return nil
}

// logout ends the session of the bearer token on every process, and with it
// the dashboard cookie carrying the same token (docs/API.md §7). It needs only
// a valid token: the admin of a deactivated tenant may log out too.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	token, ok := bearerToken(r)
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="mais-admin"`)
		return apperr.New(apperr.CodeUnauthorized, "an Authorization: Bearer token is required")
	}
	if err := s.Identity.Logout(r.Context(), token); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) error {
	p := PrincipalFrom(r.Context())
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"id": p.UserID, "email": p.Email, "role": p.Role, "tenantId": nullable(p.TenantID)})
	return nil
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		CurrentPassword string `json:"currentPassword"`
		NewPassword     string `json:"newPassword"`
	}
	if err := httpx.Decode(w, r, smallBody, &in); err != nil {
		return err
	}
	session, err := s.Identity.ChangePassword(r.Context(), PrincipalFrom(r.Context()).UserID, in.CurrentPassword, in.NewPassword)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, newSessionJSON(session))
	return nil
}

func (s *Server) forgotPassword(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Email string `json:"email"`
	}
	if err := httpx.Decode(w, r, smallBody, &in); err != nil {
		return err
	}
	if err := s.Identity.RequestReset(r.Context(), in.Email, s.clientIP(r)); err != nil {
		return err
	}
	// The same answer whether or not the address has an account.
	httpx.WriteJSON(w, http.StatusAccepted, map[string]string{
		"status":  "accepted",
		"message": "if an account uses this address, a reset link is on its way",
	})
	return nil
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Token       string `json:"token"`
		NewPassword string `json:"newPassword"`
	}
	if err := httpx.Decode(w, r, smallBody, &in); err != nil {
		return err
	}
	if err := s.Identity.ResetPassword(r.Context(), in.Token, in.NewPassword, s.clientIP(r)); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]string{"status": "reset"})
	return nil
}

// nullable turns an empty string into JSON null.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
