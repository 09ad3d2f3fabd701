package dashboard

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"mais/internal/apperr"
	"mais/internal/booking"
	"mais/internal/tenant"
)

// bookingRow is a booking as the lists show it.
type bookingRow struct {
	ID         string
	Date       string
	Status     string
	Customer   string
	Email      string
	Package    string
	TotalCents int64
	// Commission is the commission on the money taken so far (the fees of
	// its charges net of refunds); OnPayment: nothing is taken yet (a hold),
	// so none is due until the couple pays.
	Commission int64
	OnPayment  bool
	Refund     bool
	Venue      string // the venue chosen or typed at checkout ("" none)
}

// packageNames maps the tenant's package ids to names, inactive ones too,
// so lists can say what was booked.
func (h *Handler) packageNames(ctx context.Context, tenantID string) (map[string]string, error) {
	pkgs, err := h.cfg.Catalog.Packages(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(pkgs))
	for _, p := range pkgs {
		names[p.ID] = p.Name
	}
	return names, nil
}

func bookingRows(list []booking.Booking, names map[string]string) []bookingRow {
	rows := make([]bookingRow, 0, len(list))
	for _, b := range list {
		name := names[b.PackageID]
		if name == "" {
			name = "(deleted package)"
		}
		rows = append(rows, bookingRow{ID: b.ID, Date: b.Date, Status: string(b.Status), Customer: b.Customer.Name,
			Email: b.Customer.Email, Package: name, TotalCents: b.TotalCents, Commission: b.FeesCents, OnPayment: b.Status == booking.StatusPending,
			Refund: b.NeedsRefund, Venue: b.VenueName})
	}
	return rows
}

type bookingsData struct {
	Rows     []bookingRow
	From, To string
	Status   string
	Statuses []option
	Offset   int
	PrevURL  string
	NextURL  string
}

const bookingPage = 50

// bookingList shows the tenant's bookings by date, filtered by a date range
// and a status; by default the ones from today on.
func (h *Handler) bookingList(w http.ResponseWriter, r *http.Request, s *session) error {
	q := r.URL.Query()
	today := booking.Today(h.now(), s.Tenant.Location())
	d := bookingsData{From: q.Get("from"), To: q.Get("to"), Status: q.Get("status")}
	if !q.Has("from") && !q.Has("to") {
		d.From = today
	}
	d.Offset, _ = strconv.Atoi(q.Get("offset"))
	d.Offset = max(0, min(d.Offset, booking.MaxOffset))
	// One page and one more row, to know whether a next page exists.
	f, err := booking.ParseListFilter(d.From, d.To, d.Status, strconv.Itoa(bookingPage+1), strconv.Itoa(d.Offset))
	d.Statuses = []option{{Value: "", Label: "Any status"}}
	for _, st := range booking.Statuses {
		d.Statuses = append(d.Statuses, option{Value: string(st), Label: titleWord(string(st))})
	}
	v := &view{Title: "Bookings", Nav: "bookings", S: s, Data: &d}
	if err != nil {
		var ok bool
		if _, v.Message, v.Errors, ok = h.formProblem(r, err); !ok {
			return err
		}
		v.Message = "Please correct the filter."
		h.writePage(w, r, http.StatusBadRequest, "bookings", v)
		return nil
	}
	list, err := h.cfg.Bookings.ListBookings(r.Context(), s.Tenant.ID, f)
	if err != nil {
		return err
	}
	names, err := h.packageNames(r.Context(), s.Tenant.ID)
	if err != nil {
		return err
	}
	more := len(list) > bookingPage
	if more {
		list = list[:bookingPage]
	}
	d.Rows = bookingRows(list, names)
	page := func(offset int) string {
		u := url.Values{"from": {d.From}, "to": {d.To}, "status": {d.Status}, "offset": {strconv.Itoa(offset)}}
		return "/admin/bookings?" + u.Encode()
	}
	if d.Offset > 0 {
		d.PrevURL = page(max(0, d.Offset-bookingPage))
	}
	if more {
		d.NextURL = page(d.Offset + bookingPage)
	}
	h.writePage(w, r, http.StatusOK, "bookings", v)
	return nil
}

type bookingDetail struct {
	B         booking.Booking
	Package   string
	Percent   string
	Created   string
	Paid      string
	HoldUntil string
	Calendar  string
	// Money is the money card (nil without BookingMoney).
	Money *moneyPanel
}

// bookingDetail shows one booking; another tenant's id is NOT_FOUND in the
// store, as everywhere.
func (h *Handler) bookingDetail(w http.ResponseWriter, r *http.Request, s *session) error {
	b, err := h.cfg.Bookings.Booking(r.Context(), s.Tenant.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	loc := s.Tenant.Location()
	d := bookingDetail{B: b, Package: "(deleted package)", Created: when(b.CreatedAt, loc),
		Percent:  strconv.FormatFloat(float64(b.CommissionBps)/100, 'f', -1, 64) + "%",
		Calendar: "/admin/bookings/calendar?month=" + b.Date[:min(7, len(b.Date))]}
	if p, err := h.cfg.Catalog.Package(r.Context(), s.Tenant.ID, b.PackageID); err == nil {
		d.Package = p.Name
	} else if !apperr.Is(err, apperr.CodeNotFound) {
		return err
	}
	if b.PaidAt != nil {
		d.Paid = when(*b.PaidAt, loc)
	}
	if b.Status == booking.StatusPending {
		d.HoldUntil = when(b.HoldExpiresAt, loc)
	}
	if d.Money, err = h.moneyPanel(r.Context(), s.Tenant, b); err != nil {
		return err
	}
	h.writePage(w, r, http.StatusOK, "booking", &view{Title: "Booking on " + longDate(b.Date), Nav: "bookings", S: s, Data: d})
	return nil
}

// bookingRelease frees the date of an unpaid hold (POST
// /admin/bookings/{id}/release, as POST /v1/admin/bookings/{id}/release):
// the booking becomes CANCELED, audited. A booking that is no longer a hold
// comes back with the reason.
func (h *Handler) bookingRelease(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("id")
	b, err := h.cfg.Bookings.CancelHold(r.Context(), s.Tenant.ID, id)
	if apperr.Is(err, apperr.CodeConflict) {
		h.redirectError(w, r, "/admin/bookings/"+url.PathEscape(id), err)
		return nil
	}
	if err != nil {
		return err
	}
	h.redirectOK(w, r, "/admin/bookings/"+url.PathEscape(b.ID), "The hold is released: "+longDate(b.Date)+" can be booked again.")
	return nil
}

// when writes an instant in the tenant's zone.
func when(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("Jan 2, 2006, 3:04 PM MST")
}

// monthBounds returns the first and last day of the month of day.
func monthBounds(day time.Time) (first, last time.Time) {
	first = time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, time.UTC)
	return first, first.AddDate(0, 1, -1)
}

// todayIn is today's date in the tenant's zone, as a UTC midnight.
func todayIn(now time.Time, t tenant.Tenant) time.Time {
	d, _ := time.Parse(time.DateOnly, booking.Today(now, t.Location()))
	return d
}
