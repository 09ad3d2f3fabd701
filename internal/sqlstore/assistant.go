package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"mais/internal/apperr"
	"mais/internal/assistant"
)

// CreateConversation stores a new, empty conversation.
func (s *Store) CreateConversation(ctx context.Context, c assistant.Conversation) error {
	_, err := s.write.ExecContext(ctx, `INSERT INTO assistant_conversations (id, tenant_id, user_id, title, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, c.ID, c.TenantID, c.UserID, c.Title, c.CreatedAt.UTC(), c.UpdatedAt.UTC())
	if err != nil {
		return fmt.Errorf("store: create conversation: %w", translate(err))
	}
	return nil
}

const conversationColumns = `id, tenant_id, user_id, title, created_at, updated_at`

func scanConversation(row interface{ Scan(...any) error }) (assistant.Conversation, error) {
	var c assistant.Conversation
	err := row.Scan(&c.ID, &c.TenantID, &c.UserID, &c.Title, &c.CreatedAt, &c.UpdatedAt)
	if err == sql.ErrNoRows {
		return c, apperr.NotFound("conversation")
	}
	return c, err
}

// Conversation returns one conversation of the tenant's admin; another
// tenant's or another admin's is NOT_FOUND.
func (s *Store) Conversation(ctx context.Context, tenantID, userID, id string) (assistant.Conversation, error) {
	c, err := scanConversation(s.read.QueryRowContext(ctx, `SELECT `+conversationColumns+` FROM assistant_conversations
		WHERE tenant_id = $1 AND user_id = $2 AND id = $3`, tenantID, userID, id))
	if err != nil {
		return c, fmt.Errorf("store: conversation: %w", err)
	}
	return c, nil
}

// ListConversations returns the admin's conversations, most recently active first.
func (s *Store) ListConversations(ctx context.Context, tenantID, userID string, limit int) ([]assistant.Conversation, error) {
	return queryList(ctx, s.read, "store: list conversations", scanConversation, `SELECT `+conversationColumns+` FROM assistant_conversations
		WHERE tenant_id = $1 AND user_id = $2 ORDER BY updated_at DESC, id DESC LIMIT $3`, tenantID, userID, limit)
}

// ConversationMessages returns a conversation's messages in order.
func (s *Store) ConversationMessages(ctx context.Context, tenantID, conversationID string) ([]assistant.StoredMessage, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT seq, body, created_at, model, input_tokens, output_tokens, latency_ms
		FROM assistant_messages WHERE tenant_id = $1 AND conversation_id = $2 ORDER BY seq`, tenantID, conversationID)
	if err != nil {
		return nil, fmt.Errorf("store: conversation messages: %w", err)
	}
	defer rows.Close()
	out := []assistant.StoredMessage{}
	for rows.Next() {
		var m assistant.StoredMessage
		var body string
		if err := rows.Scan(&m.Seq, &body, &m.CreatedAt, &m.Model, &m.InputTokens, &m.OutputTokens, &m.LatencyMS); err != nil {
			return nil, fmt.Errorf("store: conversation messages: %w", err)
		}
		if err := json.Unmarshal([]byte(body), &m.Message); err != nil {
			return nil, fmt.Errorf("store: conversation message %d: %w", m.Seq, err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: conversation messages: %w", err)
	}
	return out, nil
}

// AppendMessages numbers msgs after the conversation's last message and
// stores them in one transaction; the conversation's title becomes the
// start of its first user message.
func (s *Store) AppendMessages(ctx context.Context, tenantID, conversationID string, msgs []assistant.StoredMessage, at time.Time) error {
	err := s.inTx(ctx, func(tx *Tx) error { return s.appendMessages(ctx, tx, tenantID, conversationID, msgs, at) })
	if err != nil {
		return fmt.Errorf("store: append conversation messages: %w", err)
	}
	return nil
}

// AddUserMessage stores m unless the tenant already has max user messages
// at or after since (then ok is false and nothing is written). The count
// and the insert are one step under a per-tenant lock, so concurrent
// messages never pass the limit together.
func (s *Store) AddUserMessage(ctx context.Context, tenantID, conversationID string, m assistant.StoredMessage, since time.Time, max int) (bool, error) {
	ok := false
	err := s.inTx(ctx, func(tx *Tx) error {
		if err := s.lockKey(ctx, tx, "assistant-messages", tenantID); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM assistant_messages WHERE tenant_id = $1 AND role = 'user' AND created_at >= $2`,
			tenantID, since.UTC()).Scan(&n); err != nil {
			return err
		}
		if n >= max {
			return nil
		}
		ok = true
		return s.appendMessages(ctx, tx, tenantID, conversationID, []assistant.StoredMessage{m}, m.CreatedAt)
	})
	if err != nil {
		return false, fmt.Errorf("store: add user message: %w", err)
	}
	return ok, nil
}

func (s *Store) appendMessages(ctx context.Context, tx *Tx, tenantID, conversationID string, msgs []assistant.StoredMessage, at time.Time) error {
	// Lock the conversation row first, so two appends number in turn.
	var title string
	err := tx.QueryRowContext(ctx, `SELECT title FROM assistant_conversations WHERE tenant_id = $1 AND id = $2`+s.forUpdate(),
		tenantID, conversationID).Scan(&title)
	if err == sql.ErrNoRows {
		return apperr.NotFound("conversation")
	}
	if err != nil {
		return err
	}
	var last int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM assistant_messages WHERE conversation_id = $1`,
		conversationID).Scan(&last); err != nil {
		return err
	}
	for i, m := range msgs {
		body, err := json.Marshal(m.Message)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO assistant_messages (conversation_id, seq, tenant_id, role, body, created_at,
			model, input_tokens, output_tokens, latency_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			conversationID, last+i+1, tenantID, m.Role, string(body), m.CreatedAt.UTC(), m.Model, m.InputTokens,
			m.OutputTokens, m.LatencyMS); err != nil {
			return translate(err)
		}
		if title == "" && m.Role == assistant.RoleUser {
			title = titleOf(m.Text)
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE assistant_conversations SET updated_at = $1, title = $2 WHERE tenant_id = $3 AND id = $4`,
		at.UTC(), title, tenantID, conversationID)
	return err
}

// titleOf is the first line of text, at most 80 characters.
func titleOf(text string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(text), "\n")
	if utf8.RuneCountInString(line) > 80 {
		line = string([]rune(line)[:79]) + "…"
	}
	return line
}

// TokensSince sums the tenant's recorded tokens at or after since.
func (s *Store) TokensSince(ctx context.Context, tenantID string, since time.Time) (int64, error) {
	var n int64
	err := s.read.QueryRowContext(ctx, `SELECT COALESCE(SUM(input_tokens + output_tokens), 0) FROM assistant_messages
		WHERE tenant_id = $1 AND created_at >= $2`, tenantID, since.UTC()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: sum assistant tokens: %w", err)
	}
	return n, nil
}
