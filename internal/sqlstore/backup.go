package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"

	"mais/internal/apperr"
)

// The embedded store's backups (docs/API.md §13). A backup is one SQLite
// file written by VACUUM INTO: a consistent snapshot of the committed data
// at one instant, taken through a read connection, so a running server
// keeps reading and writing meanwhile. A restore replaces the store's file
// with a backup and is refused while any process has the store open: each
// one holds a shared lock on the data dir's lock file for as long as its
// store is open (see lockStore), and a restore needs it exclusively.

// ErrStoreInUse is a restore refused because a process has the store open.
var ErrStoreInUse = apperr.New(apperr.CodeConflict,
	"the store is open in a running mais process (serve or another command); stop it before restoring")

const (
	dbFile   = "mais.db"
	lockFile = "mais.db.lock"
)

// Backup writes a consistent copy of the embedded store to path, which
// must not exist yet. PostgreSQL is VALIDATION_ERROR: pg_dump and
// point-in-time recovery are its backups (README).
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.dialect != sqlite {
		return apperr.Validation("mais backup copies the embedded store; back PostgreSQL up with pg_dump or point-in-time recovery (see README)", nil)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := os.Stat(abs); err == nil {
		return apperr.Validation(fmt.Sprintf("%s exists; a backup never overwrites a file", path), map[string]string{"out": "exists"})
	}
	// No call timeout: a large store takes as long as it takes, and the
	// read connection it holds blocks no writer (WAL).
	if _, err := s.read.DB.ExecContext(ctx, `VACUUM INTO ?`, abs); err != nil {
		os.Remove(abs)
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}

// Restore replaces the embedded store in dataDir with the backup at from.
// The backup is checked first (an SQLite file that passes integrity_check
// and has MAIS's migrations table); the store being replaced is kept as
// mais.db.pre-restore. Errors: ErrStoreInUse while a process has the store
// open, VALIDATION_ERROR for a file that is not a backup.
func Restore(ctx context.Context, dataDir, from string) error {
	if err := checkBackup(ctx, from); err != nil {
		return err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return fmt.Errorf("restore: create data dir: %w", err)
	}
	lock, err := lockStore(dataDir, true)
	if err != nil {
		return err
	}
	defer lock.Close()
	target := filepath.Join(dataDir, dbFile)
	tmp := target + ".restoring"
	if err := copyFile(from, tmp); err != nil {
		return fmt.Errorf("restore: copy %s: %w", from, err)
	}
	if _, err := os.Stat(target); err == nil {
		// Fold the old store's WAL into its file, so the kept copy is whole
		// and no WAL of the old file is left beside the new one.
		if err := checkpoint(ctx, target); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("restore: close the current store: %w", err)
		}
		if err := os.Rename(target, target+".pre-restore"); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("restore: keep the current store: %w", err)
		}
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(target + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("restore: %w", err)
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return nil
}

// checkBackup opens path read-only and checks it is a whole MAIS store.
func checkBackup(ctx context.Context, path string) error {
	bad := func(why string) error {
		return apperr.Validation(fmt.Sprintf("%s is not a MAIS backup: %s", path, why), map[string]string{"from": why})
	}
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
		return bad("no such file")
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=query_only(1)")
	if err != nil {
		return fmt.Errorf("restore: open %s: %w", path, err)
	}
	defer db.Close()
	var result string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&result); err != nil {
		return bad("not an SQLite database")
	}
	if result != "ok" {
		return bad("damaged (" + result + ")")
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil || n == 0 {
		return bad("no MAIS migrations in it")
	}
	return nil
}

// checkpoint writes path's WAL into it and truncates the WAL.
func checkpoint(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?"+url.Values{"_pragma": {"busy_timeout(5000)"}}.Encode())
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(to)
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		os.Remove(to)
		return err
	}
	return out.Close()
}
