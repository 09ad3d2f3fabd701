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

func (s *Server) availability(w http.ResponseWriter, r *http.Request) {
	date := r.URL.Query().Get("date")
	if date == "" {
		httpx.Error(w, r, s.Logger, apperr.Validation("date is required", map[string]string{"date": "is required (YYYY-MM-DD)"}))
		return
	}
	a, err := s.Booking.DayAvailability(r.Context(), TenantFrom(r.Context()), date)
	if err != nil {
		httpx.Error(w, r, s.Logger, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, a)
}

func (s *Server) unavailableDates(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	fields := apperr.FieldErrors{}
	if q.Get("from") == "" {
		fields.Add("from", "is required (YYYY-MM-DD)")
	}
	if q.Get("to") == "" {
		fields.Add("to", "is required (YYYY-MM-DD)")
	}
	if err := fields.Err(); err != nil {
		httpx.Error(w, r, s.Logger, err)
		return
	}
	days, err := s.Booking.Unavailable(r.Context(), TenantFrom(r.Context()), q.Get("from"), q.Get("to"))
	if err != nil {
		httpx.Error(w, r, s.Logger, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"from": q.Get("from"), "to": q.Get("to"), "dates": days})
}

func (s *Server) checkout(w http.ResponseWriter, r *http.Request) {
	var in booking.CheckoutInput
	if err := httpx.Decode(w, r, 64<<10, &in); err != nil {
		httpx.Error(w, r, s.Logger, err)
		return
	}
	in.ClientAddress = s.clientIP(r)
	res, err := s.Booking.Checkout(r.Context(), TenantFrom(r.Context()), in)
	if err != nil {
		httpx.Error(w, r, s.Logger, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, res)
}

// maxWebhookBody is far above any checkout.session event Stripe sends.
const maxWebhookBody = 512 << 10

// stripeWebhook implements docs/API.md §6: verify, record, apply once. An
// event MAIS does not act on (another integration's session, another type)
// is answered 200 with outcome "ignored".
func (s *Server) stripeWebhook(w http.ResponseWriter, r *http.Request) {
	payload, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			httpx.Error(w, r, s.Logger, apperr.New(apperr.CodePayloadTooLarge, "webhook body too large"))
			return
		}
		httpx.Error(w, r, s.Logger, apperr.Validation("could not read the body", nil))
		return
	}
	ev, err := payment.VerifyWebhook(payload, r.Header.Get("Stripe-Signature"), s.WebhookSecret, payment.DefaultWebhookTolerance)
	if err != nil {
		httpx.Error(w, r, s.Logger, err)
		return
	}
	outcome, err := s.Booking.HandleStripeEvent(r.Context(), ev, payload)
	if err != nil {
		if apperr.Code(err) == apperr.CodeInternal {
			// Ours to fix: 5xx so Stripe retries; the event row keeps the error.
			s.Logger.ErrorContext(r.Context(), "webhook processing failed", "event", ev.ID, "type", ev.Type, "err", err)
			httpx.Error(w, r, s.Logger, apperr.New(apperr.CodeUnavailable, "the event could not be processed now; it will be retried"))
			return
		}
		httpx.Error(w, r, s.Logger, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"received": true, "outcome": outcome})
}
