package metrics

import (
	"context"
	"database/sql"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// State is what a scrape reads from the process's dependencies. Each
// function may be nil (not measured). Every call gets ScrapeTimeout: a
// scrape during an outage answers quickly with what it could read.
type State struct {
	// Outbox is the number of e-mails waiting to be sent and when the
	// oldest of them was queued (zero time: none).
	Outbox func(ctx context.Context) (pending int, oldest time.Time, err error)
	// Pools are the database pools by name ("read", "write").
	Pools func() map[string]sql.DBStats
	// StoreUp reports whether the store answers.
	StoreUp func(ctx context.Context) bool
	// Cache is the application cache's hit and miss counts since start.
	Cache func(ctx context.Context) (hits, misses int64)
	// Redis reports whether the shared cache answers; nil when none is
	// configured (no series then).
	Redis func(ctx context.Context) bool
	// Now is the clock the oldest e-mail's age is measured on.
	Now func() time.Time
}

// ScrapeTimeout bounds each dependency call of a scrape.
const ScrapeTimeout = 2 * time.Second

var (
	outboxPendingDesc = prometheus.NewDesc("mais_outbox_pending", "E-mails queued and not sent yet.", nil, nil)
	outboxAgeDesc     = prometheus.NewDesc("mais_outbox_oldest_pending_age_seconds",
		"Age of the oldest e-mail not sent yet (0 when none).", nil, nil)
	outboxUpDesc = prometheus.NewDesc("mais_outbox_scrape_ok", "1 when the outbox could be read during this scrape.", nil, nil)
	poolOpenDesc = prometheus.NewDesc("mais_db_pool_open_connections", "Open database connections.", []string{"pool"}, nil)
	poolInUse    = prometheus.NewDesc("mais_db_pool_in_use_connections", "Database connections in use.", []string{"pool"}, nil)
	poolIdle     = prometheus.NewDesc("mais_db_pool_idle_connections", "Idle database connections.", []string{"pool"}, nil)
	poolMax      = prometheus.NewDesc("mais_db_pool_max_open_connections", "Limit of open database connections.", []string{"pool"}, nil)
	poolWaits    = prometheus.NewDesc("mais_db_pool_waits_total", "Times a query waited for a free connection.", []string{"pool"}, nil)
	poolWaitTime = prometheus.NewDesc("mais_db_pool_wait_seconds_total", "Time spent waiting for a free connection.", []string{"pool"}, nil)
	storeUpDesc  = prometheus.NewDesc("mais_store_up", "1 when the SQL store answers a ping.", nil, nil)
	cacheDesc    = prometheus.NewDesc("mais_cache_requests_total", "Application cache lookups by result.", []string{"result"}, nil)
	redisUpDesc  = prometheus.NewDesc("mais_redis_up", "1 when the shared Redis cache answers.", nil, nil)
)

// stateCollector reads State on every scrape.
type stateCollector struct{ s State }

// Observe registers a collector reading s on every scrape.
func (m *Metrics) Observe(s State) { m.reg.MustRegister(&stateCollector{s}) }

func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{outboxPendingDesc, outboxAgeDesc, outboxUpDesc, poolOpenDesc, poolInUse, poolIdle,
		poolMax, poolWaits, poolWaitTime, storeUpDesc, cacheDesc, redisUpDesc} {
		ch <- d
	}
}

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.s
	ctx, cancel := context.WithTimeout(context.Background(), ScrapeTimeout)
	defer cancel()
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	if s.Outbox != nil {
		n, oldest, err := s.Outbox(ctx)
		if err != nil {
			gauge(outboxUpDesc, 0)
		} else {
			gauge(outboxUpDesc, 1)
			gauge(outboxPendingDesc, float64(n))
			age := 0.0
			if !oldest.IsZero() && s.Now != nil {
				age = max(s.Now().Sub(oldest).Seconds(), 0)
			}
			gauge(outboxAgeDesc, age)
		}
	}
	if s.Pools != nil {
		for name, st := range s.Pools() {
			gauge(poolOpenDesc, float64(st.OpenConnections), name)
			gauge(poolInUse, float64(st.InUse), name)
			gauge(poolIdle, float64(st.Idle), name)
			gauge(poolMax, float64(st.MaxOpenConnections), name)
			ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(st.WaitCount), name)
			ch <- prometheus.MustNewConstMetric(poolWaitTime, prometheus.CounterValue, st.WaitDuration.Seconds(), name)
		}
	}
	if s.StoreUp != nil {
		gauge(storeUpDesc, boolValue(s.StoreUp(ctx)))
	}
	if s.Cache != nil {
		hits, misses := s.Cache(ctx)
		ch <- prometheus.MustNewConstMetric(cacheDesc, prometheus.CounterValue, float64(hits), "hit")
		ch <- prometheus.MustNewConstMetric(cacheDesc, prometheus.CounterValue, float64(misses), "miss")
	}
	if s.Redis != nil {
		gauge(redisUpDesc, boolValue(s.Redis(ctx)))
	}
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
