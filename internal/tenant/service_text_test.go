package tenant_test

import (
	"context"
	"testing"

	"mais/internal/apperr"
	"mais/internal/tenant"
)

// Text is checked as typed, before the slug and e-mail are lowered and the
// name trimmed: lowering turns invalid UTF-8 into U+FFFD and trimming drops
// line breaks at the ends, so checking afterwards would let both through
// (the dashboard's tenant form reaches Create without the JSON decoder's
// own check).
func TestCreateChecksTextAsTyped(t *testing.T) {
	svc := &tenant.Service{} // refused before the store or the hasher is used
	for name, in := range map[string]tenant.CreateInput{
		"name with a leading line break": {Slug: "zoe", Name: "\nZoe Studio", Email: "zoe@example.com"},
		"name with a trailing CR":        {Slug: "zoe", Name: "Zoe Studio\r", Email: "zoe@example.com"},
		"slug with invalid UTF-8":        {Slug: "zoe\xff", Name: "Zoe Studio", Email: "zoe@example.com"},
		"e-mail with invalid UTF-8":      {Slug: "zoe", Name: "Zoe Studio", Email: "Zoe@Example.com\xff"},
		"e-mail with a leading LF":       {Slug: "zoe", Name: "Zoe Studio", Email: "\nzoe@example.com"},
	} {
		in.Password = "long-enough-password"
		_, err := svc.Create(context.Background(), in)
		e, ok := err.(*apperr.Error)
		if !ok || e.Code != apperr.CodeValidation || len(e.Fields) == 0 {
			t.Errorf("%s: got %v, want VALIDATION_ERROR naming the field", name, err)
		}
	}
}

// "Local" loads as a zone but is the server's, not the business's: Create
// refuses it as the settings PATCH does, and so an unknown zone.
func TestCreateRefusesServerZone(t *testing.T) {
	svc := &tenant.Service{} // refused before the store or the hasher is used
	for _, zone := range []string{"Local", "Mars/Olympus"} {
		_, err := svc.Create(context.Background(), tenant.CreateInput{Slug: "zoe", Name: "Zoe Studio",
			Email: "zoe@example.com", Password: "long-enough-password", TimeZone: zone})
		e, ok := err.(*apperr.Error)
		if !ok || e.Code != apperr.CodeValidation || e.Fields["timeZone"] == "" {
			t.Errorf("time zone %q: got %v, want VALIDATION_ERROR naming timeZone", zone, err)
		}
	}
}
