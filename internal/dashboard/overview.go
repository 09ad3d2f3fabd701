package dashboard

import (
	"net/http"
	"time"

	"mais/internal/booking"
	"mais/internal/onboarding"
	"mais/internal/siteconfig"
)

type overviewData struct {
	Upcoming []bookingRow
	Month    string
	MonthURL string
	// Totals is the one set of money figures: what moved this month in
	// the tenant's zone (by payment time), what is still due today, and
	// the checkouts holding a date now; amounts in Currency.
	booking.Totals
	Currency  string
	Proposals int
	// Checklist gets a new business ready to sell (checklist.html); nil
	// without onboarding.
	Checklist *onboarding.Checklist
	// SiteURL is where the business's site is seen: its verified domain
	// when it has one (siteURL), else /t/{slug} on the platform.
	SiteURL string
}

// overview is a tenant admin's start page: what is coming up, what came in
// this month and what it owes the platform.
func (h *Handler) overview(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx := r.Context()
	tid := s.Tenant.ID
	now := h.now()
	today := todayIn(now, s.Tenant)
	d := overviewData{Month: today.Format("January 2006"), MonthURL: "/admin/bookings/calendar?month=" + today.Format("2006-01")}
	site, err := h.siteURL(ctx, s.Tenant)
	if err != nil {
		return err
	}
	d.SiteURL = site

	upcoming, err := h.cfg.Bookings.ListBookings(ctx, tid, booking.ListFilter{From: today.Format(time.DateOnly),
		Statuses: []booking.Status{booking.StatusPaid, booking.StatusDepositPaid, booking.StatusPending, booking.StatusConflict}, Limit: 8})
	if err != nil {
		return err
	}
	names, err := h.packageNames(ctx, tid)
	if err != nil {
		return err
	}
	d.Upcoming = bookingRows(upcoming, names)

	from, to := monthSpan(today, s.Tenant.Location())
	if d.Totals, err = h.cfg.Bookings.Totals(ctx, tid, from, to, s.Tenant.Location()); err != nil {
		return err
	}
	d.Currency = s.Tenant.Settings().Currency
	proposals, err := h.cfg.SiteConfig.Proposals(ctx, tid, siteconfig.ProposalPending, 100, 0)
	if err != nil {
		return err
	}
	d.Proposals = len(proposals)
	if h.cfg.Onboarding != nil {
		c, err := h.cfg.Onboarding.Checklist(ctx, s.Tenant)
		if err != nil {
			return err
		}
		d.Checklist = &c
	}
	h.writePage(w, r, http.StatusOK, "overview", &view{Title: "Overview", Nav: "overview", S: s, Data: d})
	return nil
}

// monthSpan is the month of day as instants: from its first midnight in
// loc up to (not including) the next month's.
func monthSpan(day time.Time, loc *time.Location) (from, to time.Time) {
	from = time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, loc)
	return from, from.AddDate(0, 1, 0)
}
