package dashboard

import (
	"net/http"
	"strconv"
	"strings"

	"mais/internal/apperr"
	"mais/internal/catalog"
)

// venuesData is the venues page: the tenant's list and the new-venue form.
type venuesData struct {
	List                    []catalog.Venue
	Name, Address, Capacity string
}

// venueList shows the venues couples can pick in the booking form.
func (h *Handler) venueList(w http.ResponseWriter, r *http.Request, s *session) error {
	return h.renderVenues(w, r, s, &venuesData{}, nil)
}

func (h *Handler) renderVenues(w http.ResponseWriter, r *http.Request, s *session, d *venuesData, formErr error) error {
	list, err := h.cfg.Catalog.Venues(r.Context(), s.Tenant.ID)
	if err != nil {
		return err
	}
	d.List = list
	v := &view{Title: "Venues", Nav: "venues", S: s, Data: d}
	return h.pageOrForm(w, r, "venues", v, formErr)
}

// venueCreate adds a venue through catalog.Service (as POST
// /v1/admin/venues); capacity is optional, a whole number of guests.
func (h *Handler) venueCreate(w http.ResponseWriter, r *http.Request, s *session) error {
	f := r.PostForm
	d := &venuesData{Name: f.Get("name"), Address: f.Get("address"), Capacity: f.Get("capacity")}
	in := catalog.VenueInput{Name: &d.Name, Address: &d.Address}
	if c := strings.TrimSpace(d.Capacity); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil {
			return h.renderVenues(w, r, s, d, apperr.Validation("invalid venue", map[string]string{"capacity": "must be a whole number of guests"}))
		}
		in.Capacity.Set, in.Capacity.Value = true, &n
	}
	if _, err := h.cfg.Catalog.CreateVenue(r.Context(), s.Tenant.ID, in); err != nil {
		return h.renderVenues(w, r, s, d, err)
	}
	h.redirectOK(w, r, "/admin/venues", "Venue added: couples can pick it when they book.")
	return nil
}

func (h *Handler) venueDelete(w http.ResponseWriter, r *http.Request, s *session) error {
	if err := h.cfg.Catalog.DeleteVenue(r.Context(), s.Tenant.ID, r.PathValue("id")); err != nil {
		return err
	}
	h.redirectOK(w, r, "/admin/venues", "Venue removed. Bookings made with it keep its name and address.")
	return nil
}
