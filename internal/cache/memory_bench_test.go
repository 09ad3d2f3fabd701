package cache_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"mais/internal/cache"
)

func BenchmarkMemoryGetHit(b *testing.B) {
	m := cache.NewMemory(10_000)
	ctx := context.Background()
	k := cache.TenantKey("6f1c2d4e-0000-4000-8000-000000000001", "catalog", "packages")
	m.Set(ctx, k, make([]byte, 4096), time.Hour)
	for b.Loop() {
		if _, ok := m.Get(ctx, k); !ok {
			b.Fatal("miss")
		}
	}
}

func BenchmarkMemoryGetMiss(b *testing.B) {
	m := cache.NewMemory(10_000)
	ctx := context.Background()
	k := cache.TenantKey("6f1c2d4e-0000-4000-8000-000000000001", "catalog", "packages")
	for b.Loop() {
		if _, ok := m.Get(ctx, k); ok {
			b.Fatal("hit")
		}
	}
}

func BenchmarkMemoryGetHitParallel(b *testing.B) {
	m := cache.NewMemory(10_000)
	ctx := context.Background()
	keys := make([]cache.Key, 100)
	for i := range keys {
		keys[i] = cache.TenantKey("t"+strconv.Itoa(i%10), "page", strconv.Itoa(i))
		m.Set(ctx, keys[i], []byte("v"), time.Hour)
	}
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			m.Get(ctx, keys[i%len(keys)])
			i++
		}
	})
}
