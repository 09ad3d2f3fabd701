package booking

import (
	"strings"
	"unicode/utf8"

	"mais/internal/apperr"
	"mais/internal/catalog"
)

// MaxBlackoutReason bounds the note on a blacked-out date.
const MaxBlackoutReason = 200

// NewBlackout validates a tenant admin's request to stop selling a date. Every
// admin surface (JSON API, dashboard) builds blackouts here, so the rules live
// in one place; the store then refuses a date that is booked or held.
func NewBlackout(tenantID, date, reason string) (Blackout, error) {
	fields := apperr.FieldErrors{}
	if date == "" {
		fields.Add("date", "is required (YYYY-MM-DD)")
	} else if _, err := ParseDate("date", date); err != nil {
		fields.Add("date", "must be a real date written YYYY-MM-DD")
	}
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) > MaxBlackoutReason || catalog.HasControl(reason) {
		fields.Add("reason", "must be at most 200 characters of plain text")
	}
	return Blackout{TenantID: tenantID, Date: date, Reason: reason}, fields.Err()
}
