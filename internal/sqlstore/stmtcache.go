package sqlstore

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// SQLite compiles SQL text on every call; profiles of a checkout showed
// about a third of its CPU in the parser. DB and Tx keep one prepared
// statement per query text instead. PostgreSQL needs none of this: pgx
// already caches prepared statements per connection.

// maxCachedStatements bounds the cache; query texts are fixed by our code, so
// it only matters if a caller ever builds unbounded variants.
const maxCachedStatements = 512

type stmtCache struct {
	db      *sql.DB
	mu      sync.Mutex
	m       map[string]*sql.Stmt
	pending map[string]bool
	closed  bool
	// preparing counts background prepares; close waits for them, so none
	// holds a connection (and, on SQLite, touches the database's files)
	// after the store says it is closed. ctx is canceled by close to cut a
	// prepare still waiting for a connection.
	preparing sync.WaitGroup
	ctx       context.Context
	cancel    context.CancelFunc
}

func newStmtCache(db *sql.DB) *stmtCache {
	ctx, cancel := context.WithCancel(context.Background())
	return &stmtCache{db: db, m: make(map[string]*sql.Stmt), pending: make(map[string]bool), ctx: ctx, cancel: cancel}
}

// get returns the prepared statement for query, or nil to run it
// unprepared this time. A miss prepares the statement in the background:
// the caller may hold the pool's only connection (SQLite's single writer,
// inside a transaction), so preparing in line could wait on itself.
func (c *stmtCache) get(query string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[query]; ok {
		return st
	}
	if c.closed || c.pending[query] || len(c.m)+len(c.pending) >= maxCachedStatements {
		return nil
	}
	c.pending[query] = true
	c.preparing.Add(1)
	go c.prepare(query)
	return nil
}

func (c *stmtCache) prepare(query string) {
	defer c.preparing.Done()
	ctx, cancel := context.WithTimeout(c.ctx, 30*time.Second)
	defer cancel()
	st, err := c.db.PrepareContext(ctx, query)
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.pending, query)
	if err != nil {
		return // the plain calls report the error
	}
	if c.closed {
		st.Close()
		return
	}
	c.m[query] = st
}

// close closes the cached statements after waiting for the prepares in
// flight, which it cancels; it must run before the pool is closed.
func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.cancel()
	c.preparing.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	clear(c.m)
}

// DB is a *sql.DB whose parameterised calls reuse prepared statements,
// carry a deadline (see bound) and report outages as UNAVAILABLE.
type DB struct {
	*sql.DB
	stmts *stmtCache
	// callTimeout caps every call made outside a transaction.
	callTimeout time.Duration
}

// ExecContext runs query, prepared once.
func (d *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx, cancel := bound(ctx, d.callTimeout)
	defer cancel()
	if st := d.cached(ctx, query, args); st != nil {
		res, err := st.ExecContext(ctx, args...)
		return res, classify(err)
	}
	res, err := d.DB.ExecContext(ctx, query, args...)
	return res, classify(err)
}

// QueryContext runs query, prepared once. The deadline lasts until the rows
// are read or closed.
func (d *DB) QueryContext(ctx context.Context, query string, args ...any) (*Rows, error) {
	ctx, cancel := bound(ctx, d.callTimeout)
	var rows *sql.Rows
	var err error
	if st := d.cached(ctx, query, args); st != nil {
		rows, err = st.QueryContext(ctx, args...)
	} else {
		rows, err = d.DB.QueryContext(ctx, query, args...)
	}
	if err != nil {
		cancel()
		return nil, classify(err)
	}
	return &Rows{Rows: rows, cancel: cancel}, nil
}

// QueryRowContext runs query, prepared once. The deadline lasts until Scan.
func (d *DB) QueryRowContext(ctx context.Context, query string, args ...any) *Row {
	ctx, cancel := bound(ctx, d.callTimeout)
	if st := d.cached(ctx, query, args); st != nil {
		return &Row{row: st.QueryRowContext(ctx, args...), cancel: cancel}
	}
	return &Row{row: d.DB.QueryRowContext(ctx, query, args...), cancel: cancel}
}

// cached skips statements without arguments: those are one-off DDL or
// multi-statement migration scripts, which cannot be prepared as one.
func (d *DB) cached(ctx context.Context, query string, args []any) *sql.Stmt {
	if len(args) == 0 {
		return nil
	}
	return d.stmts.get(query)
}

// Tx is a write transaction whose calls reuse the write pool's prepared
// statements. Its deadline is the transaction's, set by inTx.
type Tx struct {
	*sql.Tx
	stmts *stmtCache
}

// ExecContext runs query in the transaction, prepared once.
func (t *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := t.cached(ctx, query, args); st != nil {
		res, err := t.Tx.StmtContext(ctx, st).ExecContext(ctx, args...)
		return res, classify(err)
	}
	res, err := t.Tx.ExecContext(ctx, query, args...)
	return res, classify(err)
}

// QueryContext runs query in the transaction, prepared once.
func (t *Tx) QueryContext(ctx context.Context, query string, args ...any) (*Rows, error) {
	var rows *sql.Rows
	var err error
	if st := t.cached(ctx, query, args); st != nil {
		rows, err = t.Tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	} else {
		rows, err = t.Tx.QueryContext(ctx, query, args...)
	}
	if err != nil {
		return nil, classify(err)
	}
	return &Rows{Rows: rows, cancel: func() {}}, nil
}

// QueryRowContext runs query in the transaction, prepared once.
func (t *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *Row {
	if st := t.cached(ctx, query, args); st != nil {
		return &Row{row: t.Tx.StmtContext(ctx, st).QueryRowContext(ctx, args...), cancel: func() {}}
	}
	return &Row{row: t.Tx.QueryRowContext(ctx, query, args...), cancel: func() {}}
}

func (t *Tx) cached(ctx context.Context, query string, args []any) *sql.Stmt {
	if len(args) == 0 {
		return nil
	}
	return t.stmts.get(query)
}
