package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// OutboxBacklog is the number of e-mails not sent yet and when the oldest
// of them was queued (zero time when none): the outbox is stuck when the
// age grows. For metrics; one indexed count and one row.
func (s *Store) OutboxBacklog(ctx context.Context) (pending int, oldest time.Time, err error) {
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM email_outbox WHERE status = 'pending'`).Scan(&pending); err != nil {
		return 0, time.Time{}, fmt.Errorf("store: outbox backlog: %w", err)
	}
	if pending == 0 {
		return 0, time.Time{}, nil
	}
	err = s.read.QueryRowContext(ctx, `SELECT created_at FROM email_outbox WHERE status = 'pending' ORDER BY created_at LIMIT 1`).Scan(&oldest)
	if errors.Is(err, sql.ErrNoRows) { // sent meanwhile
		return 0, time.Time{}, nil
	}
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("store: outbox oldest pending: %w", err)
	}
	return pending, oldest, nil
}

// PoolStats are the connection pool counters: "read" and "write" on
// SQLite (the single writer connection is its own pool), "pool" on
// PostgreSQL.
func (s *Store) PoolStats() map[string]sql.DBStats {
	if s.write == s.read {
		return map[string]sql.DBStats{"pool": s.read.Stats()}
	}
	return map[string]sql.DBStats{"read": s.read.Stats(), "write": s.write.Stats()}
}
