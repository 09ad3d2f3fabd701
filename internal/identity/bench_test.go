package identity_test

import (
	"context"
	"testing"

	"mais/internal/identity"
	"mais/internal/ratelimit"
)

// BenchmarkLogin measures a successful and a failed login at the production
// bcrypt cost (identity.DefaultCost): the latency an admin waits for, and
// the CPU a guesser costs us per attempt.
func BenchmarkLogin(b *testing.B) {
	store := newMemStore()
	svc := &identity.Service{Store: store, Hasher: &identity.Hasher{Cost: identity.DefaultCost},
		Limiter: ratelimit.NewMemory(nil), Secret: secret}
	hash, err := svc.Hasher.HashPassword("correct-horse")
	if err != nil {
		b.Fatal(err)
	}
	store.CreateUser(context.Background(), identity.User{ID: "u", Email: "root@example.com", PasswordHash: hash, Role: identity.RolePlatformAdmin})
	ctx := context.Background()

	b.Run("Success", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.Login(ctx, identity.LoginInput{Email: "root@example.com", Password: "correct-horse", IP: "192.0.2.1"}); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The two failures must cost what a success costs, or timing tells
	// which e-mails have accounts. A fresh limiter per round keeps the
	// benchmark measuring bcrypt, not 429s.
	for _, bc := range []struct{ name, email, password string }{
		{"WrongPassword", "root@example.com", "wrong-horse"},
		{"UnknownEmail", "nobody@example.com", "correct-horse"},
	} {
		svc.Login(ctx, identity.LoginInput{Email: bc.email, Password: bc.password, IP: "192.0.2.9"}) // builds the dummy hash once
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				svc.Limiter = ratelimit.NewMemory(nil)
				svc.Login(ctx, identity.LoginInput{Email: bc.email, Password: bc.password, IP: "192.0.2.2"})
			}
		})
	}
}
