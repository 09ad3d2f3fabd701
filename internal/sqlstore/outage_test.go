package sqlstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"mais/internal/apperr"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
)

// A store that cannot answer — closed under a running request, or past a
// deadline — is UNAVAILABLE (503 with Retry-After), never a bare driver
// error that becomes a 500; a missing row is still NOT_FOUND.
func TestOutageErrorsAreUnavailable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		if _, err := s.TenantByID(ctx, "no-such-tenant"); !apperr.Is(err, apperr.CodeNotFound) {
			t.Errorf("missing tenant: %v, want NOT_FOUND", err)
		}
		expired, cancel := context.WithDeadline(ctx, time.Now().Add(-time.Second))
		defer cancel()
		_, err := s.TenantByID(expired, "no-such-tenant")
		if !apperr.Is(err, apperr.CodeUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("past its deadline: %v, want UNAVAILABLE wrapping the deadline", err)
		}
		if err := s.CheckWrite(ctx); err != nil {
			t.Errorf("CheckWrite on a healthy store: %v", err)
		}
		s.Close()
		for what, err := range map[string]error{
			"read":  func() error { _, err := s.TenantByID(ctx, "no-such-tenant"); return err }(),
			"write": s.CheckWrite(ctx),
			"ping":  s.Ping(ctx),
		} {
			var e *apperr.Error
			if !errors.As(err, &e) || e.Code != apperr.CodeUnavailable || e.RetryAfterSeconds <= 0 {
				t.Errorf("%s on a closed store: %v, want UNAVAILABLE with a Retry-After", what, err)
			}
		}
	})
}
