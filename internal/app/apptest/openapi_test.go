package apptest_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"mais/internal/app/apptest"
)

// recorder is a testing.TB that keeps the errors reported to it.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// TestServeChecksAnswersAgainstOpenAPI: an answer off the document — a
// wrong shape, an undocumented status — fails the test that got it; a
// documented answer and an undocumented route do not.
func TestServeChecksAnswersAgainstOpenAPI(t *testing.T) {
	a := apptest.New(t, "sqlite", nil)
	real := a.Handler()
	tn := apptest.NewTenant(t, a, "alpha")
	key := map[string]string{"X-Tenant-Key": tn.Keys.Public}
	drifted := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/packages":
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`[{"id":"p1","slug":"classic","priceCents":100}]`)) // not a Package
		case "/v1/availability":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTeapot)
			w.Write([]byte(`{}`))
		default:
			real.ServeHTTP(w, r)
		}
	})
	for _, c := range []struct {
		h     http.Handler
		path  string
		wrong string // in the reported error; "" wants none
	}{
		{real, "/v1/packages", ""},
		{real, "/v1/no-such-route", ""},
		{drifted, "/v1/packages", "basePriceCents"},
		{drifted, "/v1/availability?date=2027-04-01", "status is not supported"},
	} {
		rec := &recorder{TB: t}
		apptest.Do(rec, c.h, "GET", c.path, key, "")
		got := strings.Join(rec.errs, "\n")
		if c.wrong == "" && got != "" {
			t.Errorf("GET %s: reported %s", c.path, got)
		}
		if c.wrong != "" && !strings.Contains(got, c.wrong) {
			t.Errorf("GET %s: reported %q, want an error naming %q", c.path, got, c.wrong)
		}
	}
}
