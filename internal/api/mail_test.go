package api_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"mais/internal/notify"
)

// capture is a notify.Sender that keeps messages for the test to read.
type capture struct {
	mu   sync.Mutex
	msgs []notify.Message
}

func (c *capture) Send(_ context.Context, m notify.Message) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.msgs = append(c.msgs, m)
	return nil
}

func (c *capture) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.msgs)
}

// token waits for the reset e-mail to "to" and returns its token.
func (c *capture) token(t *testing.T, to string) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		c.mu.Lock()
		for _, m := range c.msgs {
			if m.To == to {
				if _, after, ok := strings.Cut(m.TextBody, "?token="); ok {
					c.mu.Unlock()
					return strings.Fields(after)[0]
				}
			}
		}
		c.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no reset e-mail to %s", to)
	return ""
}
