package dashboard

import (
	"fmt"
	"mime/multipart"
	"net/url"
	"sort"
	"strings"

	"mais/internal/apperr"
	"mais/internal/textin"
)

// formText checks every value of a dashboard form as text (docs/API.md §3).
//
// The inputs a person types into (names, slugs, descriptions, site page
// fields…) are checked again by the service they are for, which refuses
// them like any other bad value, so their form comes back with the input
// marked; they are let through here. Everything else (version ids, ops,
// return paths, upload names, and any input added later) is refused here,
// before a handler can use it in a lookup: the answer is a 400 page naming
// the input. Values may span lines only in the inputs multiline names.
func formText(form url.Values, mf *multipart.Form) error {
	bad := textin.Values("form", form, formKind)
	if mf != nil {
		for name, files := range mf.File {
			for _, fh := range files {
				textin.Check(bad, name, fh.Filename, textin.Line)
			}
		}
	}
	var named []string
	for name, why := range bad {
		if serviceChecked(name) {
			delete(bad, name)
			continue
		}
		named = append(named, fmt.Sprintf("%q %s", name, why))
	}
	if len(bad) == 0 {
		return nil
	}
	sort.Strings(named)
	return apperr.Validation("the form could not be used: its field "+strings.Join(named, ", and its field "), bad)
}

// multilineInputs are the textareas of the dashboard, by the last part of
// their name.
var multilineInputs = map[string]bool{
	"description": true, "content": true, "address": true, "hours": true,
	"answer": true, "quote": true, "note": true, "reason": true,
	"text":        true, // a message to the assistant
	"corsOrigins": true, // one origin a line; each is checked as a line by tenant.CleanOrigins
}

func formKind(name string) textin.Kind {
	if multilineInputs[name[strings.LastIndexByte(name, '.')+1:]] {
		return textin.Multiline
	}
	return textin.Line
}

// checkedInputs are inputs whose service checks their text and names them
// in its answer, so the form can come back with the input marked.
var checkedInputs = map[string]bool{
	"slug": true, "name": true, "description": true, "price": true, "photoUrl": true, "sortOrder": true,
	"email": true, "password": true, "currentPassword": true, "newPassword": true, "confirmPassword": true,
	"commissionPercent": true, "timeZone": true, "customDomain": true, "holdMinutes": true, "stripeAccountId": true,
	"date": true, "reason": true, "note": true, "text": true,
	// The business profile (profile.go).
	"businessName": true, "phone": true, "address": true, "instagramHandle": true, "website": true,
}

func serviceChecked(name string) bool {
	if checkedInputs[name] {
		return true
	}
	if rest, ok := strings.CutPrefix(name, "addons."); ok { // addons.{id|new}.{input}
		_, input, _ := strings.Cut(rest, ".")
		return checkedInputs[input]
	}
	// Site page and branding inputs become a document that
	// siteconfig.Validate checks field by field.
	// So do the display-rules and widget-layout editors' (displayrules.go).
	return strings.HasPrefix(name, "pages.") && !strings.HasSuffix(name, ".type") || strings.HasPrefix(name, "branding.") ||
		strings.HasPrefix(name, "display.") || strings.HasPrefix(name, "widget.")
}
