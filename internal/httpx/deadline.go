package httpx

import (
	"context"
	"sync/atomic"
	"time"
)

// InFlight counts the requests being handled, so a shutdown can wait for
// the handlers themselves (http.Server.Shutdown stops waiting at its
// deadline while handlers still run) before closing the store under them.
type InFlight struct{ n atomic.Int64 }

// Count is the number of requests being handled now.
func (f *InFlight) Count() int64 { return f.n.Load() }

// Wait polls until no request is being handled or ctx ends; it reports
// whether none was left.
func (f *InFlight) Wait(ctx context.Context) bool {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for f.Count() > 0 {
		select {
		case <-ctx.Done():
			return f.Count() == 0
		case <-tick.C:
		}
	}
	return true
}
