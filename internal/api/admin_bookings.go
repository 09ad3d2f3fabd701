package api

import (
	"net/http"
	"time"

	"mais/internal/booking"
	"mais/internal/httpx"
)

// AdminBookingJSON is a booking as a tenant admin sees it (docs/API.md §7).
type AdminBookingJSON struct {
	ID                string            `json:"id"`
	Date              string            `json:"date"`
	Status            booking.Status    `json:"status"`
	PackageID         string            `json:"packageId"`
	AddOnIDs          []string          `json:"addOnIds"`
	Customer          AdminCustomerJSON `json:"customer"`
	TotalCents        int64             `json:"totalCents"`
	CommissionCents   int64             `json:"commissionCents"`
	CommissionPercent float64           `json:"commissionPercent"`
	CreatedAt         time.Time         `json:"createdAt"`
	Notes             string            `json:"notes"`
	Venue             *VenueRefJSON     `json:"venue"` // null: none given
}

// VenueRefJSON is the venue of a booking as chosen at checkout; ID is
// null when the couple typed the name.
type VenueRefJSON struct {
	ID      *string `json:"id"`
	Name    string  `json:"name"`
	Address string  `json:"address"`
}

func newVenueRefJSON(b booking.Booking) *VenueRefJSON {
	if b.VenueName == "" {
		return nil
	}
	out := &VenueRefJSON{Name: b.VenueName, Address: b.VenueAddress}
	if b.VenueID != "" {
		out.ID = &b.VenueID
	}
	return out
}

// AdminCustomerJSON is who booked.
type AdminCustomerJSON struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone,omitempty"` // the booking's detail only
}

func newAdminBookingJSON(b booking.Booking) AdminBookingJSON {
	addOns := b.AddOnIDs
	if addOns == nil {
		addOns = []string{}
	}
	return AdminBookingJSON{ID: b.ID, Date: b.Date, Status: b.Status, PackageID: b.PackageID, AddOnIDs: addOns,
		Customer:   AdminCustomerJSON{Name: b.Customer.Name, Email: b.Customer.Email},
		TotalCents: b.TotalCents, CommissionCents: b.CommissionCents,
		CommissionPercent: float64(b.CommissionBps) / 100, CreatedAt: b.CreatedAt.UTC(),
		Notes: b.Notes, Venue: newVenueRefJSON(b)}
}

// listBookings answers GET /v1/admin/bookings?from&to&status=PAID,PENDING&limit&offset.
func (s *Server) listBookings(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f, err := booking.ParseListFilter(q.Get("from"), q.Get("to"), q.Get("status"), q.Get("limit"), q.Get("offset"))
	if err != nil {
		return err
	}
	list, err := s.Booking.ListBookings(r.Context(), tenantOf(r), f)
	if err != nil {
		return err
	}
	out := make([]AdminBookingJSON, 0, len(list))
	for _, b := range list {
		out = append(out, newAdminBookingJSON(b))
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

// releaseHold answers POST /v1/admin/bookings/{id}/release: the tenant frees
// a date held by an unpaid checkout. → 200 with the booking (now CANCELED);
// a booking that is not a hold → 409 CONFLICT; another tenant's id → 404.
// Should the couple still pay, the payment books the date only if it is
// still sellable, else it is flagged for refund.
func (s *Server) releaseHold(w http.ResponseWriter, r *http.Request) error {
	b, err := s.Booking.CancelHold(r.Context(), tenantOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, newAdminBookingJSON(b))
	return nil
}
