package api

import (
	"net/http"
	"time"

	"mais/internal/apperr"
	"mais/internal/httpx"
	"mais/internal/tenant"
)

// AdminTenantJSON is a tenant as a platform admin sees it. Secrets never
// appear; the secret key appears once, in the answer that minted it.
type AdminTenantJSON struct {
	ID                string    `json:"id"`
	Slug              string    `json:"slug"`
	Name              string    `json:"name"`
	Email             string    `json:"email"`
	Active            bool      `json:"active"`
	CommissionPercent float64   `json:"commissionPercent"`
	CustomDomain      *string   `json:"customDomain"`
	TimeZone          string    `json:"timeZone"`
	HoldMinutes       int       `json:"holdMinutes"`
	APIKeyPublic      string    `json:"apiKeyPublic"`
	StripeAccountID   string    `json:"stripeAccountId"`
	CreatedAt         time.Time `json:"createdAt"`
	// APIKeySecret is set only by create and rotate-keys.
	APIKeySecret string `json:"apiKeySecret,omitempty"`
	// AdminEmail is set only by create.
	AdminEmail string `json:"adminEmail,omitempty"`
}

func newAdminTenantJSON(t tenant.Tenant) AdminTenantJSON {
	out := AdminTenantJSON{ID: t.ID, Slug: t.Slug, Name: t.Name, Email: t.Email, Active: t.Active,
		CommissionPercent: t.CommissionPercent(), TimeZone: t.TimeZone, HoldMinutes: t.HoldMinutes,
		APIKeyPublic: t.APIKeyPublic, StripeAccountID: t.StripeAccountID, CreatedAt: t.CreatedAt.UTC()}
	if t.CustomDomain != "" {
		d := t.CustomDomain
		out.CustomDomain = &d
	}
	return out
}

func (s *Server) listTenants(w http.ResponseWriter, r *http.Request) error {
	list, err := s.TenantAdmin.List(r.Context())
	if err != nil {
		return err
	}
	out := make([]AdminTenantJSON, 0, len(list))
	for _, t := range list {
		out = append(out, newAdminTenantJSON(t))
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) getTenant(w http.ResponseWriter, r *http.Request) error {
	t, err := s.TenantAdmin.ByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, newAdminTenantJSON(t))
	return nil
}

func (s *Server) createTenant(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Slug              string   `json:"slug"`
		Name              string   `json:"name"`
		Email             string   `json:"email"`
		Password          string   `json:"password"`
		CommissionPercent *float64 `json:"commissionPercent"`
		TimeZone          string   `json:"timeZone"`
	}
	if err := httpx.Decode(w, r, smallBody, &in); err != nil {
		return err
	}
	commission := tenant.DefaultCommissionPercent
	if in.CommissionPercent != nil {
		commission = *in.CommissionPercent
	}
	created, err := s.TenantAdmin.Create(r.Context(), tenant.CreateInput{Slug: in.Slug, Name: in.Name, Email: in.Email,
		Password: in.Password, CommissionPercent: commission, TimeZone: in.TimeZone})
	if err != nil {
		return err
	}
	out := newAdminTenantJSON(created.Tenant)
	out.APIKeySecret, out.AdminEmail = created.Keys.Secret, created.AdminEmail
	httpx.WriteJSON(w, http.StatusCreated, out)
	return nil
}

func (s *Server) updateTenant(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name              *string  `json:"name"`
		Active            *bool    `json:"active"`
		CommissionPercent *float64 `json:"commissionPercent"`
		CustomDomain      *string  `json:"customDomain"`
		TimeZone          *string  `json:"timeZone"`
		HoldMinutes       *int     `json:"holdMinutes"`
		StripeAccountID   *string  `json:"stripeAccountId"`
	}
	if err := httpx.Decode(w, r, smallBody, &in); err != nil {
		return err
	}
	u := tenant.Update{Name: in.Name, Active: in.Active, CustomDomain: in.CustomDomain, TimeZone: in.TimeZone,
		HoldMinutes: in.HoldMinutes, StripeAccountID: in.StripeAccountID}
	if in.CommissionPercent != nil {
		bps, err := tenant.ValidateCommission(*in.CommissionPercent)
		if err != nil {
			return err
		}
		u.CommissionBps = &bps
	}
	if u == (tenant.Update{}) {
		return apperr.Validation("the body changes nothing", map[string]string{"body": "name at least one field to change"})
	}
	t, err := s.TenantAdmin.Update(r.Context(), r.PathValue("id"), u)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, newAdminTenantJSON(t))
	return nil
}

func (s *Server) rotateTenantKeys(w http.ResponseWriter, r *http.Request) error {
	t, keys, err := s.TenantAdmin.RotateKeys(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	out := newAdminTenantJSON(t)
	out.APIKeySecret = keys.Secret
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}
