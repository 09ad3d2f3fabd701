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
