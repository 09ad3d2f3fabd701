package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// The Settings page saves §11's settings through tenant.Service and marks
// the field of a refusal.
func TestSettingsPage(t *testing.T) {
	f, br := loggedInAlpha(t, "sqlite", nil)
	page := br.get("/admin/settings")
	wantStatus(t, "settings page", page, http.StatusOK)
	if !strings.Contains(page.body, `name="depositPercent"`) || !strings.Contains(page.body, `value="America/Chicago"`) {
		t.Fatalf("settings page:\n%s", snippet(page.body))
	}
	form := url.Values{"depositPercent": {"25"}, "balanceDueDays": {"45"}, "bookingHorizonDays": {"730"}, "holdMinutes": {"45"},
		"cancellation.freeCancellationDays": {"120"}, "cancellation.depositRefundable": {"on"}, "rescheduleCutoffDays": {"14"},
		"currency": {"eur"}, "locale": {"de-DE"}, "timezone": {"Europe/Berlin"}}
	wantStatus(t, "save", br.submit("/admin/settings", "/admin/settings", form), http.StatusSeeOther)
	st, err := f.app.Tenants.Settings(context.Background(), f.alpha.Tenant.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.DepositPercent != 25 || st.BalanceDueDays != 45 || !st.Cancellation.DepositRefundable || st.Cancellation.FreeCancellationDays != 120 ||
		st.Currency != "eur" || st.Locale != "de-DE" || st.Timezone != "Europe/Berlin" || st.HoldMinutes != 45 || st.RescheduleCutoffDays != 14 {
		t.Errorf("saved settings: %+v", st)
	}
	// The page shows what is saved, so saving it again keeps it (fresh
	// tester: currency and language showed the first choice, and a save
	// for any other reason reset them to usd and en-US).
	again := br.get("/admin/settings")
	for id, want := range map[string]string{"f-currency": "eur", "f-locale": "de-DE"} {
		if got := selectedOption(again.body, id); got != want {
			t.Errorf("%s shows %q selected, want %q", id, got, want)
		}
	}
	form.Set("depositPercent", "150")
	refused := br.submit("/admin/settings", "/admin/settings", form)
	wantStatus(t, "deposit over 100", refused, http.StatusBadRequest)
	if !strings.Contains(refused.body, `aria-invalid="true" aria-describedby="f-depositPercent-error"`) && !strings.Contains(refused.body, "depositPercent-error") {
		t.Errorf("the refused field is not marked:\n%s", snippet(refused.body))
	}
	form.Set("depositPercent", "ten")
	form.Set("holdMinutes", "100000")
	both := br.submit("/admin/settings", "/admin/settings", form)
	wantStatus(t, "not a number", both, http.StatusBadRequest)
	// Every mistake at once: the hold's bound with the deposit's typing.
	if !strings.Contains(both.body, "must be a whole number") || !strings.Contains(both.body, "f-holdMinutes-error") {
		t.Errorf("the form does not show both mistakes at once:\n%s", snippet(both.body))
	}
	if st, _ := f.app.Tenants.Settings(context.Background(), f.alpha.Tenant.ID); st.DepositPercent != 25 {
		t.Errorf("a refused form changed the deposit to %d", st.DepositPercent)
	}
}

// selectedOption is the value of the selected option of the select with
// id in body, "" when none is selected (a browser then sends the first).
func selectedOption(body, id string) string {
	start := strings.Index(body, `<select id="`+id+`"`)
	if start < 0 {
		return "(no select " + id + ")"
	}
	block := body[start:]
	if end := strings.Index(block, "</select>"); end >= 0 {
		block = block[:end]
	}
	m := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindStringSubmatch(block)
	if m == nil {
		return ""
	}
	return m[1]
}
