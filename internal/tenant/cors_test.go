package tenant

import (
	"strings"
	"testing"

	"mais/internal/apperr"
)

func TestCORSOrigins(t *testing.T) {
	fields := apperr.FieldErrors{}
	got := CleanOrigins(fields, []string{" https://WWW.Studio.example ", "", "https://www.studio.example:443/", "http://localhost:3000", "https://shop.example:8443"})
	want := []string{"https://www.studio.example", "http://localhost:3000", "https://shop.example:8443"}
	if fields.Err() != nil || len(got) != len(want) {
		t.Fatalf("CleanOrigins = %v, %v", got, fields.Err())
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("origin %d = %q, want %q", i, got[i], want[i])
		}
	}
	for _, bad := range []string{"http://www.studio.example", "https://www.studio.example/book", "www.studio.example", "https://a@b.example",
		"javascript:alert(1)", "https://x.example?q=1", "ftp://x.example"} {
		f := apperr.FieldErrors{}
		if CleanOrigins(f, []string{bad}); f["corsOrigins"] == "" {
			t.Errorf("%q accepted", bad)
		}
	}
	// A wildcard is named as one, with what to do instead (fresh tester:
	// "*" was called "not a URL" before).
	for _, wild := range []string{"*", "https://*.studio.example"} {
		f := apperr.FieldErrors{}
		if CleanOrigins(f, []string{wild}); !strings.Contains(f["corsOrigins"], "wildcard") || !strings.Contains(f["corsOrigins"], "empty") {
			t.Errorf("%q: %q", wild, f["corsOrigins"])
		}
	}
	tn := Tenant{CORSOrigins: want}
	for origin, ok := range map[string]bool{"https://www.studio.example": true, "https://WWW.studio.example": true, "http://localhost:3000": true,
		"https://evil.example": false, "https://www.studio.example.evil.example": false, "null": false, "": false} {
		if tn.AllowsOrigin(origin) != ok {
			t.Errorf("AllowsOrigin(%q) = %v", origin, !ok)
		}
	}
	if !(Tenant{}).AllowsOrigin("https://anything.example") {
		t.Error("no list must allow any origin")
	}
}
