package api

import (
	"errors"
	"io"
	"net/http"

	"mais/internal/apperr"
	"mais/internal/booking"
	"mais/internal/httpx"
	"mais/internal/payment"
)

func (s *Server) availability(w http.ResponseWriter, r *http.Request) error {
	date := r.URL.Query().Get("date")
	if date == "" {
		return apperr.Validation("date is required", map[string]string{"date": "is required (YYYY-MM-DD)"})
	}
	body, err := s.Booking.DayAvailabilityJSON(r.Context(), requestTenant(r.Context()), date)
	if err != nil {
		return err
	}
	httpx.WriteJSONBytes(w, http.StatusOK, body)
	return nil
}

func (s *Server) unavailableDates(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	fields := apperr.FieldErrors{}
	if q.Get("from") == "" {
		fields.Add("from", "is required (YYYY-MM-DD)")
	}
	if q.Get("to") == "" {
		fields.Add("to", "is required (YYYY-MM-DD)")
	}
	if err := fields.Err(); err != nil {
		return err
	}
	days, err := s.Booking.Unavailable(r.Context(), TenantFrom(r.Context()), q.Get("from"), q.Get("to"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"from": q.Get("from"), "to": q.Get("to"), "dates": days})
	return nil
}

func (s *Server) checkout(w http.ResponseWriter, r *http.Request) error {
	var in booking.CheckoutInput
	if err := httpx.Decode(w, r, 64<<10, &in); err != nil {
		return err
	}
	in.ClientAddress = s.clientIP(r)
	res, err := s.Booking.Checkout(r.Context(), TenantFrom(r.Context()), in)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, res)
	return nil
}

// maxWebhookBody is far above any checkout.session event Stripe sends.
const maxWebhookBody = 512 << 10

// stripeWebhook implements docs/API.md §6: verify, record, apply once. An
// event MAIS does not act on (another integration's session, another type)
// is answered 200 with outcome "ignored".
func (s *Server) stripeWebhook(w http.ResponseWriter, r *http.Request) error {
	payload, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return apperr.New(apperr.CodePayloadTooLarge, "webhook body too large")
		}
		return apperr.Validation("could not read the body", nil)
	}
	ev, err := payment.VerifyWebhook(payload, r.Header.Get("Stripe-Signature"), s.WebhookSecret, payment.DefaultWebhookTolerance)
	if err != nil {
		return err
	}
	// Every type, account.updated too, goes through the one observed entry
	// point (booking passes Connect events on to onboarding).
	outcome, err := s.Booking.HandleStripeEvent(r.Context(), ev, payload)
	if err != nil {
		if apperr.Code(err) == apperr.CodeInternal {
			// Ours to fix: 5xx so Stripe retries; the event row keeps the error.
			s.Logger.ErrorContext(r.Context(), "webhook processing failed", "event", ev.ID, "type", ev.Type, "err", err)
			return apperr.New(apperr.CodeUnavailable, "the event could not be processed now; it will be retried")
		}
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"received": true, "outcome": outcome})
	return nil
}
