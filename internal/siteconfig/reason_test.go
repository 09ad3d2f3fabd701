package siteconfig

import (
	"errors"
	"strings"
	"testing"

	"mais/internal/apperr"
	"mais/internal/textin"
)

// TestCleanReason: the assistant's reason is trimmed, required, multi-line
// text (NUL refused, line breaks kept) of at most MaxRationale characters,
// and each refusal names the field "reason".
func TestCleanReason(t *testing.T) {
	if got, err := cleanReason("  two\nlines  "); err != nil || got != "two\nlines" {
		t.Fatalf("cleanReason = %q, %v", got, err)
	}
	if got, err := cleanReason(strings.Repeat("é", MaxRationale)); err != nil || textin.Len(got) != MaxRationale {
		t.Fatalf("a reason of MaxRationale characters: %v", err)
	}
	for in, want := range map[string]string{
		"   ":                               "required",
		"a\x00b":                            textin.ReasonNUL,
		"a\xffb":                            textin.ReasonUTF8,
		strings.Repeat("x", MaxRationale+1): "at most 2000 characters",
	} {
		_, err := cleanReason(in)
		var e *apperr.Error
		if !errors.As(err, &e) || e.Code != apperr.CodeValidation || e.Fields["reason"] != want {
			t.Errorf("cleanReason(%.20q) = %v, want reason %q", in, err, want)
		}
	}
}
