package booking

import (
	"context"
	"strconv"
	"strings"

	"mais/internal/apperr"
)

// This file is the admin booking listing: its filter, its page bounds and
// which statuses may be asked for, for every surface (JSON API, dashboard).

// ListFilter narrows an admin booking listing.
type ListFilter struct {
	From, To string   // inclusive dates; empty = open
	Statuses []Status // empty = any
	Limit    int      // 0: DefaultPageSize
	Offset   int
}

// Bounds of a booking listing's page.
const (
	DefaultPageSize = 100
	MaxPageSize     = 500
	MaxOffset       = 1_000_000
)

// Statuses lists every status, in the order admins pick them from.
var Statuses = []Status{StatusPaid, StatusDepositPaid, StatusPending, StatusConflict, StatusExpired, StatusCanceled}

// StatusNames is Statuses written for people: "PAID, DEPOSIT_PAID, …".
// Messages and the API description list the statuses through it, so a new
// status cannot be missing from them (DEPOSIT_PAID was).
func StatusNames() string {
	names := make([]string, len(Statuses))
	for i, st := range Statuses {
		names[i] = string(st)
	}
	return strings.Join(names, ", ")
}

// ParseStatus reads a status name (any case); ok is false for a name that
// is not one of Statuses.
func ParseStatus(name string) (st Status, ok bool) {
	st = Status(strings.ToUpper(strings.TrimSpace(name)))
	for _, known := range Statuses {
		if st == known {
			return st, true
		}
	}
	return "", false
}

// ParseListFilter reads a listing request as query strings give it: from
// and to (YYYY-MM-DD, optional), status (a comma list of status names,
// optional), limit (1..MaxPageSize, default DefaultPageSize) and offset
// (0..MaxOffset). Errors are VALIDATION_ERROR naming each bad field.
func ParseListFilter(from, to, status, limit, offset string) (ListFilter, error) {
	fields := apperr.FieldErrors{}
	f := ListFilter{From: from, To: to}
	for name, v := range map[string]string{"from": from, "to": to} {
		if v != "" {
			if _, err := ParseDate(name, v); err != nil {
				fields.Add(name, "must be a real date written YYYY-MM-DD")
			}
		}
	}
	if from != "" && to != "" && to < from {
		fields.Add("to", "must not be before from")
	}
	if status != "" {
		for _, part := range strings.Split(status, ",") {
			st, ok := ParseStatus(part)
			if !ok {
				fields.Add("status", "must be a comma list of "+StatusNames())
				break
			}
			f.Statuses = append(f.Statuses, st)
		}
	}
	f.Limit = intParam(limit, DefaultPageSize, 1, MaxPageSize, "limit", fields)
	f.Offset = intParam(offset, 0, 0, MaxOffset, "offset", fields)
	return f, fields.Err()
}

// intParam parses an optional integer within [lo, hi].
func intParam(raw string, def, lo, hi int, name string, fields apperr.FieldErrors) int {
	if raw == "" {
		return def
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < lo || n > hi {
		fields.Add(name, "must be a whole number from "+strconv.Itoa(lo)+" to "+strconv.Itoa(hi))
		return def
	}
	return n
}

// ListBookings lists the tenant's bookings by date, then creation time. A
// zero Limit is DefaultPageSize; a filter ParseListFilter would refuse is
// VALIDATION_ERROR.
func (s *Service) ListBookings(ctx context.Context, tenantID string, f ListFilter) ([]Booking, error) {
	if f.Limit == 0 {
		f.Limit = DefaultPageSize
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	return s.Store.ListBookings(ctx, tenantID, f)
}

// check is ParseListFilter's rules for a filter built in code.
func (f ListFilter) check() error {
	var status []string
	for _, st := range f.Statuses {
		status = append(status, string(st))
	}
	_, err := ParseListFilter(f.From, f.To, strings.Join(status, ","), strconv.Itoa(f.Limit), strconv.Itoa(f.Offset))
	return err
}

// Booking returns one of the tenant's bookings (another tenant's id is
// NOT_FOUND).
func (s *Service) Booking(ctx context.Context, tenantID, id string) (Booking, error) {
	return s.Store.BookingByID(ctx, tenantID, id)
}
