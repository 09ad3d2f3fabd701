// Package sqlstore is the only package that speaks SQL. One Store runs the same
// queries on the embedded SQLite store and on PostgreSQL; the differences are
// kept in dialect.go and in the per-dialect migration files.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
}

// Options tune Open.
type Options struct {
	// DataDir holds the SQLite file when DatabaseURL is empty.
	DataDir string
	// MaxConns bounds the PostgreSQL pool (default 20).
	MaxConns int
}

// Open connects to PostgreSQL when databaseURL is set, else opens (creating
// if needed) the embedded SQLite store in opts.DataDir. It does not migrate.
func Open(ctx context.Context, databaseURL string, opts Options) (*Store, error) {
	if databaseURL != "" {
		return openPostgres(ctx, databaseURL, opts)
	}
	return openSQLite(ctx, opts.DataDir)
}

func openPostgres(ctx context.Context, databaseURL string, opts Options) (*Store, error) {
	if !strings.HasPrefix(databaseURL, "postgres://") && !strings.HasPrefix(databaseURL, "postgresql://") {
		return nil, errors.New("DATABASE_URL must start with postgres://")
	}
	db, err := sql.Open("pgx", databaseURL)
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
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	pool := &DB{DB: db}
	return &Store{dialect: postgres, read: pool, write: pool, now: time.Now}, nil
}

func openSQLite(ctx context.Context, dataDir string) (*Store, error) {
	if dataDir == "" {
		dataDir = "./data"
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	path := filepath.Join(dataDir, "mais.db")
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
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	read, err := sql.Open("sqlite", readDSN)
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		read.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return &Store{dialect: sqlite, read: &DB{DB: read, stmts: newStmtCache(read)},
		write: &DB{DB: write, stmts: newStmtCache(write)}, now: time.Now}, nil
}

// Close releases the connections.
func (s *Store) Close() error {
	s.read.stmts.close()
	s.write.stmts.close()
	err := s.read.Close()
	if s.write != s.read {
		if werr := s.write.Close(); err == nil {
			err = werr
		}
	}
	return err
}

// Ping reports whether the store answers.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return s.read.PingContext(ctx)
}

// Kind is "sqlite" or "postgres".
func (s *Store) Kind() string { return string(s.dialect) }

// SetClock replaces the store's clock (tests).
func (s *Store) SetClock(now func() time.Time) { s.now = now }

func (s *Store) utcNow() time.Time { return s.now().UTC() }

// inTx runs fn in a write transaction, committing when it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", translate(err))
	}
	tx := &Tx{Tx: sqlTx, stmts: s.write.stmts}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", translate(err))
	}
	return nil
}

// querier is what both *sql.DB and *Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}
