package tenant

import (
	"errors"
	"strings"
	"testing"

	"mais/internal/apperr"
)

// TestCurrencyMessageNamesEveryCurrency: the refusal of an unknown
// currency lists exactly the currencies a tenant may sell in, and each of
// them is accepted (any case), so the message and the rule cannot drift.
func TestCurrencyMessageNamesEveryCurrency(t *testing.T) {
	bad := "xyz"
	_, err := SettingsPatch{Currency: &bad}.Apply(Settings{})
	var e *apperr.Error
	if !errors.As(err, &e) || e.Fields["currency"] == "" {
		t.Fatalf("xyz: %v", err)
	}
	for _, c := range currencies {
		if !strings.Contains(e.Fields["currency"], c) {
			t.Errorf("the message %q does not name %s", e.Fields["currency"], c)
		}
		upper := strings.ToUpper(c)
		if s, err := (SettingsPatch{Currency: &upper}).Apply(Settings{}); err != nil || s.Currency != c {
			t.Errorf("%s: %+v %v", upper, s, err)
		}
	}
}

// TestValidZone: a business is in a place; the legacy abbreviations that
// load as zones (EST keeps no daylight saving) and the server's own zone
// are refused (fresh tester: "EST" was accepted).
func TestValidZone(t *testing.T) {
	for zone, want := range map[string]bool{"America/New_York": true, "Europe/Berlin": true, "America/Argentina/Buenos_Aires": true,
		"UTC": true, "Etc/UTC": true, "EST": false, "MST7MDT": false, "CET": false, "GMT": false, "Local": false, "": false,
		"Mars/Olympus_Mons": false, "europe/berlin": false} {
		if got := ValidZone(zone); got != want {
			t.Errorf("ValidZone(%q) = %v, want %v", zone, got, want)
		}
	}
	bad := "EST"
	if _, err := (SettingsPatch{Timezone: &bad}).Apply(Settings{}); err == nil {
		t.Error("settings took EST")
	}
}
