package identity_test

import (
	"context"
	"sync"
	"time"

	"mais/internal/apperr"
	"mais/internal/identity"
	"mais/internal/notify"
	"mais/internal/testclock"
)

// memStore is an in-memory identity.Store; the SQL stores are tested
// against the same behaviour in internal/sqlstore.
type memStore struct {
	mu      sync.Mutex
	users   map[string]identity.User
	tokens  map[string]*memToken
	revoked map[string]time.Time
}

type memToken struct {
	identity.ResetToken
	used bool
}

func newMemStore() *memStore {
	return &memStore{users: map[string]identity.User{}, tokens: map[string]*memToken{}, revoked: map[string]time.Time{}}
}

func (m *memStore) CreateUser(_ context.Context, u identity.User) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, o := range m.users {
		if o.Email == u.Email {
			return apperr.Conflict("taken")
		}
	}
	m.users[u.ID] = u
	return nil
}

func (m *memStore) UserByEmail(_ context.Context, email string) (identity.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, u := range m.users {
		if u.Email == email {
			return u, nil
		}
	}
	return identity.User{}, apperr.NotFound("user")
}

func (m *memStore) UserByID(_ context.Context, id string) (identity.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	u, ok := m.users[id]
	if !ok {
		return u, apperr.NotFound("user")
	}
	return u, nil
}

func (m *memStore) UpdatePassword(_ context.Context, id, hash string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.setPassword(id, hash)
}

func (m *memStore) setPassword(id, hash string) error {
	u, ok := m.users[id]
	if !ok {
		return apperr.NotFound("user")
	}
	u.PasswordHash = hash
	m.users[id] = u
	for _, t := range m.tokens {
		if t.UserID == id {
			t.used = true
		}
	}
	return nil
}

func (m *memStore) CreateResetToken(_ context.Context, t identity.ResetToken) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tokens[t.TokenHash] = &memToken{ResetToken: t}
	return nil
}

func (m *memStore) ConsumeResetToken(_ context.Context, hash string, now time.Time, pw string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tokens[hash]
	if !ok || t.used || !t.ExpiresAt.After(now) {
		return "", apperr.NotFound("reset token")
	}
	t.used = true
	return t.UserID, m.setPassword(t.UserID, pw)
}

func (m *memStore) ResetTokenUser(_ context.Context, hash string, now time.Time) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tokens[hash]
	if !ok || t.used || !t.ExpiresAt.After(now) {
		return "", apperr.NotFound("reset token")
	}
	return t.UserID, nil
}

func (m *memStore) RevokeSession(_ context.Context, jti string, expires, now time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for id, exp := range m.revoked {
		if !exp.After(now) {
			delete(m.revoked, id)
		}
	}
	m.revoked[jti] = expires
	return nil
}

func (m *memStore) SessionRevoked(_ context.Context, jti string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.revoked[jti]
	return ok, nil
}

// mailbox records sent messages.
type mailbox struct{ sent chan notify.Message }

func newMailbox() *mailbox { return &mailbox{sent: make(chan notify.Message, 10)} }

func (m *mailbox) Send(_ context.Context, msg notify.Message) error {
	m.sent <- msg
	return nil
}

// newClock is a hand-moved time source shared by the service and its
// limiter.
func newClock() *testclock.Clock {
	return testclock.Frozen(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
}
