package sqlstore

import (
	"context"
	"database/sql"
	"time"
)

// Store calls never wait longer than these, whatever the caller's context
// says: a frozen PostgreSQL (accepting connections, answering nothing) must
// cost a request a few seconds and a 503, not a hang past the HTTP server's
// 60 s write timeout while work commits behind the client's back.
const (
	// DefaultCallTimeout bounds one statement outside a transaction,
	// including the wait for a pooled connection.
	DefaultCallTimeout = 5 * time.Second
	// DefaultTxTimeout bounds a whole write transaction, from BEGIN (and the
	// wait for the connection) to COMMIT.
	DefaultTxTimeout = 10 * time.Second
)

type unboundedKey struct{}

// unbounded marks ctx so store calls keep only its own deadline: migrations
// may rightly run longer than any request.
func unbounded(ctx context.Context) context.Context {
	return context.WithValue(ctx, unboundedKey{}, true)
}

// bound gives ctx a deadline at most limit away. A sooner deadline of the
// caller wins; limit <= 0 or an unbounded context add none.
func bound(ctx context.Context, limit time.Duration) (context.Context, context.CancelFunc) {
	if limit <= 0 || ctx.Value(unboundedKey{}) != nil {
		return ctx, func() {}
	}
	if d, ok := ctx.Deadline(); ok && time.Until(d) <= limit {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, limit)
}

// Rows are query results whose errors report outages as UNAVAILABLE and
// whose call deadline ends when they are read to the end or closed.
type Rows struct {
	*sql.Rows
	cancel context.CancelFunc
}

// Next advances to the next row; after the last one the deadline is released.
func (r *Rows) Next() bool {
	if r.Rows.Next() {
		return true
	}
	r.cancel()
	return false
}

// Scan copies the current row into dest.
func (r *Rows) Scan(dest ...any) error { return classify(r.Rows.Scan(dest...)) }

// Err is the error that ended the iteration, if any.
func (r *Rows) Err() error { return classify(r.Rows.Err()) }

// Close releases the rows and the deadline.
func (r *Rows) Close() error {
	err := r.Rows.Close()
	r.cancel()
	return classify(err)
}

// Row is one query result; Scan reports outages as UNAVAILABLE and
// releases the call's deadline. sql.ErrNoRows comes back unchanged.
type Row struct {
	row    *sql.Row
	cancel context.CancelFunc
}

// Scan copies the row into dest.
func (r *Row) Scan(dest ...any) error {
	defer r.cancel()
	return classify(r.row.Scan(dest...))
}

// Err is the query's error, without scanning.
func (r *Row) Err() error { return classify(r.row.Err()) }
