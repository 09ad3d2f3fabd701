package dashboard

import (
	"net/http"

	"mais/internal/booking"
)

type blackoutsData struct {
	List   []booking.Blackout
	Date   string
	Reason string
	All    bool
	Today  string
}

func (h *Handler) blackoutList(w http.ResponseWriter, r *http.Request, s *session) error {
	return h.renderBlackouts(w, r, s, &blackoutsData{All: r.URL.Query().Get("all") != ""}, nil)
}

// renderBlackouts shows the list, or the form again when formErr is set.
func (h *Handler) renderBlackouts(w http.ResponseWriter, r *http.Request, s *session, d *blackoutsData, formErr error) error {
	d.Today = booking.Today(h.now(), s.Tenant.Location())
	from := d.Today
	if d.All {
		from = ""
	}
	list, err := h.cfg.Bookings.ListBlackouts(r.Context(), s.Tenant.ID, from, "")
	if err != nil {
		return err
	}
	d.List = list
	v := &view{Title: "Blackout dates", Nav: "blackouts", S: s, Data: d}
	return h.pageOrForm(w, r, "blackouts", v, formErr)
}

// blackoutCreate stops selling a date (booking.Service.CreateBlackout, as
// POST /v1/admin/blackouts): a paid date is a CONFLICT; a held date's hold
// is released in the same transaction.
func (h *Handler) blackoutCreate(w http.ResponseWriter, r *http.Request, s *session) error {
	f := r.PostForm
	b, err := h.cfg.Bookings.CreateBlackout(r.Context(), s.Tenant.ID, f.Get("date"), f.Get("reason"))
	if err != nil {
		return h.renderBlackouts(w, r, s, &blackoutsData{Date: f.Get("date"), Reason: f.Get("reason")}, err)
	}
	msg := longDate(b.Date) + " is blacked out: it can no longer be booked."
	if b.ReleasedHoldID != "" {
		msg += " The unpaid checkout that held it was released."
	}
	h.redirectOK(w, r, "/admin/blackouts", msg)
	return nil
}

func (h *Handler) blackoutDelete(w http.ResponseWriter, r *http.Request, s *session) error {
	if err := h.cfg.Bookings.DeleteBlackout(r.Context(), s.Tenant.ID, r.PathValue("id")); err != nil {
		return err
	}
	h.redirectOK(w, r, "/admin/blackouts", "The date can be booked again.")
	return nil
}
