// Package sqlstore is the only package that speaks SQL. One Store runs the same
// queries on the embedded SQLite store and on PostgreSQL; the differences are
// kept in dialect.go and in the type placeholders of the migrations (migrate.go).
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // registers the "sqlite" database/sql driver
)

// Store implements every domain package's storage interface.
type Store struct {
	dialect dialect
	// read serves queries outside transactions. write runs transactions: on
	// SQLite it is a single connection so writers queue in Go rather than spin
	// on SQLITE_BUSY; on PostgreSQL it is the same pool as read.
	read  *DB
	write *DB
	now   func() time.Time
	// txTimeout caps each write transaction (see DefaultTxTimeout).
	txTimeout time.Duration
	// dataDir holds the SQLite file; empty on PostgreSQL.
	dataDir string
	// lock is the shared lock on the data dir that keeps a restore away
	// while this store is open (see backup.go); nil on PostgreSQL.
	lock *os.File
}

// Options tune Open.
type Options struct {
	// DataDir holds the SQLite file when DatabaseURL is empty.
	DataDir string
	// MaxConns bounds the PostgreSQL pool (default 20).
	MaxConns int
	// CallTimeout caps one statement outside a transaction and TxTimeout a
	// whole transaction (defaults DefaultCallTimeout, DefaultTxTimeout).
	CallTimeout, TxTimeout time.Duration
	// StartWait is how long Open keeps retrying a PostgreSQL that does not
	// answer yet (a restart or deploy during an outage); 0 tries once.
	StartWait time.Duration
	// Logger reports the retries of StartWait (default: discarded).
	Logger *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.CallTimeout <= 0 {
		o.CallTimeout = DefaultCallTimeout
	}
	if o.TxTimeout <= 0 {
		o.TxTimeout = DefaultTxTimeout
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// Open connects to PostgreSQL when databaseURL is set, else opens (creating
// if needed) the embedded SQLite store in opts.DataDir. It does not migrate.
func Open(ctx context.Context, databaseURL string, opts Options) (*Store, error) {
	opts = opts.withDefaults()
	if databaseURL != "" {
		return openPostgres(ctx, databaseURL, opts)
	}
	return openSQLite(ctx, opts)
}

func openPostgres(ctx context.Context, databaseURL string, opts Options) (*Store, error) {
	if !strings.HasPrefix(databaseURL, "postgres://") && !strings.HasPrefix(databaseURL, "postgresql://") {
		return nil, errors.New("DATABASE_URL must start with postgres://")
	}
	db, err := sql.Open("pgx", withConnectTimeout(databaseURL))
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	max := opts.MaxConns
	if max <= 0 {
		max = 20
	}
	db.SetMaxOpenConns(max)
	db.SetMaxIdleConns(max)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := waitForPostgres(ctx, db, opts); err != nil {
		db.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	pool := &DB{DB: db, callTimeout: opts.CallTimeout}
	return &Store{dialect: postgres, read: pool, write: pool, now: time.Now, txTimeout: opts.TxTimeout}, nil
}

// withConnectTimeout adds connect_timeout=5 (seconds) to a URL that sets
// none: without it a server that accepts TCP but never answers (frozen)
// stalls every new connection for as long as the caller's context allows.
func withConnectTimeout(databaseURL string) string {
	u, err := url.Parse(databaseURL)
	if err != nil || u.Query().Has("connect_timeout") {
		return databaseURL
	}
	q := u.Query()
	q.Set("connect_timeout", "5")
	u.RawQuery = q.Encode()
	return u.String()
}

// waitForPostgres pings until PostgreSQL answers or opts.StartWait has
// passed, logging as it goes: a process started during a database outage
// (a deploy, a machine restart) comes up when the database does instead of
// exiting. Errors other than an outage (bad password, unknown database) end
// the wait at once.
func waitForPostgres(ctx context.Context, db *sql.DB, opts Options) error {
	start := time.Now()
	delay := 250 * time.Millisecond
	for attempt := 1; ; attempt++ {
		pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := db.PingContext(pingCtx)
		cancel()
		if err == nil {
			if attempt > 1 {
				opts.Logger.Info("postgres answers; starting", "attempts", attempt, "waited", time.Since(start).Round(time.Millisecond))
			}
			return nil
		}
		waited := time.Since(start)
		if !outage(err) || ctx.Err() != nil || waited+delay > opts.StartWait {
			return fmt.Errorf("connect to postgres (%d attempts over %s): %w", attempt, waited.Round(time.Second), err)
		}
		opts.Logger.Warn("postgres does not answer yet; retrying", "attempt", attempt, "waited", waited.Round(time.Second),
			"giveUpAfter", opts.StartWait, "err", err)
		select {
		case <-ctx.Done():
			return fmt.Errorf("connect to postgres: %w", ctx.Err())
		case <-time.After(delay):
		}
		delay = min(delay*2, 2*time.Second)
	}
}

func openSQLite(ctx context.Context, opts Options) (*Store, error) {
	dataDir := opts.DataDir
	if dataDir == "" {
		dataDir = "./data"
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	lock, err := lockStore(dataDir, false)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dataDir, dbFile)
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "foreign_keys(ON)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_time_format", "sqlite")
	readDSN := "file:" + path + "?" + q.Encode()
	q.Set("_txlock", "immediate")
	writeDSN := "file:" + path + "?" + q.Encode()

	write, err := sql.Open("sqlite", writeDSN)
	if err != nil {
		lock.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	read, err := sql.Open("sqlite", readDSN)
	if err != nil {
		write.Close()
		lock.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		read.Close()
		lock.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return &Store{dialect: sqlite, dataDir: dataDir, txTimeout: opts.TxTimeout, lock: lock,
		read:  &DB{DB: read, stmts: newStmtCache(read), callTimeout: opts.CallTimeout},
		write: &DB{DB: write, stmts: newStmtCache(write), callTimeout: opts.CallTimeout}, now: time.Now}, nil
}

// Close releases the connections.
func (s *Store) Close() error {
	s.read.stmts.close()
	s.write.stmts.close()
	err := s.read.Close()
	if s.write != s.read {
		err = errors.Join(err, s.write.Close())
	}
	if s.lock != nil {
		// After the connections: the file is whole before a restore may run.
		err = errors.Join(err, s.lock.Close())
	}
	if err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// Ping reports whether the store answers (UNAVAILABLE when not).
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := s.read.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", classify(err))
	}
	return nil
}

// Kind is "sqlite" or "postgres".
func (s *Store) Kind() string { return string(s.dialect) }

// SetClock replaces the store's clock: the app's injected clock, or a test's.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

func (s *Store) utcNow() time.Time { return s.now().UTC() }

// inTx runs fn in a write transaction, committing when it returns nil.
// The transaction has a deadline of its own (txTimeout), and its outage
// errors are UNAVAILABLE, like every call's.
func (s *Store) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	ctx, cancel := bound(ctx, s.txTimeout)
	defer cancel()
	sqlTx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", classify(translate(err)))
	}
	tx := &Tx{Tx: sqlTx, stmts: s.write.stmts}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err // fn's error as it is: the caller names its operation
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", classify(translate(err)))
	}
	return nil
}

// querier is what both *DB and *Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *Row
}

// queryList runs query on q and scans every row with scan, returning a
// non-nil (possibly empty) slice; every error is wrapped as "op: ...".
func queryList[T any](ctx context.Context, q querier, op string, scan func(interface{ Scan(...any) error }) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, nil
}
