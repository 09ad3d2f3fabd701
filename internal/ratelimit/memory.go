package ratelimit

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"time"
)

// sweepEvery is how often Memory drops the logs of keys whose every hit has
// aged out, so memory follows the keys active within their window.
const sweepEvery = time.Minute

// Memory is a Limiter for a single process.
type Memory struct {
	now func() time.Time

	mu        sync.Mutex
	logs      map[string]*hitLog
	nextSweep time.Time
	lastID    uint64
}

// hitLog holds a key's accepted hits, oldest first.
type hitLog struct {
	hits   []hit
	window time.Duration // of the latest call, to know when the log is dead
}

// hit is one accepted hit; id is unique within the Memory.
type hit struct {
	at time.Time
	id string
}

var _ Limiter = (*Memory)(nil)

// NewMemory returns an in-process limiter reading time from now (time.Now
// when nil).
func NewMemory(now func() time.Time) *Memory {
	if now == nil {
		now = time.Now
	}
	return &Memory{now: now, logs: make(map[string]*hitLog)}
}

// Allow counts one hit on key if fewer than limit hits are within window.
func (m *Memory) Allow(_ context.Context, key string, limit int, window time.Duration) (Result, error) {
	if err := checkArgs(limit, window); err != nil {
		return Result{}, err
	}
	return m.hit(key, limit, window, true), nil
}

// Peek reports the hits on key within window without adding one.
func (m *Memory) Peek(_ context.Context, key string, limit int, window time.Duration) (Result, error) {
	if err := checkArgs(limit, window); err != nil {
		return Result{}, err
	}
	return m.hit(key, limit, window, false), nil
}

// Release takes back the hit Allow recorded as id.
func (m *Memory) Release(_ context.Context, key, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	l := m.logs[key]
	if l == nil || id == "" {
		return nil
	}
	l.hits = slices.DeleteFunc(l.hits, func(h hit) bool { return h.id == id })
	return nil
}

// Reset forgets the hits on key.
func (m *Memory) Reset(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.logs, key)
	return nil
}

// Len returns the number of keys with a log, swept or not yet.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.logs)
}

func (m *Memory) hit(key string, limit int, window time.Duration, record bool) Result {
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sweep(now)

	l := m.logs[key]
	if l == nil {
		if !record {
			return Result{Allowed: true, Limit: limit}
		}
		l = &hitLog{}
		m.logs[key] = l
	}
	l.window = window
	l.prune(now)
	n := len(l.hits)
	if n < limit {
		id := ""
		if record {
			m.lastID++
			id = strconv.FormatUint(m.lastID, 36)
			l.hits = append(l.hits, hit{at: now, id: id})
			n++
		}
		return Result{Allowed: true, Count: n, Limit: limit, ID: id}
	}
	// A hit is allowed again once all but limit-1 of the hits have aged out.
	return Result{
		Count:      n,
		Limit:      limit,
		RetryAfter: l.hits[n-limit].at.Add(window).Sub(now),
	}
}

// prune drops the hits at least one window old.
func (l *hitLog) prune(now time.Time) {
	cutoff := now.Add(-l.window)
	i := 0
	for i < len(l.hits) && !l.hits[i].at.After(cutoff) {
		i++
	}
	l.hits = slices.Delete(l.hits, 0, i)
}

// sweep must be called with mu held.
func (m *Memory) sweep(now time.Time) {
	if now.Before(m.nextSweep) {
		return
	}
	m.nextSweep = now.Add(sweepEvery)
	for key, l := range m.logs {
		if l.prune(now); len(l.hits) == 0 {
			delete(m.logs, key)
		}
	}
}
