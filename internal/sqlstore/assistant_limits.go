package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"mais/internal/assistant"
	"mais/internal/audit"
)

// AssistantLimits reads a tenant's own limits on the assistant; a tenant
// that never set any has the zero limits (all the platform's defaults).
func (s *Store) AssistantLimits(ctx context.Context, tenantID string) (assistant.TenantLimits, error) {
	l, err := assistantLimits(ctx, s.read, tenantID)
	if err != nil {
		return l, fmt.Errorf("store: assistant limits: %w", err)
	}
	return l, nil
}

func assistantLimits(ctx context.Context, q querier, tenantID string) (assistant.TenantLimits, error) {
	var l assistant.TenantLimits
	err := q.QueryRowContext(ctx, `SELECT max_message_chars, messages_per_5min, daily_tokens FROM assistant_limits WHERE tenant_id = $1`,
		tenantID).Scan(&l.MaxMessageChars, &l.MessagesPer5Minutes, &l.DailyTokens)
	if errors.Is(err, sql.ErrNoRows) {
		return assistant.TenantLimits{}, nil
	}
	return l, err
}

// SetAssistantLimits stores a tenant's limits (already validated) and
// audits them as assistant.limits, before and after, in one transaction.
func (s *Store) SetAssistantLimits(ctx context.Context, tenantID string, l assistant.TenantLimits, at time.Time) error {
	err := s.inTx(ctx, func(tx *Tx) error {
		before, err := assistantLimits(ctx, tx, tenantID)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO assistant_limits (tenant_id, max_message_chars, messages_per_5min, daily_tokens, updated_at)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (tenant_id) DO UPDATE SET max_message_chars = excluded.max_message_chars,
				messages_per_5min = excluded.messages_per_5min, daily_tokens = excluded.daily_tokens, updated_at = excluded.updated_at`,
			tenantID, l.MaxMessageChars, l.MessagesPer5Minutes, l.DailyTokens, at.UTC())
		if err != nil {
			return translate(err)
		}
		return writeAudit(ctx, tx, audit.Entry{TenantID: tenantID, At: at, Actor: audit.ActorFrom(ctx), Action: audit.ActionAssistantLimits,
			Entity: audit.EntityTenant, EntityID: tenantID, Before: mustJSON(before), After: mustJSON(l)})
	})
	if err != nil {
		return fmt.Errorf("store: set assistant limits: %w", err)
	}
	return nil
}
