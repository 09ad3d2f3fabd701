package tenant_test

import (
	"bytes"
	"context"
	"regexp"
	"testing"

	"mais/internal/apperr"
	"mais/internal/tenant"
)

func TestKeys(t *testing.T) {
	k, err := tenant.NewKeys("bella-weddings")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^pk_live_bella-weddings_[0-9a-f]{16}$`).MatchString(k.Public) {
		t.Errorf("public key %q has the wrong shape", k.Public)
	}
	if !regexp.MustCompile(`^sk_live_bella-weddings_[0-9a-f]{32}$`).MatchString(k.Secret) {
		t.Errorf("secret key %q has the wrong shape", k.Secret)
	}
	if bytes.Contains([]byte(k.SecretHash), []byte(k.Secret)) || tenant.HashSecret(k.Secret) != k.SecretHash {
		t.Error("secret hash does not verify, or holds the secret")
	}
	if tenant.HashSecret(k.Secret+"0") == k.SecretHash {
		t.Error("a different secret matched")
	}
	slug, err := tenant.ParsePublicKey(k.Public)
	if err != nil || slug != "bella-weddings" {
		t.Errorf("parse: %q %v", slug, err)
	}
	for _, bad := range []string{"", "pk_live_", "pk_live_demo", "pk_live_demo_0123", "pk_test_demo_0123456789abcdef",
		"pk_live_Demo_0123456789abcdef", "pk_live_demo_0123456789ABCDEF", "pk_live__0123456789abcdef",
		"pk_live_demo_0123456789abcdeg", k.Secret} {
		if _, err := tenant.ParsePublicKey(bad); !apperr.Is(err, apperr.CodeInvalidTenantKey) {
			t.Errorf("ParsePublicKey(%q) = %v, want INVALID_TENANT_KEY", bad, err)
		}
	}
}

func TestSlugs(t *testing.T) {
	for _, ok := range []string{"demo", "bella-weddings", "a1", "studio-2-go"} {
		if err := tenant.ValidateSlug(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"admin", "api", "www", "app", "t", "x", "Bella", "bella_weddings", "-a", "a-", "a--b", "with space"} {
		if err := tenant.ValidateSlug(bad); !apperr.Is(err, apperr.CodeValidation) {
			t.Errorf("%q accepted", bad)
		}
	}
}

// fakeStore serves TenantByPublicKey from memory; the directory's warm path
// is what is measured.
type fakeStore struct {
	tenant.Store
	byKey map[string]tenant.Tenant
}

func (f *fakeStore) TenantByPublicKey(_ context.Context, key string) (tenant.Tenant, error) {
	t, ok := f.byKey[key]
	if !ok {
		return t, apperr.NotFound("tenant")
	}
	return t, nil
}

func BenchmarkResolveWarm(b *testing.B) {
	k, _ := tenant.NewKeys("demo")
	st := &fakeStore{byKey: map[string]tenant.Tenant{k.Public: {ID: "t1", Slug: "demo", Active: true}}}
	r := tenant.NewDirectory(st, nil)
	ctx := context.Background()
	if _, err := r.Resolve(ctx, k.Public); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := r.Resolve(ctx, k.Public); err != nil {
			b.Fatal(err)
		}
	}
}
