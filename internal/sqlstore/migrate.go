package sqlstore

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migrations live in migrations/NNN_name.sql, one file per version for both
// dialects. Column types that differ are written as placeholders that
// expandMigration fills in per dialect (see dialectTypes). A version that
// cannot be written portably is instead a pair of files of the same name in
// migrations/sqlite/ and migrations/postgres/; a version then has either
// one shared file or one file per dialect, never both.
//
// schema_migrations records each version with its file name (no checksum),
// so the names must never change: databases migrated when every version had
// two copies recognise the same names.
//
//go:embed migrations
var migrationFiles embed.FS

// dialectTypes maps each migration placeholder to its text per dialect.
// SQLite keeps timestamps as text in UTC and booleans as 0/1; its INTEGER
// is already 64 bits.
var dialectTypes = map[dialect]map[string]string{
	sqlite: {
		"{{TIMESTAMP}}": "TIMESTAMP",
		"{{BOOL}}":      "INTEGER",
		"{{TRUE}}":      "1",
		"{{FALSE}}":     "0",
		"{{BIGINT}}":    "INTEGER",
	},
	postgres: {
		"{{TIMESTAMP}}": "TIMESTAMPTZ",
		"{{BOOL}}":      "BOOLEAN",
		"{{TRUE}}":      "TRUE",
		"{{FALSE}}":     "FALSE",
		"{{BIGINT}}":    "BIGINT",
	},
}

type migration struct {
	version int
	name    string
	sql     string
}

func (s *Store) migrations() ([]migration, error) {
	return loadMigrations(migrationFiles, "migrations", s.dialect)
}

// loadMigrations reads the migrations under dir for dialect d, ordered by
// version, with placeholders expanded. Errors name the offending file.
func loadMigrations(fsys fs.FS, dir string, d dialect) ([]migration, error) {
	shared, err := sqlFiles(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	own := map[dialect]map[string]bool{}
	for dd := range dialectTypes {
		if own[dd], err = sqlFiles(fsys, path.Join(dir, string(dd))); err != nil {
			return nil, fmt.Errorf("list %s migrations: %w", dd, err)
		}
	}
	names := maps.Clone(shared)
	for dd, files := range own {
		for name := range files {
			if shared[name] {
				return nil, fmt.Errorf("migration %s: both shared and in %s/; keep one", name, dd)
			}
			for other := range dialectTypes {
				if !own[other][name] {
					return nil, fmt.Errorf("migration %s: in %s/ but missing from %s/", name, dd, other)
				}
			}
			names[name] = true
		}
	}
	var out []migration
	for name := range names {
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and an underscore", name)
		}
		file := path.Join(dir, name)
		if own[d][name] {
			file = path.Join(dir, string(d), name)
		}
		body, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("read migration: %w", err)
		}
		sql, err := expandMigration(string(body), d)
		if err != nil {
			return nil, fmt.Errorf("migration %s: %w", file, err)
		}
		out = append(out, migration{version: v, name: name, sql: sql})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("two migrations numbered %d: %s and %s", out[i].version, out[i-1].name, out[i].name)
		}
	}
	return out, nil
}

// sqlFiles lists the .sql files directly in dir (none when dir is absent).
func sqlFiles(fsys fs.FS, dir string) (map[string]bool, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]bool{}, nil
	}
	if err != nil {
		return nil, err // names dir
	}
	out := map[string]bool{}
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".sql") {
			out[e.Name()] = true
		}
	}
	return out, nil
}

// expandMigration replaces each {{PLACEHOLDER}} in body with its text for
// d. An unknown or unclosed placeholder is an error, so a typo cannot reach
// the database as literal braces.
func expandMigration(body string, d dialect) (string, error) {
	types := dialectTypes[d]
	var b strings.Builder
	for {
		i := strings.Index(body, "{{")
		if i < 0 {
			b.WriteString(body)
			return b.String(), nil
		}
		j := strings.Index(body[i:], "}}")
		if j < 0 {
			return "", fmt.Errorf("unclosed placeholder at %q", body[i:min(len(body), i+20)])
		}
		key := body[i : i+j+2]
		text, ok := types[key]
		if !ok {
			return "", fmt.Errorf("unknown placeholder %s", key)
		}
		b.WriteString(body[:i])
		b.WriteString(text)
		body = body[i+j+2:]
	}
}

// Migrate applies pending migrations, each in its own transaction, and
// records them. Several processes may call it at once: PostgreSQL serialises
// them with an advisory lock, SQLite with its write lock.
func (s *Store) Migrate(ctx context.Context) (applied []string, err error) {
	ctx = unbounded(ctx) // a migration may rightly outlast any request
	all, err := s.migrations()
	if err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	if _, err := s.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)`); err != nil {
		if _, ok := uniqueViolation(err); !ok { // two processes racing to create it
			return nil, fmt.Errorf("store: migrate: create schema_migrations: %w", err)
		}
	}
	for _, m := range all {
		done := false
		err := s.inTx(ctx, func(tx *Tx) error {
			if err := s.lockKey(ctx, tx, "mais:migrate"); err != nil {
				return err // names the lock
			}
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, m.version).Scan(&n); err != nil {
				return fmt.Errorf("read schema_migrations: %w", err)
			}
			if n > 0 {
				done = true
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("apply %s: %w", m.name, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.version, m.name, s.utcNow()); err != nil {
				return fmt.Errorf("record %s: %w", m.name, err)
			}
			return nil
		})
		if err != nil {
			return applied, fmt.Errorf("store: migrate: %w", err)
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
		return fmt.Errorf("store: check schema: %w", err)
	}
	known := all[len(all)-1].version
	var have int
	if err := s.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return fmt.Errorf("store: read schema version: %w", err)
	}
	if have > known {
		return fmt.Errorf("the store is at schema version %d but this binary knows only up to %d: run a newer mais", have, known)
	}
	if have < known {
		return fmt.Errorf("the store is at schema version %d, this binary needs %d: run mais migrate", have, known)
	}
	return nil
}
