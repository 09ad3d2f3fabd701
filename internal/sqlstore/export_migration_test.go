package sqlstore

import "fmt"

// MigrationSQLForTest is migration name as the store's dialect runs it,
// placeholders expanded, so a test can replay part of it on rows it made.
func (s *Store) MigrationSQLForTest(name string) (string, error) {
	ms, err := s.migrations()
	if err != nil {
		return "", err
	}
	for _, m := range ms {
		if m.name == name {
			return m.sql, nil
		}
	}
	return "", fmt.Errorf("no migration %s", name)
}
