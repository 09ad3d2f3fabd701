package payment_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"mais/internal/payment"
)

func TestMockCreateCheckout(t *testing.T) {
	m := payment.NewMock("http://localhost:8080/")
	req := checkoutRequest()

	a, err := m.CreateCheckout(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	b, err := m.CreateCheckout(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}

	if !regexp.MustCompile(`^cs_mock_[0-9a-f]{32}$`).MatchString(a.ID) {
		t.Errorf("ID = %q, want cs_mock_ + 32 hex", a.ID)
	}
	if got, want := a.URL, "http://localhost:8080/checkout/mock/"+a.ID; got != want {
		t.Errorf("URL = %q, want %q", got, want)
	}
	if a.ID == b.ID {
		t.Errorf("two sessions share id %q", a.ID)
	}
	if got, want := a.ExpiresAt, req.ExpiresAt.UTC(); !got.Equal(want) {
		t.Errorf("ExpiresAt = %v, want %v", got, want)
	}
	if !payment.IsMockSessionID(a.ID) {
		t.Errorf("IsMockSessionID(%q) = false", a.ID)
	}
	if got, want := m.Name(), "mock"; got != want {
		t.Errorf("Name = %q, want %q", got, want)
	}
}

func TestMockDefaultsExpiry(t *testing.T) {
	req := checkoutRequest()
	req.ExpiresAt = time.Time{}
	s, err := payment.NewMock("http://x").CreateCheckout(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Until(s.ExpiresAt); d < 23*time.Hour || d > 25*time.Hour {
		t.Errorf("ExpiresAt in %v, want about 24h", d)
	}
}

func TestIsMockSessionID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"cs_mock_0123456789abcdef0123456789abcdef", true},
		{"cs_mock_0123456789ABCDEF0123456789abcdef", false},
		{"cs_mock_0123", false},
		{"cs_test_a1b2c3", false},
		{"cs_mock_0123456789abcdef0123456789abcdeg", false},
	}
	for _, tc := range tests {
		if got := payment.IsMockSessionID(tc.id); got != tc.want {
			t.Errorf("IsMockSessionID(%q) = %v, want %v", tc.id, got, tc.want)
		}
	}
}
