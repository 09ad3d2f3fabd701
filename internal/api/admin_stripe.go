package api

import (
	"net/http"

	"mais/internal/httpx"
	"mais/internal/onboarding"
)

// StripeStatusJSON is GET /v1/admin/stripe/status (docs/API.md §14).
// AccountID is null before onboarding starts. StatusKnown is false for an
// account a platform admin set whose status Stripe has not sent yet: it
// is then trusted to take charges (ChargesEnabled true).
type StripeStatusJSON struct {
	AccountID        *string `json:"accountId"`
	ChargesEnabled   bool    `json:"chargesEnabled"`
	DetailsSubmitted bool    `json:"detailsSubmitted"`
	StatusKnown      bool    `json:"statusKnown"`
}

func stripeStatusJSON(a onboarding.Account) StripeStatusJSON {
	out := StripeStatusJSON{ChargesEnabled: a.ChargesEnabled, DetailsSubmitted: a.DetailsSubmitted, StatusKnown: a.Known}
	if a.ID != "" {
		id := a.ID
		out.AccountID = &id
		if !a.Known {
			out.ChargesEnabled, out.DetailsSubmitted = true, true
		}
	}
	return out
}

// stripeConnect answers POST /v1/admin/stripe/connect with {"url"}, the
// onboarding link of the tenant's account (opened on first use).
func (s *Server) stripeConnect(w http.ResponseWriter, r *http.Request) error {
	t, err := s.TenantAdmin.Current(r.Context(), tenantOf(r))
	if err != nil {
		return err
	}
	link, err := s.Onboarding.ConnectStripe(r.Context(), t)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]string{"url": link})
	return nil
}

func (s *Server) stripeStatus(w http.ResponseWriter, r *http.Request) error {
	a, err := s.Onboarding.StripeStatus(r.Context(), tenantOf(r))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, stripeStatusJSON(a))
	return nil
}
