package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net"
	"strings"
	"syscall"

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
	return err // not the caller's fault: unchanged
}

// conflictOn maps a unique violation on constraint/columns containing any of
// the given names to a conflict with a clear message; other errors pass through.
func conflictOn(err error, message string, names ...string) error {
	what, ok := uniqueViolation(err)
	if !ok {
		return err // not a unique violation: unchanged
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

// unavailableMessage is what a client reads when the store cannot answer.
const unavailableMessage = "the service is briefly unavailable; please try again in a few seconds"

// classify turns an error meaning "the store could not answer" into an
// UNAVAILABLE apperr (503 with Retry-After) that keeps the driver error as
// its cause; any other error, sql.ErrNoRows included, is returned as is.
// Every call through DB, Tx and inTx passes its error through here, so no
// outage reaches a client as a 500.
func classify(err error) error {
	if err == nil || !outage(err) {
		return err // not an outage: unchanged
	}
	var e *apperr.Error
	if errors.As(err, &e) {
		return err // already classified further down
	}
	return apperr.Unavailable(err, unavailableMessage)
}

// outage reports whether err says the store is down, frozen past a deadline,
// refusing or dropping connections, out of disk or memory, shutting down, or
// closed by this process — as opposed to refusing the statement itself.
func outage(err error) bool {
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled),
		errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, syscall.ENOSPC), errors.Is(err, pgconn.ErrConnClosed), pgconn.Timeout(err):
		return true
	}
	// database/sql has no exported value for this one.
	if strings.Contains(err.Error(), "sql: database is closed") {
		return true
	}
	var connect *pgconn.ConnectError
	var netErr net.Error
	if errors.As(err, &connect) || errors.As(err, &netErr) {
		return true
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pgOutage(pg.Code)
	}
	var lite *moderncsqlite.Error
	if errors.As(err, &lite) {
		switch lite.Code() & 0xff { // the primary code of an extended one
		case sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED,
			sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_NOMEM, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PROTOCOL:
			return true
		}
	}
	return false
}

// pgOutage reports whether a PostgreSQL SQLSTATE is the server's trouble:
// class 08 connection exceptions, class 53 insufficient resources (53100
// disk full, 53300 too many connections), 57P01–57P03 shutting down or
// starting, 57014 statement timeout, class 58 I/O errors.
func pgOutage(code string) bool {
	switch {
	case strings.HasPrefix(code, "08"), strings.HasPrefix(code, "53"), strings.HasPrefix(code, "58"):
		return true
	case code == "57P01", code == "57P02", code == "57P03", code == "57014":
		return true
	}
	return false
}
