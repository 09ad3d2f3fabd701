package booking

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"time"

	"mais/internal/apperr"
	"mais/internal/tenant"
)

// This file is the couple's manage link (docs/API.md §11):
// PUBLIC_BASE_URL/b/{token}. A token names one booking and carries an HMAC
// of it under a key of its own (derived from JWT_SECRET), so it cannot be
// guessed or moved to another booking, and needs no row. It is valid until
// ManageValidDays after the booking's date, whatever the date is by then
// (a rescheduled booking keeps its link).

// ManageValidDays: a manage link works until this many days after the event.
const ManageValidDays = 30

// manageTokenLabel separates this key's use from any other use of the
// secret it is derived from.
const manageTokenLabel = "mais booking manage token v1"

// ManageKey derives the manage-token key from a server secret (JWT_SECRET):
// an HMAC of a fixed label, so the secret itself never signs a token.
func ManageKey(secret []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(manageTokenLabel))
	return m.Sum(nil)
}

var b64 = base64.RawURLEncoding

// ManageToken is b's manage token: "{tenantId}.{bookingId}.{mac}", each
// part base64url.
func (s *Service) ManageToken(b Booking) string {
	id := b64.EncodeToString([]byte(b.TenantID)) + "." + b64.EncodeToString([]byte(b.ID))
	return id + "." + b64.EncodeToString(s.manageMAC(id))
}

// ManageURL is b's manage link for the couple.
func (s *Service) ManageURL(b Booking) string {
	return strings.TrimRight(s.PublicBaseURL, "/") + "/b/" + s.ManageToken(b)
}

func (s *Service) manageMAC(id string) []byte {
	m := hmac.New(sha256.New, s.ManageKey)
	m.Write([]byte(id))
	return m.Sum(nil)
}

// errManageToken is every refusal of a manage token: the same answer for a
// forged, tampered, unknown and expired one.
var errManageToken = apperr.New(apperr.CodeUnauthorized, "this booking link is not valid or has expired")

// Manage finds the booking of a manage token and its tenant: 401
// UNAUTHORIZED for a token that was not minted here, was changed, or whose
// booking's date is more than ManageValidDays past.
func (s *Service) Manage(ctx context.Context, token string) (Booking, tenant.Tenant, error) {
	if len(s.ManageKey) == 0 {
		return Booking{}, tenant.Tenant{}, errManageToken
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 || len(token) > 300 {
		return Booking{}, tenant.Tenant{}, errManageToken
	}
	mac, err := b64.DecodeString(parts[2])
	if err != nil || !hmac.Equal(mac, s.manageMAC(parts[0]+"."+parts[1])) {
		return Booking{}, tenant.Tenant{}, errManageToken
	}
	tenantID, err1 := b64.DecodeString(parts[0])
	bookingID, err2 := b64.DecodeString(parts[1])
	if err1 != nil || err2 != nil {
		return Booking{}, tenant.Tenant{}, errManageToken
	}
	b, err := s.Store.BookingByID(ctx, string(tenantID), string(bookingID))
	if apperr.Is(err, apperr.CodeNotFound) {
		return Booking{}, tenant.Tenant{}, errManageToken
	}
	if err != nil {
		return Booking{}, tenant.Tenant{}, err
	}
	t, err := s.Tenants.TenantByID(ctx, b.TenantID)
	if err != nil {
		return Booking{}, tenant.Tenant{}, err
	}
	if manageExpired(b, s.now(), t.Location()) {
		return Booking{}, tenant.Tenant{}, errManageToken
	}
	return b, t, nil
}

// manageExpired reports whether b's link has lapsed at now: after the end
// of the day ManageValidDays after its date, in the tenant's zone.
func manageExpired(b Booking, now time.Time, loc *time.Location) bool {
	d, err := time.ParseInLocation(dateLayout, b.Date, loc)
	if err != nil {
		return true
	}
	return !now.Before(d.AddDate(0, 0, ManageValidDays+1))
}
