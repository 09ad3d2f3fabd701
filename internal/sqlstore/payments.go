package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"mais/internal/apperr"
	"mais/internal/booking"
)

// RecordSessionEvent stores an event once by its id, if its session is one
// of ours, and reports the session's tenant and whether the event was
// already processed. One statement finds the session, inserts the event (or
// touches the existing row) and reads its status; an unknown session
// inserts nothing.
func (s *Store) RecordSessionEvent(ctx context.Context, sessionID, eventID, eventType string, payload []byte) (booking.SessionRef, bool, error) {
	var ref booking.SessionRef
	var status string
	err := s.write.QueryRowContext(ctx, `WITH session AS (SELECT tenant_id, date FROM bookings WHERE checkout_session_id = $6 OR balance_session_id = $6)
		INSERT INTO webhook_events (id, tenant_id, event_id, event_type, payload, status, created_at, updated_at)
		SELECT $1, tenant_id, $2, $3, $4, 'received', $5, $5 FROM session WHERE true
		ON CONFLICT (event_id) DO UPDATE SET updated_at = excluded.updated_at
		RETURNING tenant_id, (SELECT date FROM session), status`,
		newID(), eventID, eventType, string(payload), s.utcNow(), sessionID).Scan(&ref.TenantID, &ref.Date, &status)
	if err == sql.ErrNoRows {
		return ref, false, apperr.NotFound("checkout session")
	}
	if err != nil {
		// A full disk refuses this write but not a read: an event processed
		// before is answered from the read, so Stripe stops redelivering it.
		if apperr.Is(err, apperr.CodeUnavailable) {
			if done, ok := s.processedEvent(ctx, sessionID, eventID); ok {
				return done, true, nil
			}
		}
		return ref, false, fmt.Errorf("store: record event: %w", err)
	}
	return ref, status == "processed", nil
}

// processedEvent reads, without writing, whether eventID of sessionID was
// processed, and the session's tenant and date.
func (s *Store) processedEvent(ctx context.Context, sessionID, eventID string) (booking.SessionRef, bool) {
	var ref booking.SessionRef
	err := s.read.QueryRowContext(ctx, `SELECT b.tenant_id, b.date FROM webhook_events e
		JOIN bookings b ON (b.checkout_session_id = $2 OR b.balance_session_id = $2) AND b.tenant_id = e.tenant_id
		WHERE e.event_id = $1 AND e.status = 'processed'`, eventID, sessionID).Scan(&ref.TenantID, &ref.Date)
	return ref, err == nil
}

// MarkWebhookFailed records a failed attempt so Stripe's retry finds it.
func (s *Store) MarkWebhookFailed(ctx context.Context, eventID, message string) error {
	if len(message) > 2000 {
		message = message[:2000]
	}
	_, err := s.write.ExecContext(ctx, `UPDATE webhook_events SET status = 'failed', attempts = attempts + 1, last_error = $1, updated_at = $2
		WHERE event_id = $3 AND status <> 'processed'`, message, s.utcNow(), eventID)
	if err != nil {
		return fmt.Errorf("store: mark webhook failed: %w", err)
	}
	return nil
}

// WebhookEvent is a stored event as operators see it.
type WebhookEvent struct {
	EventID   string
	Type      string
	Status    string
	Attempts  int
	LastError string
}

// WebhookEventByID reads one stored event (operators and tests).
func (s *Store) WebhookEventByID(ctx context.Context, eventID string) (WebhookEvent, error) {
	var e WebhookEvent
	err := s.read.QueryRowContext(ctx, `SELECT event_id, event_type, status, attempts, last_error FROM webhook_events WHERE event_id = $1`, eventID).
		Scan(&e.EventID, &e.Type, &e.Status, &e.Attempts, &e.LastError)
	if err == sql.ErrNoRows {
		return e, apperr.NotFound("webhook event")
	}
	if err != nil {
		return e, fmt.Errorf("store: webhook event: %w", err)
	}
	return e, nil
}

// ClaimEvent marks a recorded event processed for tenantID, in the
// transaction (undone by its rollback). The event row lock makes concurrent
// deliveries of one event take turns: false means processed before.
func (t bookingTx) ClaimEvent(ctx context.Context, tenantID, eventID string, now time.Time) (bool, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE webhook_events SET status = 'processed', attempts = attempts + 1, last_error = '',
		processed_at = $1, updated_at = $1, tenant_id = $2 WHERE event_id = $3 AND status <> 'processed'`, now.UTC(), tenantID, eventID)
	if err != nil {
		return false, fmt.Errorf("store: claim event: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}
