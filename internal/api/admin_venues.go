package api

import (
	"net/http"

	"mais/internal/catalog"
	"mais/internal/httpx"
)

// registerVenueRoutes adds the tenant admin's venues (docs/API.md §7):
// GET/POST /v1/admin/venues, PATCH/DELETE /v1/admin/venues/{id}.
func (s *Server) registerVenueRoutes(m *httpx.Mux) {
	m.Handle("GET /v1/admin/venues", adminPolicy, s.json(s.TenantAdminOnly(s.listVenues)))
	m.Handle("POST /v1/admin/venues", adminPolicy, s.json(s.TenantAdminOnly(s.createVenue)))
	m.Handle("PATCH /v1/admin/venues/{id}", adminPolicy, s.json(s.TenantAdminOnly(s.updateVenue)))
	m.Handle("DELETE /v1/admin/venues/{id}", adminPolicy, s.json(s.TenantAdminOnly(s.deleteVenue)))
}

// venueBody is the JSON of POST and PATCH /v1/admin/venues: {"name",
// "address", "capacity": guests or null}; PATCH takes any subset.
type venueBody struct {
	Name     *string         `json:"name"`
	Address  *string         `json:"address"`
	Capacity optionalPercent `json:"capacity"` // absent leaves it, null clears it
}

func (b venueBody) input() catalog.VenueInput {
	in := catalog.VenueInput{Name: b.Name, Address: b.Address}
	in.Capacity.Set, in.Capacity.Value = b.Capacity.Set, b.Capacity.Value
	return in
}

// listVenues answers the tenant's venues by name.
func (s *Server) listVenues(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Catalog.Venues(r.Context(), tenantOf(r))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, list)
	return nil
}

// createVenue answers 201 and the venue; a name in use is 409.
func (s *Server) createVenue(w http.ResponseWriter, r *http.Request) error {
	var body venueBody
	if err := httpx.Decode(w, r, smallBody, &body); err != nil {
		return err
	}
	v, err := s.Catalog.CreateVenue(r.Context(), tenantOf(r), body.input())
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, v)
	return nil
}

func (s *Server) updateVenue(w http.ResponseWriter, r *http.Request) error {
	var body venueBody
	if err := httpx.Decode(w, r, smallBody, &body); err != nil {
		return err
	}
	v, err := s.Catalog.UpdateVenue(r.Context(), tenantOf(r), r.PathValue("id"), body.input())
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, v)
	return nil
}

func (s *Server) deleteVenue(w http.ResponseWriter, r *http.Request) error {
	if err := s.Catalog.DeleteVenue(r.Context(), tenantOf(r), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
