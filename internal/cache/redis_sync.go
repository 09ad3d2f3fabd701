package cache

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Kinds of notice published on the channel.
const (
	kindTenant       = "tenant" // the tenant and its availability have new generations
	kindAvailability = "avail"  // the tenant's availability has a new generation
	kindKey          = "key"    // one key was set or deleted (Tenant holds its space)
)

type notice struct {
	Origin string `json:"o"`
	Kind   string `json:"k"`
	Tenant string `json:"t"`
	Name   string `json:"n,omitempty"`
}

func (c *Redis) notice(kind, tenantID, name string) string {
	b, _ := json.Marshal(notice{Origin: c.origin, Kind: kind, Tenant: tenantID, Name: name})
	return string(b)
}

// listen applies the other processes' notices until Close. Between messages
// it pings the subscription (go-redis reconnects a dead one and
// resubscribes), retries invalidations Redis refused earlier and compares the
// mirrored generations with Redis.
func (c *Redis) listen(ctx context.Context) {
	defer close(c.done)
	lastSync := time.Now()
	for {
		msg, err := c.pubsub.ReceiveTimeout(ctx, c.resyncInterval)
		if ctx.Err() != nil {
			return
		}
		switch {
		case err == nil:
			c.handle(ctx, msg)
		case isTimeout(err):
			pctx, cancel := context.WithTimeout(ctx, c.opTimeout)
			_ = c.pubsub.Ping(pctx)
			cancel()
		default:
			c.errs.report("receive", err)
			// Redis is likely down: do not spin.
			select {
			case <-ctx.Done():
				return
			case <-time.After(500 * time.Millisecond):
			}
		}
		if time.Since(lastSync) >= c.resyncInterval {
			c.retryPending(ctx)
			c.resync(ctx)
			lastSync = time.Now()
		}
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func (c *Redis) handle(ctx context.Context, msg any) {
	switch m := msg.(type) {
	case *redis.Subscription:
		// We are reconnected, so Redis is back; notices published while we
		// were away are lost.
		if m.Kind == "subscribe" {
			c.downUntil.Store(0)
			c.resync(ctx)
		}
	case *redis.Message:
		var n notice
		if err := json.Unmarshal([]byte(m.Payload), &n); err != nil {
			c.log.Warn("cache: unreadable notice", "payload", m.Payload, "err", err)
			return
		}
		if n.Origin == c.origin {
			return
		}
		switch n.Kind {
		case kindTenant:
			c.forget(n.Tenant)
			c.forget(datesSpace(n.Tenant))
			c.listeners.notify(n.Tenant)
		case kindAvailability:
			c.forget(datesSpace(n.Tenant))
		case kindKey:
			c.dropLocal(n.Tenant, n.Name)
		}
	}
}

// forget drops the mirrored generation of a tenant; the next read fetches the
// new one, and the L1 entries of the old one are never looked at again.
func (c *Redis) forget(tenantID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.tenant(tenantID)
	st.known = false
	st.invalidations++
}

func (c *Redis) dropLocal(tenantID, name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.tenant(tenantID)
	st.writes++
	if st.known {
		c.local.Remove(entryKey{tenantID, st.gen, name})
	}
}

// resync compares every mirrored generation with Redis and forgets those that
// moved, running the callbacks for them.
func (c *Redis) resync(ctx context.Context) {
	c.mu.Lock()
	var tenants, keys []string
	for id, st := range c.tenants {
		if st.known {
			tenants = append(tenants, id)
			keys = append(keys, c.genKey(id))
		}
	}
	c.mu.Unlock()
	if len(keys) == 0 {
		return
	}

	var vals []any
	err := c.do(ctx, "resync", func(ctx context.Context) error {
		var err error
		vals, err = c.client.MGet(ctx, keys...).Result()
		return err
	})
	if err != nil {
		return
	}
	var moved []string
	c.mu.Lock()
	for i, id := range tenants {
		var gen uint64
		if s, ok := vals[i].(string); ok {
			gen, _ = strconv.ParseUint(s, 10, 64)
		}
		// A mirror refreshed during the MGET may differ for a good reason;
		// forgetting it once more costs one read.
		if st := c.tenant(id); st.known && st.gen != gen {
			st.known = false
			st.invalidations++
			moved = append(moved, id)
		}
	}
	c.mu.Unlock()
	for _, id := range moved {
		if !strings.HasSuffix(id, ":a") { // an availability space has no listeners
			c.listeners.notify(id)
		}
	}
}

// retryPending writes the invalidations that Redis refused earlier.
func (c *Redis) retryPending(ctx context.Context) {
	c.mu.Lock()
	var pending []string
	for id, st := range c.tenants {
		if st.pending {
			pending = append(pending, id)
		}
	}
	c.mu.Unlock()
	for _, space := range pending {
		tenantID, dates := strings.CutSuffix(space, ":a")
		spaces := []string{space}
		var err error
		if dates {
			err = c.publishAvailability(ctx, tenantID)
		} else {
			err = c.publishInvalidation(ctx, tenantID)
			spaces = append(spaces, datesSpace(tenantID))
		}
		if err != nil {
			return
		}
		c.mu.Lock()
		for _, sp := range spaces {
			st := c.tenant(sp)
			st.pending = false
			st.known = false
			st.invalidations++
		}
		c.mu.Unlock()
	}
}
