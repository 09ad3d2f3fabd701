package sqlstore

import (
	"strings"
	"testing"
	"testing/fstest"
)

// The names schema_migrations recorded when every version had one file per
// dialect: a database migrated then must find the same names now.
var recordedMigrationNames = []string{
	"001_init.sql", "002_identity.sql", "003_config.sql", "004_booking_snapshot.sql",
	"005_revoked_sessions.sql", "006_paid_at_index.sql", "007_store_heartbeat.sql",
}

func TestMigrationsKeepTheirRecordedNames(t *testing.T) {
	for _, d := range []dialect{sqlite, postgres} {
		ms, err := loadMigrations(migrationFiles, "migrations", d)
		if err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		if len(ms) < len(recordedMigrationNames) {
			t.Fatalf("%s: %d migrations, want at least %d", d, len(ms), len(recordedMigrationNames))
		}
		for i, name := range recordedMigrationNames {
			if ms[i].name != name || ms[i].version != i+1 {
				t.Errorf("%s: migration %d is %d %s, want %s", d, i+1, ms[i].version, ms[i].name, name)
			}
		}
		for _, m := range ms {
			if strings.Contains(m.sql, "{{") {
				t.Errorf("%s: %s keeps a placeholder", d, m.name)
			}
		}
	}
}

func TestMigrationPlaceholdersPerDialect(t *testing.T) {
	fsys := fstest.MapFS{
		"m/001_a.sql": {Data: []byte("CREATE TABLE a (at {{TIMESTAMP}} NOT NULL, ok {{BOOL}} NOT NULL DEFAULT {{TRUE}}, n {{BIGINT}});")},
	}
	want := map[dialect]string{
		sqlite:   "CREATE TABLE a (at TIMESTAMP NOT NULL, ok INTEGER NOT NULL DEFAULT 1, n INTEGER);",
		postgres: "CREATE TABLE a (at TIMESTAMPTZ NOT NULL, ok BOOLEAN NOT NULL DEFAULT TRUE, n BIGINT);",
	}
	for d, sql := range want {
		ms, err := loadMigrations(fsys, "m", d)
		if err != nil || len(ms) != 1 || ms[0].sql != sql || ms[0].name != "001_a.sql" {
			t.Errorf("%s: got %+v, %v; want %q", d, ms, err, sql)
		}
	}
}

func TestMigrationDialectFilesReplaceTheSharedOne(t *testing.T) {
	fsys := fstest.MapFS{
		"m/001_a.sql":          {Data: []byte("shared 1")},
		"m/002_b.sql":          {Data: []byte("shared 3")},
		"m/sqlite/003_c.sql":   {Data: []byte("lite 2")},
		"m/postgres/003_c.sql": {Data: []byte("pg 2")},
	}
	for d, body := range map[dialect]string{sqlite: "lite 2", postgres: "pg 2"} {
		ms, err := loadMigrations(fsys, "m", d)
		if err != nil || len(ms) != 3 {
			t.Fatalf("%s: %+v, %v", d, ms, err)
		}
		if ms[2].name != "003_c.sql" || ms[2].sql != body {
			t.Errorf("%s: version 3 is %s %q, want 003_c.sql %q", d, ms[2].name, ms[2].sql, body)
		}
	}
}

func TestMigrationLayoutMistakesAreRefused(t *testing.T) {
	cases := map[string]fstest.MapFS{
		"unknown placeholder": {"m/001_a.sql": {Data: []byte("CREATE TABLE a (x {{JSONB}});")}},
		"unclosed":            {"m/001_a.sql": {Data: []byte("CREATE TABLE a (x {{BOOL);")}},
		"one dialect only":    {"m/sqlite/001_a.sql": {Data: []byte("x")}},
		"shared and dialect": {
			"m/001_a.sql": {Data: []byte("x")}, "m/sqlite/001_a.sql": {Data: []byte("x")}, "m/postgres/001_a.sql": {Data: []byte("x")},
		},
		"same number": {"m/001_a.sql": {Data: []byte("x")}, "m/001_b.sql": {Data: []byte("y")}},
		"no number":   {"m/init.sql": {Data: []byte("x")}},
	}
	for name, fsys := range cases {
		for _, d := range []dialect{sqlite, postgres} {
			if ms, err := loadMigrations(fsys, "m", d); err == nil {
				t.Errorf("%s (%s): accepted as %+v", name, d, ms)
			}
		}
	}
}
