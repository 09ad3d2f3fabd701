package dashboard

import (
	"net/http"
	"time"

	"mais/internal/booking"
	"mais/internal/siteconfig"
)

type overviewData struct {
	Upcoming        []bookingRow
	Month           string
	MonthURL        string
	Paid            int
	RevenueCents    int64
	CommissionCents int64
	Pending         int
	Proposals       int
}

// monthScan bounds how many bookings the overview reads for one month.
const monthScan = 2000

// overview is a tenant admin's start page: what is coming up, and what this
// month's events bring in and owe the platform.
func (h *Handler) overview(w http.ResponseWriter, r *http.Request, s *session) {
	ctx := r.Context()
	tid := s.Tenant.ID
	today := todayIn(h.now(), s.Tenant)
	first, last := monthBounds(today)
	d := overviewData{Month: first.Format("January 2006"), MonthURL: "/admin/bookings/calendar?month=" + first.Format("2006-01")}

	upcoming, err := h.cfg.Bookings.ListBookings(ctx, tid, booking.ListFilter{From: today.Format(time.DateOnly),
		Statuses: []booking.Status{booking.StatusPaid, booking.StatusPending, booking.StatusConflict}, Limit: 8})
	if err != nil {
		h.errorPage(w, r, s, err)
		return
	}
	names, err := h.packageNames(ctx, tid)
	if err != nil {
		h.errorPage(w, r, s, err)
		return
	}
	d.Upcoming = bookingRows(upcoming, names)

	// Revenue of the month is what the month's events were paid; the
	// commission is what each booking recorded at checkout.
	for offset := 0; offset < monthScan; offset += 500 {
		list, err := h.cfg.Bookings.ListBookings(ctx, tid, booking.ListFilter{From: first.Format(time.DateOnly),
			To: last.Format(time.DateOnly), Statuses: []booking.Status{booking.StatusPaid, booking.StatusPending},
			Limit: 500, Offset: offset})
		if err != nil {
			h.errorPage(w, r, s, err)
			return
		}
		for _, b := range list {
			if b.Status == booking.StatusPending {
				d.Pending++
				continue
			}
			d.Paid++
			d.RevenueCents += b.TotalCents
			d.CommissionCents += b.CommissionCents
		}
		if len(list) < 500 {
			break
		}
	}
	proposals, err := h.cfg.SiteConfig.Proposals(ctx, tid, siteconfig.ProposalPending, 100, 0)
	if err != nil {
		h.errorPage(w, r, s, err)
		return
	}
	d.Proposals = len(proposals)
	h.writePage(w, r, http.StatusOK, "overview", &view{Title: "Overview", Nav: "overview", S: s, Data: d})
}
