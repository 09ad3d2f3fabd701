package catalog

import (
	"mais/internal/apperr"
	"mais/internal/media"
)

// ownPhoto refuses, naming photoUrl, a photo address (nil: not given) that
// is a file of another tenant's library: it would show that business's
// upload as this one's and keep it from being deleted. Outside https
// addresses and the tenant's own uploads pass.
func ownPhoto(tenantID string, url *string) error {
	if url != nil && media.ForeignURL(tenantID, *url) {
		return apperr.FieldErrors{"photoUrl": media.ForeignReason}.Err()
	}
	return nil
}
