package catalog

import (
	"context"
	"strings"
	"time"

	"mais/internal/apperr"
	"mais/internal/textin"
)

// Venue is a place a tenant works at, offered to couples in the booking
// form. A booking keeps a copy of the name and address chosen at checkout.
type Venue struct {
	ID       string `json:"id"`
	TenantID string `json:"-"`
	Name     string `json:"name"`
	Address  string `json:"address"`
	// Capacity is the number of guests the venue holds; nil when not given.
	Capacity  *int      `json:"capacity"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// Bounds of venue input.
const (
	MaxVenueAddress  = 300
	MaxVenueCapacity = 100_000
	// MaxVenues bounds one tenant's list (it is shown whole in a form).
	MaxVenues = 200
)

// VenueInput creates a venue or patches one (nil fields left alone).
// Capacity: Set with a nil Value clears it.
type VenueInput struct {
	Name     *string
	Address  *string
	Capacity struct {
		Set   bool
		Value *int
	}
}

// VenueStore keeps venues; an id of another tenant is NOT_FOUND, a name
// the tenant already uses a CONFLICT naming "name". Writes are audited.
type VenueStore interface {
	ListVenues(ctx context.Context, tenantID string) ([]Venue, error)
	VenueByID(ctx context.Context, tenantID, id string) (Venue, error)
	CreateVenue(ctx context.Context, v Venue, max int) (Venue, error)
	UpdateVenue(ctx context.Context, tenantID, id string, in VenueInput) (Venue, error)
	DeleteVenue(ctx context.Context, tenantID, id string) error
}

// Clean validates a venue input: on create a name is required; a patch
// must name a field. Address is one line of up to 300 characters; capacity
// a whole number from 1 to 100 000.
func (in VenueInput) Clean(creating bool) (VenueInput, error) {
	fields := apperr.FieldErrors{}
	out := VenueInput{Capacity: in.Capacity}
	out.Name = cleanName(fields, in.Name, creating)
	if in.Address != nil {
		a := strings.TrimSpace(*in.Address)
		if textin.Check(fields, "address", a, textin.Line) && textin.Len(a) > MaxVenueAddress {
			fields.Add("address", "must be at most 300 characters")
		}
		out.Address = &a
	}
	if c := in.Capacity.Value; in.Capacity.Set && c != nil && (*c < 1 || *c > MaxVenueCapacity) {
		fields.Add("capacity", "must be a whole number from 1 to 100000, or null")
	}
	if !creating && in.Name == nil && in.Address == nil && !in.Capacity.Set {
		fields.Add("body", "name at least one field to change")
	}
	return out, fields.Err()
}

// Venues lists the tenant's venues by name.
func (s *Service) Venues(ctx context.Context, tenantID string) ([]Venue, error) {
	return s.Venue.ListVenues(ctx, tenantID)
}

// CreateVenue validates and stores a venue (at most MaxVenues a tenant).
func (s *Service) CreateVenue(ctx context.Context, tenantID string, in VenueInput) (Venue, error) {
	clean, err := in.Clean(true)
	if err != nil {
		return Venue{}, err
	}
	v := Venue{TenantID: tenantID, Name: deref(clean.Name), Address: deref(clean.Address), Capacity: clean.Capacity.Value}
	v, err = s.Venue.CreateVenue(ctx, v, MaxVenues)
	return v, s.changed(ctx, tenantID, err)
}

// UpdateVenue patches one venue. Bookings keep the copy they were made with.
func (s *Service) UpdateVenue(ctx context.Context, tenantID, id string, in VenueInput) (Venue, error) {
	clean, err := in.Clean(false)
	if err != nil {
		return Venue{}, err
	}
	v, err := s.Venue.UpdateVenue(ctx, tenantID, id, clean)
	return v, s.changed(ctx, tenantID, err)
}

// DeleteVenue removes a venue from the list; bookings made with it keep
// its name and address.
func (s *Service) DeleteVenue(ctx context.Context, tenantID, id string) error {
	return s.changed(ctx, tenantID, s.Venue.DeleteVenue(ctx, tenantID, id))
}
