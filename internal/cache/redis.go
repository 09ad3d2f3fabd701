package cache

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/singleflight"
)

// Redis layout, under a prefix ("mais:" unless WithPrefix says otherwise):
//
//	<prefix>g:<space>                generation of a space; INCR invalidates, absent = 0
//	<prefix>c:<space>:<gen>:<name>   a value, always with a TTL
//	<prefix>invalidate               pub/sub channel of notices between processes
//
// A space is a tenant id, or "<tenant>:a" for its availability values (see
// AvailabilityKey): InvalidateTenant moves both, InvalidateAvailability the
// second only.
const (
	defaultPrefix   = "mais:"
	defaultLocalTTL = 2 * time.Second

	connectTimeout = 2 * time.Second
	opTimeout      = 200 * time.Millisecond
	statsTimeout   = 500 * time.Millisecond
	resyncInterval = 5 * time.Second

	// maxScanCalls bounds the SCAN behind Stats.Keys (about 1000 keys a call).
	maxScanCalls = 50

	// reconnectEvery is how often a cache started while Redis was down
	// tries to subscribe again.
	reconnectEvery = time.Second

	// After downAfter calls in a row fail for want of an answer, calls skip
	// Redis for downFor: an outage then costs requests nothing rather than a
	// timeout each, while one slow call does not empty the cache.
	downAfter = 3
	downFor   = time.Second
)

var (
	errNotReady  = errors.New("cache: tenant has an invalidation not yet written to redis")
	errRedisDown = errors.New("cache: redis failed recently; not asking it for a moment")
)

// Redis is a cache shared by several processes through one Redis server.
//
// Values live in Redis under the tenant's generation; InvalidateTenant
// increments the generation, so every older value becomes unreachable at
// once and expires on its own. Each process keeps a small local copy (L1) of
// values it read recently, for at most the local TTL, and a mirror of the
// generations it has used. Writes publish a notice on a channel; the other
// processes drop the affected L1 entries and mirrored generations within
// milliseconds. Every few seconds the mirror is also compared with Redis, so
// a notice lost while the subscription was down delays an invalidation by
// that much at most.
//
// Redis errors are logged (at most one line every few seconds) and turn into
// misses; no call fails because of Redis. Every Redis call has a 200 ms
// timeout, and after three calls in a row go unanswered the cache stops
// asking Redis for a second, so an outage does not add a timeout to every
// request. A process may start while Redis is down: it serves misses and
// subscribes in the background once Redis answers.
//
// Each process also keeps, in a bounded local LRU, the last good copy of
// values it read or stored, for GetOrLoad to serve when the store fails
// (StaleFor); an invalidation of the tenant makes those copies unusable.
type Redis struct {
	client         *redis.Client
	log            *slog.Logger
	errs           errorLog
	opTimeout      time.Duration
	failures       atomic.Int32 // calls failed in a row; see downAfter
	downUntil      atomic.Int64 // unix nanoseconds; see downFor
	origin         string       // marks our notices so we skip their echo
	prefix         string
	channel        string
	localTTL       time.Duration
	resyncInterval time.Duration

	mu      sync.Mutex
	tenants map[string]*tenantState // by space
	local   *simplelru.LRU[entryKey, entry]
	stale   *simplelru.LRU[entryKey, staleEntry]
	closing bool

	hits, misses atomic.Int64
	listeners    listeners
	flights      singleflight.Group
	genFlights   singleflight.Group

	pubsub    *redis.PubSub
	stop      context.CancelFunc
	done      chan struct{}
	closeOnce sync.Once
	closeErr  error
}

// staleEntry is a last good copy; inv is the space's invalidation count when
// it was kept, so a copy from before an invalidation is never served.
type staleEntry struct {
	value []byte
	inv   uint64
	until time.Time
}

// tenantState is what this process knows of one space (a tenant, or its
// availability values). The counters let a read that raced with a notice
// see that it did, and not fill the mirror or the L1 with what it read
// before the notice.
type tenantState struct {
	gen           uint64
	known         bool   // gen mirrors Redis
	pending       bool   // InvalidateTenant could not reach Redis yet
	invalidations uint64 // notices and resyncs that dropped gen
	writes        uint64 // Set and Delete of any of the tenant's keys
}

var _ Cache = (*Redis)(nil)

// RedisOption adjusts a Redis cache.
type RedisOption func(*Redis)

// WithPrefix puts every key and the notice channel under prefix instead of
// "mais:"; tests use it to stay apart from each other.
func WithPrefix(prefix string) RedisOption {
	return func(c *Redis) { c.prefix = prefix }
}

// WithLocalTTL sets how long a process keeps its own copy of a value read
// from Redis (2 s by default). It bounds staleness only when a notice is
// lost; notices normally drop copies at once.
func WithLocalTTL(d time.Duration) RedisOption {
	return func(c *Redis) { c.localTTL = d }
}

// NewRedis connects to redisURL (redis://[:password@]host:port/db), keeping
// up to localEntries values in the local copy. It fails only on a malformed
// URL: when Redis does not answer within two seconds the cache starts
// degraded (misses; see Reachable) and subscribes once Redis is back.
func NewRedis(ctx context.Context, redisURL string, localEntries int, logger *slog.Logger, opts ...RedisOption) (*Redis, error) {
	opt, err := redis.ParseURL(redisURL)
	if err != nil {
		// The parse error would repeat the URL, password included.
		return nil, errors.New("cache: REDIS_URL is not a valid redis URL")
	}
	setTimeouts(opt)
	if localEntries <= 0 {
		localEntries = DefaultMaxEntries
	}
	if logger == nil {
		logger = slog.Default()
	}
	c := &Redis{
		client:         redis.NewClient(opt),
		log:            logger,
		origin:         rand.Text(),
		prefix:         defaultPrefix,
		localTTL:       defaultLocalTTL,
		resyncInterval: resyncInterval,
		opTimeout:      opTimeout,
		tenants:        make(map[string]*tenantState),
	}
	c.errs.log = logger
	c.local, _ = simplelru.NewLRU[entryKey, entry](localEntries, nil)
	c.stale, _ = simplelru.NewLRU[entryKey, staleEntry](localEntries, nil)
	for _, o := range opts {
		o(c)
	}
	c.channel = c.prefix + "invalidate"
	lctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	c.stop = stop
	c.done = make(chan struct{})
	if err := c.subscribe(ctx); err != nil {
		c.log.Warn("cache: redis unreachable at start; serving from the store and limiting in process until it answers", "err", err)
		c.downUntil.Store(time.Now().Add(downFor).UnixNano())
		go c.connectLater(lctx)
		return c, nil
	}
	go c.listen(lctx)
	return c, nil
}

// setTimeouts fills the timeouts the URL left unset. Calls carry their own,
// shorter deadlines; these bound what a context does not.
func setTimeouts(opt *redis.Options) {
	if opt.DialTimeout == 0 {
		opt.DialTimeout = connectTimeout
	}
	if opt.ReadTimeout == 0 {
		opt.ReadTimeout = time.Second
	}
	if opt.WriteTimeout == 0 {
		opt.WriteTimeout = time.Second
	}
	if opt.PoolTimeout == 0 {
		opt.PoolTimeout = time.Second
	}
	opt.ContextTimeoutEnabled = true
}

// subscribe pings Redis and subscribes to the notice channel, waiting for
// the confirmation so that no notice published after it returns is missed.
func (c *Redis) subscribe(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	if err := c.client.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("cache: redis unreachable: %w", err)
	}
	ps := c.client.Subscribe(ctx, c.channel)
	if _, err := ps.ReceiveTimeout(ctx, connectTimeout); err != nil {
		_ = ps.Close()
		return fmt.Errorf("cache: subscribe to %s: %w", c.channel, err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closing {
		_ = ps.Close()
		return errors.New("cache: closed")
	}
	c.pubsub = ps
	return nil
}

// connectLater subscribes once Redis answers, for a cache started while it
// was down, then listens as usual.
func (c *Redis) connectLater(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			close(c.done)
			return
		case <-time.After(reconnectEvery):
		}
		if err := c.subscribe(ctx); err != nil {
			c.errs.report("subscribe", err)
			continue
		}
		c.log.Info("cache: redis answers; shared cache and limits resumed")
		c.downUntil.Store(0)
		c.resync(ctx)
		c.listen(ctx)
		return
	}
}

// Reachable reports whether Redis answers a PING within 300 ms, whatever
// the recent failures (for /health/ready).
func (c *Redis) Reachable(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	return c.client.Ping(ctx).Err() == nil
}

// Client returns the underlying Redis client, for other users of the same
// server such as the rate limiter. Close closes it.
func (c *Redis) Client() *redis.Client { return c.client }

// Get returns the value of k from the local copy or from Redis.
func (c *Redis) Get(ctx context.Context, k Key) ([]byte, bool) {
	v, ok, _, _ := c.peek(ctx, k)
	c.count(ok)
	return v, ok
}

// Set stores a copy of v under k in Redis and in the local copy, and tells
// the other processes to drop theirs.
func (c *Redis) Set(ctx context.Context, k Key, v []byte, ttl time.Duration) {
	if !k.Valid() {
		return
	}
	gen, err := c.generation(ctx, k.space())
	if err != nil {
		return
	}
	c.storeAt(ctx, k, gen, v, ttl)
}

// Delete drops k in Redis, here and in the other processes. If Redis cannot
// be reached, the whole tenant is invalidated as soon as it can.
func (c *Redis) Delete(ctx context.Context, k Key) {
	if !k.Valid() {
		return
	}
	gen, err := c.generation(ctx, k.space())
	if err != nil {
		return
	}
	key := entryKey{k.space(), gen, k.name}
	c.mu.Lock()
	c.tenant(k.space()).writes++
	c.local.Remove(key)
	c.stale.Remove(key)
	c.mu.Unlock()

	err = c.do(ctx, "delete", func(ctx context.Context) error {
		_, err := c.client.Pipelined(ctx, func(p redis.Pipeliner) error {
			p.Del(ctx, c.valueKey(key))
			p.Publish(ctx, c.channel, c.notice(kindKey, k.space(), k.name))
			return nil
		})
		return err
	})
	if err != nil {
		// The old value may still be in Redis: invalidate the whole space
		// once Redis answers again, which also reaches the other processes.
		c.mu.Lock()
		st := c.tenant(k.space())
		st.known = false
		st.invalidations++
		st.pending = true
		c.mu.Unlock()
	}
}

// InvalidateTenant moves the tenant to a new generation in Redis, tells the
// other processes, and runs the OnInvalidate callbacks. When Redis cannot be
// reached the invalidation is retried in the background, and until it
// succeeds this process treats the tenant's keys as misses.
func (c *Redis) InvalidateTenant(ctx context.Context, tenantID string) {
	if tenantID == "" {
		return
	}
	err := c.publishInvalidation(ctx, tenantID)
	c.mu.Lock()
	for _, space := range []string{tenantID, datesSpace(tenantID)} {
		st := c.tenant(space)
		st.known = false
		st.invalidations++
		st.pending = err != nil
	}
	c.mu.Unlock()
	c.listeners.notify(tenantID)
}

// InvalidateAvailability moves the tenant's availability space to a new
// generation, here and in the other processes; its other values stay.
// Retried in the background like InvalidateTenant when Redis cannot be
// reached.
func (c *Redis) InvalidateAvailability(ctx context.Context, tenantID string) {
	if tenantID == "" {
		return
	}
	err := c.publishAvailability(ctx, tenantID)
	c.mu.Lock()
	st := c.tenant(datesSpace(tenantID))
	st.known = false
	st.invalidations++
	st.pending = err != nil
	c.mu.Unlock()
}

// OnInvalidate registers fn to run when a tenant is invalidated here or in
// another process.
func (c *Redis) OnInvalidate(fn func(tenantID string)) { c.listeners.add(fn) }

// Stats reports this process's hits and misses, whether Redis answers a
// PING, and the number of values stored in Redis under the prefix (old
// generations included until they expire). Keys comes from a SCAN bounded to
// about 50 000 keys, so on a larger keyspace it is a lower bound.
func (c *Redis) Stats(ctx context.Context) Stats {
	ctx, cancel := context.WithTimeout(ctx, statsTimeout)
	defer cancel()
	// The PING ignores downUntil: health reports what Redis says now.
	connected := c.client.Ping(ctx).Err() == nil
	var keys int64
	if connected {
		c.downUntil.Store(0)
		keys = c.countKeys(ctx)
	}
	return newStats(connected, c.hits.Load(), c.misses.Load(), keys)
}

// Close stops listening for notices and closes the Redis client.
func (c *Redis) Close() error {
	c.closeOnce.Do(func() {
		c.mu.Lock()
		c.closing = true
		ps := c.pubsub
		c.mu.Unlock()
		c.stop()
		var err error
		if ps != nil {
			err = ps.Close()
		}
		<-c.done
		c.closeErr = errors.Join(err, c.client.Close())
	})
	return c.closeErr
}

func (c *Redis) count(hit bool) {
	if hit {
		c.hits.Add(1)
	} else {
		c.misses.Add(1)
	}
}

func (c *Redis) flightGroup() *singleflight.Group { return &c.flights }

// peek looks k up in the local copy, then in Redis, without counting.
func (c *Redis) peek(ctx context.Context, k Key) ([]byte, bool, uint64, error) {
	if !k.Valid() {
		return nil, false, 0, nil
	}
	gen, err := c.generation(ctx, k.space())
	if err != nil {
		return nil, false, 0, err
	}
	key := entryKey{k.space(), gen, k.name}
	now := time.Now()
	c.mu.Lock()
	if e, ok := c.local.Get(key); ok {
		if now.Before(e.expires) {
			c.mu.Unlock()
			return e.value, true, gen, nil
		}
		c.local.Remove(key)
	}
	writes := c.tenant(k.space()).writes
	c.mu.Unlock()

	var get *redis.StringCmd
	var pttl *redis.DurationCmd
	err = c.do(ctx, "get", func(ctx context.Context) error {
		_, err := c.client.Pipelined(ctx, func(p redis.Pipeliner) error {
			get = p.Get(ctx, c.valueKey(key))
			pttl = p.PTTL(ctx, c.valueKey(key))
			return nil
		})
		return err
	})
	if errors.Is(err, redis.Nil) {
		return nil, false, gen, nil
	}
	if err != nil {
		return nil, false, gen, err
	}
	v, _ := get.Bytes()
	// The local copy must not outlive the value in Redis.
	if ttl := min(pttl.Val(), c.localTTL); ttl > 0 {
		c.mu.Lock()
		if st := c.tenant(k.space()); st.writes == writes && st.known && st.gen == gen {
			c.local.Add(key, entry{value: v, expires: now.Add(ttl)})
			c.keepStale(key, st, v, pttl.Val())
		}
		c.mu.Unlock()
	}
	return v, true, gen, nil
}

// keepStale remembers v as the last good copy of key until StaleFor after
// it expires; mu must be held.
func (c *Redis) keepStale(key entryKey, st *tenantState, v []byte, ttl time.Duration) {
	c.stale.Add(key, staleEntry{value: v, inv: st.invalidations, until: time.Now().Add(ttl + StaleFor)})
}

// staleValue returns this process's last good copy of k, if its space was
// not invalidated since it was kept.
func (c *Redis) staleValue(k Key) ([]byte, bool) {
	if !k.Valid() {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.tenant(k.space())
	e, ok := c.stale.Get(entryKey{k.space(), st.gen, k.name})
	if !ok || e.inv != st.invalidations || !time.Now().Before(e.until) {
		return nil, false
	}
	return e.value, true
}

// storeAt writes v under generation gen. If the tenant has moved on since gen
// was read, the value lands under a key nobody asks for and expires.
func (c *Redis) storeAt(ctx context.Context, k Key, gen uint64, v []byte, ttl time.Duration) {
	if !k.Valid() {
		return
	}
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	v = bytes.Clone(v)
	key := entryKey{k.space(), gen, k.name}
	c.mu.Lock()
	st := c.tenant(k.space())
	st.writes++
	if st.known && st.gen == gen {
		c.local.Add(key, entry{value: v, expires: time.Now().Add(min(ttl, c.localTTL))})
		c.keepStale(key, st, v, ttl)
	}
	c.mu.Unlock()

	_ = c.do(ctx, "set", func(ctx context.Context) error {
		_, err := c.client.Pipelined(ctx, func(p redis.Pipeliner) error {
			p.Set(ctx, c.valueKey(key), v, ttl)
			p.Publish(ctx, c.channel, c.notice(kindKey, k.space(), k.name))
			return nil
		})
		return err
	})
}

// generation returns the generation of a space (a tenant id or its
// availability space), from the mirror when known.
func (c *Redis) generation(ctx context.Context, tenantID string) (uint64, error) {
	c.mu.Lock()
	st := c.tenant(tenantID)
	gen, known, pending := st.gen, st.known, st.pending
	c.mu.Unlock()
	if pending {
		return 0, errNotReady
	}
	if known {
		return gen, nil
	}
	v, err, _ := c.genFlights.Do(tenantID, func() (any, error) {
		c.mu.Lock()
		before := c.tenant(tenantID).invalidations
		c.mu.Unlock()

		var gen uint64
		err := c.do(ctx, "generation", func(ctx context.Context) error {
			var err error
			gen, err = c.client.Get(ctx, c.genKey(tenantID)).Uint64()
			return err
		})
		if errors.Is(err, redis.Nil) {
			gen, err = 0, nil
		}
		if err != nil {
			return uint64(0), err
		}
		c.mu.Lock()
		if st := c.tenant(tenantID); st.invalidations == before {
			st.gen, st.known = gen, true
		}
		c.mu.Unlock()
		return gen, nil
	})
	return v.(uint64), err
}

// tenant must be called with mu held.
func (c *Redis) tenant(id string) *tenantState {
	st := c.tenants[id]
	if st == nil {
		st = &tenantState{}
		c.tenants[id] = st
	}
	return st
}

func (c *Redis) publishInvalidation(ctx context.Context, tenantID string) error {
	return c.do(ctx, "invalidate", func(ctx context.Context) error {
		_, err := c.client.Pipelined(ctx, func(p redis.Pipeliner) error {
			p.Incr(ctx, c.genKey(tenantID))
			p.Incr(ctx, c.genKey(datesSpace(tenantID)))
			p.Publish(ctx, c.channel, c.notice(kindTenant, tenantID, ""))
			return nil
		})
		return err
	})
}

func (c *Redis) publishAvailability(ctx context.Context, tenantID string) error {
	return c.do(ctx, "invalidate availability", func(ctx context.Context) error {
		_, err := c.client.Pipelined(ctx, func(p redis.Pipeliner) error {
			p.Incr(ctx, c.genKey(datesSpace(tenantID)))
			p.Publish(ctx, c.channel, c.notice(kindAvailability, tenantID, ""))
			return nil
		})
		return err
	})
}

func (c *Redis) countKeys(ctx context.Context) int64 {
	var n int64
	var cursor uint64
	for range maxScanCalls {
		keys, next, err := c.client.Scan(ctx, cursor, c.prefix+"c:*", 1000).Result()
		if err != nil {
			c.errs.report("scan", err)
			break
		}
		n += int64(len(keys))
		if cursor = next; cursor == 0 {
			break
		}
	}
	return n
}

func (c *Redis) genKey(tenantID string) string { return c.prefix + "g:" + tenantID }

func (c *Redis) valueKey(k entryKey) string {
	return c.prefix + "c:" + k.tenant + ":" + strconv.FormatUint(k.gen, 10) + ":" + k.name
}
