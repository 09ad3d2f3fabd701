package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"mais/internal/booking"
)

// EnqueueEmails queues messages in one statement; a dedupe key already
// queued is skipped, so a message exists once whatever retries happen.
func (t bookingTx) EnqueueEmails(ctx context.Context, msgs []booking.Email, now time.Time) error {
	if len(msgs) == 0 {
		return nil
	}
	var q strings.Builder
	q.WriteString(`INSERT INTO email_outbox (id, tenant_id, dedupe_key, to_address, subject, text_body, html_body,
		from_name, reply_to, tag, attachments, status, next_attempt_at, created_at) VALUES `)
	args := make([]any, 0, len(msgs)*12)
	for i, m := range msgs {
		if i > 0 {
			q.WriteString(", ")
		}
		attachments, err := json.Marshal(m.Attachments)
		if err != nil {
			return fmt.Errorf("store: queue e-mails: attachments: %w", err)
		}
		if m.Attachments == nil {
			attachments = []byte("[]")
		}
		n := len(args)
		fmt.Fprintf(&q, "($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, 'pending', $%d, $%d)",
			n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8, n+9, n+10, n+11, n+12, n+12)
		args = append(args, newID(), m.TenantID, m.DedupeKey, m.To, m.Subject, m.TextBody, m.HTMLBody,
			m.FromName, m.ReplyTo, m.Tag, string(attachments), now.UTC())
	}
	q.WriteString(` ON CONFLICT (dedupe_key) DO NOTHING`)
	if _, err := t.tx.ExecContext(ctx, q.String(), args...); err != nil {
		return fmt.Errorf("store: queue e-mails: %w", err)
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
		RETURNING id, tenant_id, dedupe_key, to_address, subject, text_body, html_body, attempts,
			from_name, reply_to, tag, attachments`,
		now.Add(lease).UTC(), now.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("store: claim e-mails: %w", err)
	}
	defer rows.Close()
	var out []booking.Email
	for rows.Next() {
		var m booking.Email
		var attachments string
		if err := rows.Scan(&m.ID, &m.TenantID, &m.DedupeKey, &m.To, &m.Subject, &m.TextBody, &m.HTMLBody, &m.Attempts,
			&m.FromName, &m.ReplyTo, &m.Tag, &attachments); err != nil {
			return nil, fmt.Errorf("store: claim e-mails: %w", err)
		}
		if err := json.Unmarshal([]byte(attachments), &m.Attachments); err != nil {
			return nil, fmt.Errorf("store: claim e-mails: attachments of %s: %w", m.ID, err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: claim e-mails: %w", err)
	}
	return out, nil
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
	if err != nil {
		return fmt.Errorf("store: mark e-mails sent: %w", err)
	}
	return nil
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
	if err != nil {
		return fmt.Errorf("store: mark e-mail failed: %w", err)
	}
	return nil
}

// OutboxCount counts a tenant's messages with a dedupe key prefix (tests, admin).
func (s *Store) OutboxCount(ctx context.Context, tenantID, dedupePrefix string) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM email_outbox WHERE tenant_id = $1 AND dedupe_key LIKE $2`,
		tenantID, dedupePrefix+"%").Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count outbox: %w", err)
	}
	return n, nil
}
