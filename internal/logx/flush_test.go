package logx

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// An outage that ends within a window still gets its count written: when
// the window closes with repeats left out, its first line is written again
// with repeated=N, and the next occurrence opens a new window at once.
func TestCollapseWritesTheLastWindowsCount(t *testing.T) {
	var buf lockedBuffer
	log := slog.New(Collapse(slog.NewTextHandler(&buf, nil), 30*time.Millisecond))
	down := errors.New("dial tcp 127.0.0.1:5432: connect: connection refused")
	for i := range 500 {
		log.Error("internal error", "err", down, "requestId", i)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(buf.String(), "repeated=499") {
		if time.Now().After(deadline) {
			t.Fatalf("no summary line after the window:\n%s", buf.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if got := strings.Count(buf.String(), "\n"); got != 2 {
		t.Errorf("%d lines, want the first and its summary:\n%s", got, buf.String())
	}
	log.Error("internal error", "err", down, "requestId", 501)
	if got := strings.Count(buf.String(), "\n"); got != 3 || strings.Count(buf.String(), "repeated=") != 1 {
		t.Errorf("after the summary the next occurrence is written plainly:\n%s", buf.String())
	}
}
