package sqlstore

import (
	"fmt"
	"strings"
)

// MigrationStatementForTest is the statement of migration version that
// starts with prefix, expanded for the store's dialect (a test re-runs a
// data step of a migration on rows it made).
func (s *Store) MigrationStatementForTest(version int, prefix string) (string, error) {
	ms, err := loadMigrations(migrationFiles, "migrations", s.dialect)
	if err != nil {
		return "", err
	}
	for _, m := range ms {
		if m.version != version {
			continue
		}
		for _, stmt := range strings.Split(m.sql, ";") {
			var kept []string
			for _, line := range strings.Split(stmt, "\n") {
				if !strings.HasPrefix(strings.TrimSpace(line), "--") {
					kept = append(kept, line)
				}
			}
			if q := strings.TrimSpace(strings.Join(kept, "\n")); strings.HasPrefix(q, prefix) {
				return q, nil
			}
		}
	}
	return "", fmt.Errorf("migration %d has no statement starting %q", version, prefix)
}
