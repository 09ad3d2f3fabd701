package api

import (
	"net/http"

	"mais/internal/httpx"
)

// BlackoutJSON is a date the tenant does not sell. ReleasedBookingID names
// the hold that creating it released, if any (only in the create answer).
type BlackoutJSON struct {
	ID                string `json:"id"`
	Date              string `json:"date"`
	Reason            string `json:"reason"`
	ReleasedBookingID string `json:"releasedBookingId,omitempty"`
}

// listBlackouts answers GET /v1/admin/blackouts?from&to (both optional).
func (s *Server) listBlackouts(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	list, err := s.Booking.ListBlackouts(r.Context(), tenantOf(r), q.Get("from"), q.Get("to"))
	if err != nil {
		return err
	}
	out := make([]BlackoutJSON, 0, len(list))
	for _, b := range list {
		out = append(out, BlackoutJSON{ID: b.ID, Date: b.Date, Reason: b.Reason})
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

// createBlackout answers POST /v1/admin/blackouts {"date","reason"?}. A paid
// date is 409 CONFLICT; a date held by an unpaid checkout is blacked out and
// the hold released in one transaction (both audited).
func (s *Server) createBlackout(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Date   string `json:"date"`
		Reason string `json:"reason"`
	}
	if err := httpx.Decode(w, r, smallBody, &in); err != nil {
		return err
	}
	b, err := s.Booking.CreateBlackout(r.Context(), tenantOf(r), in.Date, in.Reason)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, BlackoutJSON{ID: b.ID, Date: b.Date, Reason: b.Reason, ReleasedBookingID: b.ReleasedHoldID})
	return nil
}

func (s *Server) deleteBlackout(w http.ResponseWriter, r *http.Request) error {
	if err := s.Booking.DeleteBlackout(r.Context(), tenantOf(r), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
