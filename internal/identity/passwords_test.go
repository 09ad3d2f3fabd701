package identity_test

import (
	"strings"
	"testing"

	"mais/internal/apperr"
	"mais/internal/identity"
)

// TestValidatePasswordRefusesTheFirstGuesses: the passwords an attacker
// tries first are refused with a reason a person can act on (fresh
// tester: 12345678 was accepted); ordinary passphrases, and every password
// the tests and the demo use, are not.
func TestValidatePasswordRefusesTheFirstGuesses(t *testing.T) {
	for _, pw := range []string{"12345678", "password", "password1", "qwertyuiop", "iloveyou", "11111111", "abcdefgh"} {
		f := apperr.FieldErrors{}
		if identity.ValidatePassword(f, "password", pw); !strings.Contains(f["password"], "first passwords an attacker tries") {
			t.Errorf("%q: %q", pw, f["password"])
		}
	}
	for _, pw := range []string{"correct-horse", "long-enough", "long-enough-pw", "golden-hour-2027", "willowpine", "charlie-pass",
		"Summer2026!", "4f9c1e0b7a2d", "élan-vital-été"} {
		f := apperr.FieldErrors{}
		if identity.ValidatePassword(f, "password", pw); len(f) != 0 {
			t.Errorf("%q refused: %v", pw, f)
		}
	}
	// The length rule still speaks first.
	f := apperr.FieldErrors{}
	if identity.ValidatePassword(f, "password", "1234"); !strings.Contains(f["password"], "must be 8 to 72 characters") {
		t.Errorf("short: %q", f["password"])
	}
}
