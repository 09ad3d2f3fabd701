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

func (h *Handler) blackoutList(w http.ResponseWriter, r *http.Request, s *session) {
	h.renderBlackouts(w, r, s, http.StatusOK, &blackoutsData{All: r.URL.Query().Get("all") != ""}, nil)
}

func (h *Handler) renderBlackouts(w http.ResponseWriter, r *http.Request, s *session, status int, d *blackoutsData, formErr error) {
	d.Today = booking.Today(h.now(), s.Tenant.Location())
	from := d.Today
	if d.All {
		from = ""
	}
	list, err := h.cfg.Bookings.ListBlackouts(r.Context(), s.Tenant.ID, from, "")
	if err != nil {
		h.errorPage(w, r, s, err)
		return
	}
	d.List = list
	v := &view{Title: "Blackout dates", Nav: "blackouts", S: s, Data: d}
	if formErr != nil {
		var ok bool
		status, v.Message, v.Errors, ok = h.formProblem(r, formErr)
		if !ok {
			h.errorPage(w, r, s, formErr)
			return
		}
	}
	h.writePage(w, r, status, "blackouts", v)
}

// blackoutCreate stops selling a date (booking.Service.CreateBlackout, as
// POST /v1/admin/blackouts): a paid date is a CONFLICT; a held date's hold
// is released in the same transaction.
func (h *Handler) blackoutCreate(w http.ResponseWriter, r *http.Request, s *session) {
	f := r.PostForm
	b, err := h.cfg.Bookings.CreateBlackout(r.Context(), s.Tenant.ID, f.Get("date"), f.Get("reason"))
	if err != nil {
		h.renderBlackouts(w, r, s, http.StatusBadRequest, &blackoutsData{Date: f.Get("date"), Reason: f.Get("reason")}, err)
		return
	}
	msg := longDate(b.Date) + " is blacked out: it can no longer be booked."
	if b.ReleasedHoldID != "" {
		msg += " The unpaid checkout that held it was released."
	}
	h.redirectOK(w, r, "/admin/blackouts", msg)
}

func (h *Handler) blackoutDelete(w http.ResponseWriter, r *http.Request, s *session) {
	if err := h.cfg.Bookings.DeleteBlackout(r.Context(), s.Tenant.ID, r.PathValue("id")); err != nil {
		h.errorPage(w, r, s, err)
		return
	}
	h.redirectOK(w, r, "/admin/blackouts", "The date can be booked again.")
}
