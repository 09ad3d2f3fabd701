package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"mais/internal/apperr"
	"mais/internal/booking"
	"mais/internal/httpx"
)

// AdminBookingJSON is a booking as a tenant admin sees it (contract §7).
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
}

// AdminCustomerJSON is who booked.
type AdminCustomerJSON struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

func newAdminBookingJSON(b booking.Booking) AdminBookingJSON {
	addOns := b.AddOnIDs
	if addOns == nil {
		addOns = []string{}
	}
	return AdminBookingJSON{ID: b.ID, Date: b.Date, Status: b.Status, PackageID: b.PackageID, AddOnIDs: addOns,
		Customer:   AdminCustomerJSON{Name: b.Customer.Name, Email: b.Customer.Email},
		TotalCents: b.TotalCents, CommissionCents: b.CommissionCents,
		CommissionPercent: float64(b.CommissionBps) / 100, CreatedAt: b.CreatedAt.UTC()}
}

// Bounds of the booking listing's page.
const (
	defaultPageSize = 100
	maxPageSize     = 500
)

// listBookings answers GET /v1/admin/bookings?from&to&status=PAID,PENDING&limit&offset.
func (s *Server) listBookings(w http.ResponseWriter, r *http.Request) {
	f, err := parseBookingFilter(r)
	if err != nil {
		httpx.Error(w, r, s.Logger, err)
		return
	}
	list, err := s.Booking.Store.ListBookings(r.Context(), tenantOf(r), f)
	if err != nil {
		httpx.Error(w, r, s.Logger, err)
		return
	}
	out := make([]AdminBookingJSON, 0, len(list))
	for _, b := range list {
		out = append(out, newAdminBookingJSON(b))
	}
	httpx.WriteJSON(w, http.StatusOK, out)
}

func parseBookingFilter(r *http.Request) (booking.ListFilter, error) {
	q := r.URL.Query()
	fields := apperr.FieldErrors{}
	f := booking.ListFilter{From: q.Get("from"), To: q.Get("to"), Limit: defaultPageSize}
	for _, name := range []string{"from", "to"} {
		if v := q.Get(name); v != "" {
			if _, err := booking.ParseDate(name, v); err != nil {
				fields.Add(name, "must be a real date written YYYY-MM-DD")
			}
		}
	}
	if f.From != "" && f.To != "" && f.To < f.From {
		fields.Add("to", "must not be before from")
	}
	if raw := q.Get("status"); raw != "" {
		for _, part := range strings.Split(raw, ",") {
			st := booking.Status(strings.ToUpper(strings.TrimSpace(part)))
			switch st {
			case booking.StatusPending, booking.StatusPaid, booking.StatusExpired, booking.StatusCanceled, booking.StatusConflict:
				f.Statuses = append(f.Statuses, st)
			default:
				fields.Add("status", "must be a comma list of PENDING, PAID, EXPIRED, CANCELED, CONFLICT")
			}
		}
	}
	f.Limit = intParam(q.Get("limit"), defaultPageSize, 1, maxPageSize, "limit", fields)
	f.Offset = intParam(q.Get("offset"), 0, 0, 1_000_000, "offset", fields)
	return f, fields.Err()
}

// intParam parses an optional integer query parameter within [min, max].
func intParam(raw string, def, min, max int, name string, fields apperr.FieldErrors) int {
	if raw == "" {
		return def
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < min || n > max {
		fields.Add(name, "must be a whole number from "+strconv.Itoa(min)+" to "+strconv.Itoa(max))
		return def
	}
	return n
}

// releaseHold answers POST /v1/admin/bookings/{id}/release: the tenant frees
// a date held by an unpaid checkout. → 200 with the booking (now CANCELED);
// a booking that is not a hold → 409 CONFLICT; another tenant's id → 404.
// Should the couple still pay, the payment books the date only if it is
// still sellable, else it is flagged for refund.
func (s *Server) releaseHold(w http.ResponseWriter, r *http.Request) {
	b, err := s.Booking.Store.CancelHold(r.Context(), tenantOf(r), r.PathValue("id"), s.now())
	if err != nil {
		httpx.Error(w, r, s.Logger, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, newAdminBookingJSON(b))
}
