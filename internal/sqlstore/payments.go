package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
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
	err := s.write.QueryRowContext(ctx, `WITH session AS (SELECT tenant_id, date FROM bookings WHERE checkout_session_id = $6)
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
		return ref, false, err
	}
	return ref, status == "processed", nil
}

// processedEvent reads, without writing, whether eventID of sessionID was
// processed, and the session's tenant and date.
func (s *Store) processedEvent(ctx context.Context, sessionID, eventID string) (booking.SessionRef, bool) {
	var ref booking.SessionRef
	err := s.read.QueryRowContext(ctx, `SELECT b.tenant_id, b.date FROM webhook_events e
		JOIN bookings b ON b.checkout_session_id = $2 AND b.tenant_id = e.tenant_id
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
	return err
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
	return e, err
}

// ApplySessionEvent changes the booking of a session as the event says and
// marks the event processed, in one transaction. The event row lock makes
// concurrent deliveries of one event take turns; the (tenant, date) lock and
// the partial unique index make a second live booking of a date impossible.
func (s *Store) ApplySessionEvent(ctx context.Context, e booking.SessionEvent) (booking.Booking, booking.Outcome, error) {
	var out booking.Booking
	var outcome booking.Outcome
	now := e.Now.UTC()
	err := s.inTx(ctx, func(tx *Tx) error {
		// The date lock comes before the booking's row lock, the order
		// checkouts use too. Even a PENDING booking takes it: a checkout for
		// the same date may be about to expire this lapsed hold.
		if err := s.lockKey(ctx, tx, "date", e.Ref.TenantID, e.Ref.Date); err != nil {
			return err
		}
		// Claim the event: marked processed now, undone by the rollback if
		// anything below fails. A delivery that finds it processed is a
		// duplicate and changes nothing.
		res, err := tx.ExecContext(ctx, `UPDATE webhook_events SET status = 'processed', attempts = attempts + 1, last_error = '',
			processed_at = $1, updated_at = $1, tenant_id = $2 WHERE event_id = $3 AND status <> 'processed'`, now, e.Ref.TenantID, e.EventID)
		if err != nil {
			return fmt.Errorf("claim event: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			outcome = booking.OutcomeDuplicate
			return nil
		}
		b, err := scanBooking(tx.QueryRowContext(ctx, `SELECT `+bookingColumns+bookingFrom+` WHERE b.checkout_session_id = $1`+s.forUpdateOf("b"), e.SessionID))
		if err != nil {
			return err
		}
		outcome = booking.OutcomeNoChange
		switch e.Action {
		case booking.ActionPay:
			outcome, err = s.pay(ctx, tx, &b, now)
		case booking.ActionAwait:
			if b.Status == booking.StatusPending {
				b.HoldExpiresAt, b.AwaitingPayment = e.HoldUntil.UTC(), true
				_, err = tx.ExecContext(ctx, `UPDATE bookings SET hold_expires_at = $1, awaiting_payment = TRUE, updated_at = $2
					WHERE tenant_id = $3 AND id = $4`, b.HoldExpiresAt, now, b.TenantID, b.ID)
				outcome = booking.OutcomeAwaiting
			}
		case booking.ActionRelease:
			if b.Status == booking.StatusPending {
				b.Status = e.ReleaseAs
				if b.Status == "" {
					b.Status = booking.StatusExpired
				}
				b.AwaitingPayment = false
				_, err = tx.ExecContext(ctx, `UPDATE bookings SET status = $1, awaiting_payment = FALSE, updated_at = $2
					WHERE tenant_id = $3 AND id = $4`, string(b.Status), now, b.TenantID, b.ID)
				outcome = booking.OutcomeReleased
			}
		}
		if err != nil {
			return err
		}
		if changed := outcome == booking.OutcomeBooked || outcome == booking.OutcomeConflict || outcome == booking.OutcomeReleased; changed && e.Emails != nil {
			if err := enqueueEmails(ctx, tx, e.Emails(b), now); err != nil {
				return err
			}
		}
		b.UpdatedAt = now
		out = b
		return nil
	})
	if err != nil {
		return booking.Booking{}, "", err
	}
	return out, outcome, nil
}

// pay books b if its date is still sellable at this moment, else marks it
// CONFLICT and flags it for refund. Whatever the hold's expiry says and
// whether or not the sweeper has run, the date must have no blackout and no
// other live booking: a hold that lapsed leaves its date open to blackouts
// and to other checkouts, and the money may come long after.
func (s *Store) pay(ctx context.Context, tx *Tx, b *booking.Booking, now time.Time) (booking.Outcome, error) {
	var reason string
	switch b.Status {
	case booking.StatusPaid, booking.StatusConflict:
		return booking.OutcomeNoChange, nil
	case booking.StatusPending:
		// The row is live, so the partial unique index leaves no other live
		// booking on the date; a blackout may still have come after the hold
		// lapsed (blackouts only yield to holds that have not).
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM blackouts WHERE tenant_id = $1 AND date = $2`, b.TenantID, b.Date).Scan(&n); err != nil {
			return "", fmt.Errorf("check blackouts: %w", err)
		}
		if n > 0 {
			reason = booking.ReasonBlackout
		}
	default:
		// The hold ended before the money came. Lapsed holds of others on
		// the date are expired on the way; a live one or a blackout wins.
		var err error
		if reason, err = dateReason(ctx, tx, b.TenantID, b.Date, now); err != nil {
			return "", err
		}
	}
	if reason != "" {
		b.Status, b.NeedsRefund, b.AwaitingPayment, b.PaidAt = booking.StatusConflict, true, false, &now
		_, err := tx.ExecContext(ctx, `UPDATE bookings SET status = 'CONFLICT', needs_refund = TRUE, awaiting_payment = FALSE,
			paid_at = $1, updated_at = $1 WHERE tenant_id = $2 AND id = $3`, now, b.TenantID, b.ID)
		return booking.OutcomeConflict, err
	}
	b.Status, b.AwaitingPayment, b.PaidAt = booking.StatusPaid, false, &now
	_, err := tx.ExecContext(ctx, `UPDATE bookings SET status = 'PAID', awaiting_payment = FALSE, paid_at = $1, updated_at = $1
		WHERE tenant_id = $2 AND id = $3`, now, b.TenantID, b.ID)
	return booking.OutcomeBooked, err
}

// enqueueEmails queues messages in one statement; a dedupe key already
// queued is skipped, so a message exists once whatever retries happen.
func enqueueEmails(ctx context.Context, tx *Tx, msgs []booking.Email, now time.Time) error {
	if len(msgs) == 0 {
		return nil
	}
	var q strings.Builder
	q.WriteString(`INSERT INTO email_outbox (id, tenant_id, dedupe_key, to_address, subject, text_body, html_body,
		status, next_attempt_at, created_at) VALUES `)
	args := make([]any, 0, len(msgs)*8)
	for i, m := range msgs {
		if i > 0 {
			q.WriteString(", ")
		}
		n := len(args)
		fmt.Fprintf(&q, "($%d, $%d, $%d, $%d, $%d, $%d, $%d, 'pending', $%d, $%d)", n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8, n+8)
		args = append(args, newID(), m.TenantID, m.DedupeKey, m.To, m.Subject, m.TextBody, m.HTMLBody, now)
	}
	q.WriteString(` ON CONFLICT (dedupe_key) DO NOTHING`)
	if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
		return fmt.Errorf("queue e-mails: %w", err)
	}
	return nil
}

// ClaimDueEmails leases up to limit due messages to this worker.
func (s *Store) ClaimDueEmails(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]booking.Email, error) {
	skip := ""
	if s.dialect == postgres {
		skip = " FOR UPDATE SKIP LOCKED"
	}
	rows, err := s.write.QueryContext(ctx, `UPDATE email_outbox SET locked_until = $1 WHERE id IN (
			SELECT id FROM email_outbox WHERE status = 'pending' AND next_attempt_at <= $2
			AND (locked_until IS NULL OR locked_until <= $2) ORDER BY next_attempt_at LIMIT $3`+skip+`)
		RETURNING id, tenant_id, dedupe_key, to_address, subject, text_body, html_body, attempts`,
		now.Add(lease).UTC(), now.UTC(), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []booking.Email
	for rows.Next() {
		var m booking.Email
		if err := rows.Scan(&m.ID, &m.TenantID, &m.DedupeKey, &m.To, &m.Subject, &m.TextBody, &m.HTMLBody, &m.Attempts); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// MarkEmailsSent records delivered messages.
func (s *Store) MarkEmailsSent(ctx context.Context, ids []string, now time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	args := []any{now.UTC()}
	marks := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		marks[i] = "$" + itoa(i+2)
	}
	_, err := s.write.ExecContext(ctx, `UPDATE email_outbox SET status = 'sent', sent_at = $1, attempts = attempts + 1, locked_until = NULL
		WHERE id IN (`+strings.Join(marks, ", ")+`)`, args...)
	return err
}

// MarkEmailFailed records a failed attempt and when to try again.
func (s *Store) MarkEmailFailed(ctx context.Context, id, message string, next time.Time, permanent bool) error {
	status := "pending"
	if permanent {
		status = "failed"
	}
	if len(message) > 2000 {
		message = message[:2000]
	}
	_, err := s.write.ExecContext(ctx, `UPDATE email_outbox SET status = $1, attempts = attempts + 1, last_error = $2,
		next_attempt_at = $3, locked_until = NULL WHERE id = $4`, status, message, next.UTC(), id)
	return err
}

// OutboxCount counts a tenant's messages with a dedupe key prefix (tests, admin).
func (s *Store) OutboxCount(ctx context.Context, tenantID, dedupePrefix string) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM email_outbox WHERE tenant_id = $1 AND dedupe_key LIKE $2`,
		tenantID, dedupePrefix+"%").Scan(&n)
	return n, err
}
