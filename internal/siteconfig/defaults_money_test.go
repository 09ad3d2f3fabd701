package siteconfig

import (
	"strings"
	"testing"
)

// TestDefaultCopyMatchesCheckout: a new tenant sells with no deposit (its
// depositPercent is 0 until it chooses one, docs/API.md §11), so the
// default site must not promise that a date is reserved with a deposit;
// it says what checkout does under any setting: what is due now is shown
// before paying.
func TestDefaultCopyMatchesCheckout(t *testing.T) {
	raw, err := DefaultSite("Studio Test")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ToLower(string(raw))
	for _, promise := range []string{"with a deposit", "pay the deposit", "order deposits arrive", "how much is the deposit"} {
		if strings.Contains(text, promise) {
			t.Errorf("the default site promises %q, but a new tenant's checkout charges the full price", promise)
		}
	}
	if !strings.Contains(text, "what is due now") {
		t.Error("the default site should say that what is due now is shown before paying")
	}
}
