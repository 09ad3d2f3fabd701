package api_test

import (
	"strings"
	"testing"

	"mais/internal/app/apptest"
)

// expectField asserts r is status with code and that its envelope's
// fields name field with a reason containing want ("" accepts any reason).
func expectField(t *testing.T, what string, r apptest.Reply, status int, code, field, want string) {
	t.Helper()
	apptest.Expect(t, what, r, status, code)
	var e struct {
		Message string
		Fields  map[string]string
	}
	r.JSON(t, &e)
	why, ok := e.Fields[field]
	if !ok || !strings.Contains(why, want) {
		t.Errorf("%s: fields %v do not name %s with %q (message %q)", what, e.Fields, field, want, e.Message)
	}
}
