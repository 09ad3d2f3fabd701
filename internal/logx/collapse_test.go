package logx

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// An outage must not write one identical line per failed request: 1000
// repeats in a window are one line, and the next window's first line says
// how many were left out.
func TestCollapseRepeatedErrors(t *testing.T) {
	var buf bytes.Buffer
	h := Collapse(slog.NewTextHandler(&buf, nil), time.Minute).(*collapser)
	now := time.Date(2028, 11, 4, 12, 0, 0, 0, time.UTC)
	h.state.now = func() time.Time { return now }
	log := slog.New(h)
	down := errors.New("dial tcp 127.0.0.1:5432: connect: connection refused")
	for i := range 1000 {
		log.Warn("dependency unavailable", "err", down, "requestId", i, "path", "/v1/packages")
	}
	log.Error("internal error", "err", errors.New("another failure"))
	log.Info("request", "status", 200)
	log.Info("request", "status", 200)
	if got := strings.Count(buf.String(), "\n"); got != 4 {
		t.Fatalf("%d lines, want 4 (one per distinct warning, infos untouched):\n%s", got, buf.String())
	}
	now = now.Add(time.Minute)
	buf.Reset()
	log.Warn("dependency unavailable", "err", down, "requestId", 1001)
	if !strings.Contains(buf.String(), "repeated=999") {
		t.Errorf("first line of the next window = %q, want repeated=999", buf.String())
	}
}

// Loggers that say which store failed through With are two sources: the
// same message from each is written, and repeats are still collapsed per
// source. Attributes that do not identify a failure (a request id) given
// through With do not split the repeats.
func TestCollapseKeepsWithAttrsApart(t *testing.T) {
	var buf bytes.Buffer
	h := Collapse(slog.NewTextHandler(&buf, nil), time.Minute)
	pg := slog.New(h).With("store", "postgres")
	lite := slog.New(h).With("store", "sqlite")
	for i := range 10 {
		pg.With("requestId", i).Error("ping failed")
		lite.With("requestId", i).Error("ping failed")
	}
	slog.New(h).WithGroup("outbox").Error("ping failed")
	if got := strings.Count(buf.String(), "\n"); got != 3 {
		t.Fatalf("%d lines, want 3 (one per store, one for the outbox group):\n%s", got, buf.String())
	}
	for _, want := range []string{"store=postgres", "store=sqlite"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("no line with %s:\n%s", want, buf.String())
		}
	}
}
