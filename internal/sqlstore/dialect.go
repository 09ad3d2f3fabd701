package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	moderncsqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"mais/internal/apperr"
)

type dialect string

const (
	sqlite   dialect = "sqlite"
	postgres dialect = "postgres"
)

// lockKey serialises writers that touch one (tenant, date) or similar pair.
// On PostgreSQL it takes a transaction-scoped advisory lock; on SQLite the
// write transaction already holds the database's single write lock.
func (s *Store) lockKey(ctx context.Context, tx *Tx, parts ...string) error {
	if s.dialect != postgres {
		return nil
	}
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(h.Sum64())); err != nil {
		return fmt.Errorf("advisory lock: %w", err)
	}
	return nil
}

// forUpdate is the row-lock suffix for a SELECT inside a write transaction.
func (s *Store) forUpdate() string {
	if s.dialect == postgres {
		return " FOR UPDATE"
	}
	return ""
}

// uniqueViolation reports whether err broke a unique rule, and which one:
// the PostgreSQL constraint name, or SQLite's "table.col, table.col" text.
func uniqueViolation(err error) (string, bool) {
	var pg *pgconn.PgError
	if errors.As(err, &pg) && pg.Code == "23505" {
		return pg.ConstraintName, true
	}
	var lite *moderncsqlite.Error
	if errors.As(err, &lite) {
		code := lite.Code()
		if code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY {
			msg := lite.Error()
			if i := strings.Index(msg, "failed: "); i >= 0 {
				msg = msg[i+len("failed: "):]
			}
			return msg, true
		}
	}
	return "", false
}

// translate turns driver errors that are the caller's fault into domain errors.
func translate(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.NotFound("record")
	}
	if what, ok := uniqueViolation(err); ok {
		return apperr.Conflict("already exists (%s)", what)
	}
	return err
}

// conflictOn maps a unique violation on constraint/columns containing any of
// the given names to a conflict with a clear message; other errors pass through.
func conflictOn(err error, message string, names ...string) error {
	what, ok := uniqueViolation(err)
	if !ok {
		return err
	}
	for _, n := range names {
		if strings.Contains(what, n) {
			return apperr.Conflict("%s", message)
		}
	}
	return apperr.Conflict("already exists (%s)", what)
}

// forUpdateOf locks only the rows of one table of a join.
func (s *Store) forUpdateOf(alias string) string {
	if s.dialect == postgres {
		return " FOR UPDATE OF " + alias
	}
	return ""
}
