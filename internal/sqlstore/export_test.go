package sqlstore

import "context"

// ExecForTest runs raw SQL; only tests may reach under the store's API.
func (s *Store) ExecForTest(ctx context.Context, q string, args ...any) error {
	_, err := s.write.ExecContext(ctx, q, args...)
	return err
}
