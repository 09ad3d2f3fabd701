package api

import (
	"net/http"
	"time"

	"mais/internal/apperr"
	"mais/internal/booking"
	"mais/internal/httpx"
	"mais/internal/tenant"
)

// The money of a booking (docs/API.md §11): the tenant's refund, cancel and
// reschedule of a booking, its detail with payments, and the couple's manage
// routes, authorised by the signed token of their manage link.

// managePolicy: the couple's routes are public (per-IP limits) and answer
// JSON; the token, not a tenant key, says which booking.
var managePolicy = httpx.Policy{Shared: true, JSON: true, Rate: PublicRate}

func (s *Server) registerMoneyRoutes(m *httpx.Mux) {
	m.Handle("GET /v1/admin/bookings/{id}", adminPolicy, s.json(s.TenantAdminOnly(s.bookingDetail)))
	m.Handle("POST /v1/admin/bookings/{id}/refund", adminPolicy, s.json(s.TenantAdminOnly(s.refundBooking)))
	m.Handle("POST /v1/admin/bookings/{id}/cancel", adminPolicy, s.json(s.TenantAdminOnly(s.cancelBooking)))
	m.Handle("POST /v1/admin/bookings/{id}/reschedule", adminPolicy, s.json(s.TenantAdminOnly(s.rescheduleBooking)))

	m.Handle("GET /v1/public/bookings/manage", managePolicy, s.json(s.manageBooking))
	m.Handle("POST /v1/public/bookings/pay-balance", managePolicy, s.json(s.managePayBalance))
	m.Handle("POST /v1/public/bookings/reschedule", managePolicy, s.json(s.manageReschedule))
	m.Handle("POST /v1/public/bookings/cancel", managePolicy, s.json(s.manageCancel))
}

// PaymentJSON is one charge or refund of a booking.
type PaymentJSON struct {
	ID          string    `json:"id"`
	Kind        string    `json:"kind"`    // charge or refund
	Purpose     string    `json:"purpose"` // deposit, balance, full; cancel, admin, conflict, provider
	AmountCents int64     `json:"amountCents"`
	FeeCents    *int64    `json:"applicationFeeCents,omitempty"` // the tenant admin's view only
	CreatedAt   time.Time `json:"createdAt"`
}

// BookingMoneyJSON is a booking with its money (docs/API.md §7, §11): the
// admin's detail (with commission) or the couple's view (without).
type BookingMoneyJSON struct {
	ID                string            `json:"id"`
	Date              string            `json:"date"`
	Status            booking.Status    `json:"status"`
	PackageID         string            `json:"packageId"`
	AddOnIDs          []string          `json:"addOnIds"`
	Customer          AdminCustomerJSON `json:"customer"`
	Notes             string            `json:"notes"`
	Currency          string            `json:"currency"`
	TotalCents        int64             `json:"totalCents"`
	CommissionCents   *int64            `json:"commissionCents,omitempty"`
	CommissionPercent *float64          `json:"commissionPercent,omitempty"`
	DepositCents      int64             `json:"depositCents"`
	PaidCents         int64             `json:"paidCents"`
	BalanceCents      int64             `json:"balanceCents"`
	BalanceDueDate    *string           `json:"balanceDueDate"`
	RefundedCents     int64             `json:"refundedCents"`
	NeedsRefund       bool              `json:"needsRefund"`
	Disputed          bool              `json:"disputed"`
	Payments          []PaymentJSON     `json:"payments"`
	ManageURL         string            `json:"manageUrl"`
	// RefundIfCanceledCents is what canceling now would refund under the
	// tenant's policy.
	RefundIfCanceledCents int64     `json:"refundIfCanceledCents"`
	CreatedAt             time.Time `json:"createdAt"`
}

func (s *Server) bookingMoneyJSON(t tenant.Tenant, b booking.Booking, ps []booking.Payment, admin bool) BookingMoneyJSON {
	out := BookingMoneyJSON{ID: b.ID, Date: b.Date, Status: b.Status, PackageID: b.PackageID, AddOnIDs: b.AddOnIDs,
		Customer: AdminCustomerJSON{Name: b.Customer.Name, Email: b.Customer.Email, Phone: b.Customer.Phone},
		Notes:    b.Notes, Currency: b.Currency, TotalCents: b.TotalCents, DepositCents: b.DepositCents, PaidCents: b.PaidCents,
		BalanceCents: b.BalanceCents(), RefundedCents: b.RefundedCents, NeedsRefund: b.NeedsRefund, Disputed: b.Disputed,
		Payments: make([]PaymentJSON, 0, len(ps)), ManageURL: s.Booking.ManageURL(b), CreatedAt: b.CreatedAt.UTC()}
	if out.AddOnIDs == nil {
		out.AddOnIDs = []string{}
	}
	if b.BalanceDueDate != "" && out.BalanceCents > 0 {
		out.BalanceDueDate = &b.BalanceDueDate
	}
	if b.Live() {
		out.RefundIfCanceledCents = s.Booking.RefundPreview(t, b)
	}
	if admin {
		c, p := b.CommissionCents, float64(b.CommissionBps)/100
		out.CommissionCents, out.CommissionPercent = &c, &p
	}
	for _, p := range ps {
		j := PaymentJSON{ID: p.ID, Kind: p.Kind, Purpose: p.Purpose, AmountCents: p.AmountCents, CreatedAt: p.CreatedAt.UTC()}
		if admin {
			fee := p.ApplicationFeeCents
			j.FeeCents = &fee
		}
		out.Payments = append(out.Payments, j)
	}
	return out
}

// writeBooking answers 200 with the booking's money view, read again.
func (s *Server) writeBooking(w http.ResponseWriter, r *http.Request, t tenant.Tenant, id string, admin bool) error {
	b, ps, err := s.Booking.BookingPayments(r.Context(), t.ID, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, s.bookingMoneyJSON(t, b, ps, admin))
	return nil
}

// adminTenant is the token's tenant, for the settings its booking rules read.
func (s *Server) adminTenant(r *http.Request) (tenant.Tenant, error) {
	return s.TenantAdmin.ByID(r.Context(), tenantOf(r))
}

// bookingDetail answers GET /v1/admin/bookings/{id}.
func (s *Server) bookingDetail(w http.ResponseWriter, r *http.Request) error {
	t, err := s.adminTenant(r)
	if err != nil {
		return err
	}
	return s.writeBooking(w, r, t, r.PathValue("id"), true)
}

// refundBooking answers POST /v1/admin/bookings/{id}/refund {"amountCents"?}:
// default everything paid and not refunded yet; more → 400; nothing → 409.
func (s *Server) refundBooking(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		AmountCents *int64 `json:"amountCents"`
	}
	if err := decodeOptional(w, r, &in); err != nil {
		return err
	}
	t, err := s.adminTenant(r)
	if err != nil {
		return err
	}
	if _, _, err := s.Booking.Refund(r.Context(), t, r.PathValue("id"), in.AmountCents); err != nil {
		return err
	}
	return s.writeBooking(w, r, t, r.PathValue("id"), true)
}

// cancelBooking answers POST /v1/admin/bookings/{id}/cancel
// {"refund": "policy"|"full"|"none"} (default policy).
func (s *Server) cancelBooking(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Refund string `json:"refund"`
		Reason string `json:"reason"`
	}
	if err := decodeOptional(w, r, &in); err != nil {
		return err
	}
	t, err := s.adminTenant(r)
	if err != nil {
		return err
	}
	if _, err := s.Booking.Cancel(r.Context(), t, r.PathValue("id"), in.Refund, in.Reason); err != nil {
		return err
	}
	return s.writeBooking(w, r, t, r.PathValue("id"), true)
}

// rescheduleBooking answers POST /v1/admin/bookings/{id}/reschedule {"date"}.
func (s *Server) rescheduleBooking(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Date string `json:"date"`
	}
	if err := httpx.Decode(w, r, smallBody, &in); err != nil {
		return err
	}
	t, err := s.adminTenant(r)
	if err != nil {
		return err
	}
	if _, err := s.Booking.Reschedule(r.Context(), t, r.PathValue("id"), in.Date, false); err != nil {
		return err
	}
	return s.writeBooking(w, r, t, r.PathValue("id"), true)
}

// managed is the booking and tenant of the request's ?token= (401 if not valid).
func (s *Server) managed(r *http.Request) (booking.Booking, tenant.Tenant, error) {
	token := r.URL.Query().Get("token")
	if token == "" {
		return booking.Booking{}, tenant.Tenant{}, apperr.New(apperr.CodeUnauthorized, "the booking link is missing its token")
	}
	return s.Booking.Manage(r.Context(), token)
}

// manageBooking answers GET /v1/public/bookings/manage?token=.
func (s *Server) manageBooking(w http.ResponseWriter, r *http.Request) error {
	b, t, err := s.managed(r)
	if err != nil {
		return err
	}
	return s.writeBooking(w, r, t, b.ID, false)
}

// managePayBalance answers POST /v1/public/bookings/pay-balance?token= →
// {"checkoutUrl","sessionId","amountCents"}; nothing due → 409.
func (s *Server) managePayBalance(w http.ResponseWriter, r *http.Request) error {
	b, t, err := s.managed(r)
	if err != nil {
		return err
	}
	res, err := s.Booking.PayBalance(r.Context(), b, t)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"checkoutUrl": res.CheckoutURL, "sessionId": res.SessionID, "amountCents": res.AmountDueNowCents})
	return nil
}

// manageReschedule answers POST /v1/public/bookings/reschedule?token= {"date"}.
func (s *Server) manageReschedule(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Date string `json:"date"`
	}
	if err := httpx.Decode(w, r, smallBody, &in); err != nil {
		return err
	}
	b, t, err := s.managed(r)
	if err != nil {
		return err
	}
	if _, err := s.Booking.Reschedule(r.Context(), t, b.ID, in.Date, true); err != nil {
		return err
	}
	return s.writeBooking(w, r, t, b.ID, false)
}

// manageCancel answers POST /v1/public/bookings/cancel?token= {"reason"?} →
// {"status":"CANCELED","refundCents"}, refunded by the tenant's policy.
func (s *Server) manageCancel(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeOptional(w, r, &in); err != nil {
		return err
	}
	b, t, err := s.managed(r)
	if err != nil {
		return err
	}
	res, err := s.Booking.CancelByCouple(r.Context(), t, b.ID, in.Reason)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"status": res.Booking.Status, "refundCents": res.RefundCents})
	return nil
}
