package payment

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"time"
)

// MockSessionPrefix starts every id the mock issues, so a mock session can
// never be mistaken for a Stripe one.
const MockSessionPrefix = "cs_mock_"

// Mock is the payment provider of the mock preset: the checkout URL is a page
// of this server (GET /checkout/mock/{id}) where the buyer pays or cancels.
type Mock struct {
	baseURL string
}

// NewMock returns a Mock whose checkout pages live under baseURL, normally
// PUBLIC_BASE_URL.
func NewMock(baseURL string) *Mock {
	return &Mock{baseURL: strings.TrimRight(baseURL, "/")}
}

// Name implements Provider.
func (m *Mock) Name() string { return "mock" }

// Local implements LocalProvider: sessions are minted without I/O.
func (m *Mock) Local() bool { return true }

// CreateCheckout implements Provider without any network call.
func (m *Mock) CreateCheckout(ctx context.Context, req CheckoutRequest) (CheckoutSession, error) {
	if err := req.validate(); err != nil {
		return CheckoutSession{}, err
	}
	id := MockSessionPrefix + randomHex(16)
	expires := req.ExpiresAt
	if expires.IsZero() {
		expires = time.Now().Add(24 * time.Hour)
	}
	return CheckoutSession{
		ID:        id,
		URL:       m.baseURL + "/checkout/mock/" + id,
		ExpiresAt: expires.UTC().Truncate(time.Second),
	}, nil
}

// IsMockSessionID reports whether id has the shape of a mock session id.
func IsMockSessionID(id string) bool {
	rest, ok := strings.CutPrefix(id, MockSessionPrefix)
	if !ok || len(rest) != 32 {
		return false
	}
	_, err := hex.DecodeString(rest)
	return err == nil && strings.ToLower(rest) == rest
}

// randomHex is n random bytes in hex, for the mock's ids.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails.
	return hex.EncodeToString(b)
}
