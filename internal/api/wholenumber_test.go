package api_test

import (
	"strings"
	"testing"

	"mais/internal/app/apptest"
)

// TestWholeNumberFields: an integer field given a string or a fraction is
// 400 naming the field (by its JSON path) with "must be a whole number" —
// on every route, since one decoder serves them all — never "must be a
// number" and never a truncated value.
func TestWholeNumberFields(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, "sqlite", nil)
	f := newAdminFixture(t, a)
	for _, c := range []struct{ method, path, body, field string }{
		{"PATCH", "/v1/admin/settings/assistant", `{"maxMessageChars":"500"}`, "maxMessageChars"},
		{"PATCH", "/v1/admin/settings/assistant", `{"maxMessageChars":500.5}`, "maxMessageChars"},
		{"PATCH", "/v1/admin/settings/assistant", `{"dailyTokens":"5000"}`, "dailyTokens"},
		{"PATCH", "/v1/admin/settings", `{"holdMinutes":"45"}`, "holdMinutes"},
		{"PATCH", "/v1/admin/settings", `{"cancellation":{"freeCancellationDays":2.5}}`, "cancellation.freeCancellationDays"},
		{"POST", "/v1/admin/packages", `{"slug":"half","name":"Half","basePriceCents":"90000"}`, "basePriceCents"},
		{"POST", "/v1/admin/packages", `{"slug":"half","name":"Half","basePriceCents":900.5}`, "basePriceCents"},
		{"POST", "/v1/admin/packages", `{"slug":"half","name":"Half","basePriceCents":90000,"depositPercent":12.5}`, "depositPercent"},
	} {
		what := c.method + " " + c.path + " " + c.body
		r := f.as(f.alpha, c.method, c.path, c.body)
		expectField(t, what, r, 400, "VALIDATION_ERROR", c.field, "must be a whole number")
		if !strings.Contains(string(r.Body), c.field+" must be a whole number") {
			t.Errorf("%s: the message does not say which field: %s", what, r.Body)
		}
	}
	// A real number field keeps its word.
	r := f.as(f.alpha, "PATCH", "/v1/admin/settings/assistant", `{"maxMessageChars":500}`)
	apptest.Expect(t, "a whole number", r, 200, "")
}
