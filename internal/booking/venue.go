package booking

import (
	"context"
	"strings"

	"mais/internal/apperr"
	"mais/internal/catalog"
	"mais/internal/textin"
)

// Venues finds one of a tenant's venues (catalog.VenueStore does).
type Venues interface {
	VenueByID(ctx context.Context, tenantID, id string) (catalog.Venue, error)
}

// MaxVenueName bounds a venue name the couple types.
const MaxVenueName = 200

// checkVenueInput validates the venue fields of a checkout: one of
// venueId and venueName at most, a typed name one line of up to 200.
func checkVenueInput(f apperr.FieldErrors, in CheckoutInput) {
	id, name := strings.TrimSpace(in.VenueID), strings.TrimSpace(in.VenueName)
	if id != "" && name != "" {
		f.Add("venueName", "give venueId or venueName, not both")
	}
	if textin.Len(name) > MaxVenueName {
		f.Add("venueName", "at most 200 characters")
	}
}

// resolveVenue is the venue a checkout books for: the tenant's venue
// venueId (400 naming venueId when it is not one of theirs), or the typed
// name, or none.
func (s *Service) resolveVenue(ctx context.Context, tenantID string, in CheckoutInput) (catalog.Venue, error) {
	id, name := strings.TrimSpace(in.VenueID), strings.TrimSpace(in.VenueName)
	if id == "" {
		return catalog.Venue{Name: name}, nil
	}
	notOurs := apperr.Validation("invalid venue", map[string]string{"venueId": "is not one of this business's venues"})
	if s.Venues == nil {
		return catalog.Venue{}, notOurs
	}
	v, err := s.Venues.VenueByID(ctx, tenantID, id)
	if apperr.Is(err, apperr.CodeNotFound) {
		return catalog.Venue{}, notOurs
	}
	if err != nil {
		return catalog.Venue{}, err
	}
	return v, nil
}

// venueLine is the venue of b for people: "name, address", the name
// alone, or "" when none was given.
func venueLine(b Booking) string {
	if b.VenueAddress == "" || b.VenueName == "" {
		return b.VenueName
	}
	return b.VenueName + ", " + b.VenueAddress
}
