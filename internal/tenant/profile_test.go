package tenant_test

import (
	"errors"
	"testing"

	"mais/internal/apperr"
	"mais/internal/tenant"
)

func sp(s string) *string { return &s }

// TestProfilePatch: what people type is normalised, what cannot be a
// contact detail is refused under its own field, and "" clears.
func TestProfilePatch(t *testing.T) {
	cur := tenant.Profile{BusinessName: "Willow", Email: "hi@willow.example", Phone: "555 0100"}
	got, err := tenant.ProfilePatch{InstagramHandle: sp("@willow_pine"), Website: sp("willow.example"),
		Phone: sp(""), Address: sp(" 1 Main St \n\n  Hudson ")}.Apply(cur)
	if err != nil {
		t.Fatal(err)
	}
	want := tenant.Profile{BusinessName: "Willow", Email: "hi@willow.example", InstagramHandle: "willow_pine",
		Website: "https://willow.example", Address: "1 Main St\nHudson"}
	if got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	if got.InstagramURL() != "https://www.instagram.com/willow_pine/" {
		t.Errorf("instagram URL %q", got.InstagramURL())
	}
	// Every way people paste their account gives the handle.
	for _, typed := range []string{"willow_pine", "@willow_pine", "instagram.com/willow_pine", "www.instagram.com/willow_pine/",
		"https://www.instagram.com/willow_pine/?hl=en", "http://instagram.com/willow_pine", "@willow_pine "} {
		got, err := tenant.ProfilePatch{InstagramHandle: sp(typed)}.Apply(cur)
		if err != nil || got.InstagramHandle != "willow_pine" {
			t.Errorf("instagram %q: handle %q, %v", typed, got.InstagramHandle, err)
		}
	}
	if got, err := (tenant.ProfilePatch{InstagramHandle: sp("")}).Apply(tenant.Profile{BusinessName: "W", InstagramHandle: "old"}); err != nil || got.InstagramHandle != "" {
		t.Errorf(`"" should clear the handle: %q %v`, got.InstagramHandle, err)
	}
	if p := (tenant.Profile{Phone: "+1 (555) 010-2030"}); p.TelURL() != "tel:+15550102030" {
		t.Errorf("tel URL %q", p.TelURL())
	}
	for name, tc := range map[string]struct {
		p     tenant.ProfilePatch
		field string
	}{
		"ErrWebsiteScript":   {tenant.ProfilePatch{Website: sp("javascript:alert(1)")}, "website"},
		"ErrWebsiteData":     {tenant.ProfilePatch{Website: sp("data:text/html,x")}, "website"},
		"ErrHandleSpace":     {tenant.ProfilePatch{InstagramHandle: sp("a b")}, "instagramHandle"},
		"ErrHandleOtherSite": {tenant.ProfilePatch{InstagramHandle: sp("https://evil.example/x")}, "instagramHandle"},
		// An address or an @ that names no account is a mistake, not a
		// way to clear the handle (fresh tester: both cleared it).
		"ErrHandleNoAccount": {tenant.ProfilePatch{InstagramHandle: sp("https://www.instagram.com/")}, "instagramHandle"},
		"ErrHandleBareAt":    {tenant.ProfilePatch{InstagramHandle: sp("@")}, "instagramHandle"},
		"ErrHandleSubpage":   {tenant.ProfilePatch{InstagramHandle: sp("instagram.com/p/C0ffee")}, "instagramHandle"},
		"ErrHandleExplore":   {tenant.ProfilePatch{InstagramHandle: sp("https://www.instagram.com/explore/")}, "instagramHandle"},
		"ErrHandleReels":     {tenant.ProfilePatch{InstagramHandle: sp("instagram.com/reels/")}, "instagramHandle"},
		"ErrHandleDotStart":  {tenant.ProfilePatch{InstagramHandle: sp(".willow")}, "instagramHandle"},
		"ErrHandleDotDot":    {tenant.ProfilePatch{InstagramHandle: sp("willow..pine")}, "instagramHandle"},
		"ErrEmailHeader":     {tenant.ProfilePatch{Email: sp("a@b.example\nBcc: c@d.example")}, "email"},
		"ErrPhoneLetters":    {tenant.ProfilePatch{Phone: sp("555-CALL-NOW")}, "phone"},
		"ErrNameEmpty":       {tenant.ProfilePatch{BusinessName: sp("  ")}, "businessName"},
		"ErrAddressNUL":      {tenant.ProfilePatch{Address: sp("a\x00")}, "address"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := tc.p.Apply(cur)
			var e *apperr.Error
			if !errors.As(err, &e) || e.Fields[tc.field] == "" {
				t.Fatalf("got %v, want a VALIDATION_ERROR naming %s", err, tc.field)
			}
		})
	}
}
