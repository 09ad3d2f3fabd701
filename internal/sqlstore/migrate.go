package sqlstore

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func (s *Store) migrations() ([]migration, error) {
	dir := path.Join("migrations", string(s.dialect))
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and an underscore", e.Name())
		}
		body, err := fs.ReadFile(migrationFiles, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("two migrations numbered %d", out[i].version)
		}
	}
	return out, nil
}

// Migrate applies pending migrations, each in its own transaction, and
// records them. Several processes may call it at once: PostgreSQL serialises
// them with an advisory lock, SQLite with its write lock.
func (s *Store) Migrate(ctx context.Context) (applied []string, err error) {
	ctx = unbounded(ctx) // a migration may rightly outlast any request
	all, err := s.migrations()
	if err != nil {
		return nil, err
	}
	if _, err := s.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)`); err != nil {
		if _, ok := uniqueViolation(err); !ok { // two processes racing to create it
			return nil, fmt.Errorf("create schema_migrations: %w", err)
		}
	}
	for _, m := range all {
		done := false
		err := s.inTx(ctx, func(tx *Tx) error {
			if err := s.lockKey(ctx, tx, "mais:migrate"); err != nil {
				return err
			}
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, m.version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				done = true
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("apply %s: %w", m.name, err)
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.version, m.name, s.utcNow())
			return err
		})
		if err != nil {
			return applied, err
		}
		if !done {
			applied = append(applied, m.name)
		}
	}
	return applied, s.CheckSchema(ctx)
}

// CheckSchema refuses a store migrated by a newer binary, and one that is
// behind this binary.
func (s *Store) CheckSchema(ctx context.Context) error {
	all, err := s.migrations()
	if err != nil {
		return err
	}
	known := all[len(all)-1].version
	var have int
	if err := s.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if have > known {
		return fmt.Errorf("the store is at schema version %d but this binary knows only up to %d: run a newer mais", have, known)
	}
	if have < known {
		return fmt.Errorf("the store is at schema version %d, this binary needs %d: run mais migrate", have, known)
	}
	return nil
}
