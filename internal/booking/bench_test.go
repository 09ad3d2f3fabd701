package booking_test

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
)

// BenchmarkCheckout measures a successful checkout (price, hold, session,
// attach) on distinct dates, 8 goroutines at a time.
func BenchmarkCheckout(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			var s *sqlstore.Store
			if kind == "sqlite" {
				s = storetest.SQLite(b)
			} else {
				s = storetest.Postgres(b)
			}
			envs := make([]env, 0, 20)
			for i := 0; i < 20; i++ {
				envs = append(envs, newEnv(b, s, fmt.Sprintf("bench%d", i)))
			}
			s.SetClock(time.Now)
			var n atomic.Int64
			b.SetParallelism(4)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := n.Add(1)
					e := envs[int(i)%len(envs)]
					e.svc.Now = time.Now
					date := time.Now().AddDate(0, 1, int(i)/len(envs)).Format("2006-01-02")
					if _, err := e.checkout(date, fmt.Sprintf("b%d@example.com", i)); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
