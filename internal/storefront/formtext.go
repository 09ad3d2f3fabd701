package storefront

import (
	"net/url"

	"mais/internal/apperr"
	"mais/internal/textin"
)

// formText checks every value of a booking form as text (docs/API.md §3): the
// notes may span lines, everything else is one line. Problems are named by
// the booking service's field paths, so formAgain marks the inputs exactly
// as it marks the service's own refusals. nil when all is text.
func formText(f url.Values) error {
	bad := textin.Values("form", f, bookingFieldKind)
	if len(bad) == 0 {
		return nil
	}
	fields := map[string]string{}
	for name, why := range bad {
		fields[servicePath(name)] = why
	}
	return apperr.Validation("the form holds characters that are not allowed", fields)
}

func bookingFieldKind(name string) textin.Kind {
	if name == "notes" {
		return textin.Multiline
	}
	return textin.Line
}

// servicePath is the booking service's name for a form input.
func servicePath(input string) string {
	if input == "addon" {
		return "addOnIds"
	}
	for path, in := range formFields {
		if in == input {
			return path
		}
	}
	return input
}

// withoutBadText empties the inputs that are not text, so the form shown
// again does not echo bytes a browser cannot show; their errors stay.
func (in bookingInput) withoutBadText() bookingInput {
	drop := func(s *string, k textin.Kind) {
		if !textin.Valid(*s, k) {
			*s = ""
		}
	}
	for _, s := range []*string{&in.date, &in.month, &in.name, &in.email, &in.phone, &in.venue, &in.venueName} {
		drop(s, textin.Line)
	}
	drop(&in.notes, textin.Multiline)
	for a := range in.addOns {
		if !textin.Valid(a, textin.Line) {
			delete(in.addOns, a)
		}
	}
	return in
}
