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

// A request's deadline (EdgeConfig.Deadline) costs no timer until someone
// waits for it. Most requests — health checks, cached reads — finish without
// ever asking for Done, and a timer per request (context.WithTimeout: a
// timer and three allocations, set and stopped) was the edge's largest cost
// of its own. requestCtx reports the deadline at once (Deadline, Err); the
// first Done (a store call, a child context, a select) makes the real
// context.WithDeadline, whose Done, Err and Value it answers from then on,
// so child contexts hang on it directly, as on any context.

// timedCtx is the real deadline context of a request, made on demand.
type timedCtx struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// released stands in for the timed context of a request that ended
// before anyone waited on it: it is canceled, as the request's is.
var released = func() *timedCtx {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return &timedCtx{ctx: ctx, cancel: cancel}
}()

// Deadline is the earlier of the request's and its parent's deadlines.
func (c *requestCtx) Deadline() (time.Time, bool) {
	if c.deadline.IsZero() {
		return c.Context.Deadline()
	}
	if d, ok := c.Context.Deadline(); ok && d.Before(c.deadline) {
		return d, true
	}
	return c.deadline, true
}

// Done makes the timed context on first use.
func (c *requestCtx) Done() <-chan struct{} {
	if c.deadline.IsZero() {
		return c.Context.Done()
	}
	return c.timedCtx().ctx.Done()
}

// Err answers without making the timed context: the parent's error, or
// DeadlineExceeded once the deadline has passed.
func (c *requestCtx) Err() error {
	if c.deadline.IsZero() {
		return c.Context.Err()
	}
	if t := c.timed.Load(); t != nil {
		return t.ctx.Err()
	}
	if err := c.Context.Err(); err != nil {
		return err
	}
	if !time.Now().Before(c.deadline) {
		return context.DeadlineExceeded
	}
	return nil
}

// valueOf looks key up in the timed context once it exists (so that a
// child context finds the cancelable parent whose Done it was given), else
// in the parent.
func (c *requestCtx) valueOf(key any) any {
	if t := c.timed.Load(); t != nil && t != released {
		return t.ctx.Value(key)
	}
	return c.Context.Value(key)
}

func (c *requestCtx) timedCtx() *timedCtx {
	c.once.Do(func() {
		ctx, cancel := context.WithDeadline(c.Context, c.deadline)
		c.timed.Store(&timedCtx{ctx: ctx, cancel: cancel})
	})
	return c.timed.Load()
}

// release ends the request's context: the timed one is canceled (freeing
// its timer); a request nobody waited on gets the canceled stand-in.
func (c *requestCtx) release() {
	c.once.Do(func() { c.timed.Store(released) })
	if t := c.timed.Load(); t != released {
		t.cancel()
	}
}
