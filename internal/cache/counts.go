package cache

// Counts are a cache's hits and misses since the process started, read
// without touching Redis (metrics scrape them; Stats also counts keys,
// which scans Redis).
func Counts(c Cache) (hits, misses int64, ok bool) {
	cc, ok := c.(interface{ counts() (int64, int64) })
	if !ok {
		return 0, 0, false
	}
	hits, misses = cc.counts()
	return hits, misses, true
}

func (m *Memory) counts() (int64, int64) { return m.hits.Load(), m.misses.Load() }

func (c *Redis) counts() (int64, int64) { return c.hits.Load(), c.misses.Load() }
