package cache_test

import (
	"testing"

	"mais/internal/cache"
)

func TestTenantKey(t *testing.T) {
	k := cache.TenantKey("t1", "catalog", "package", "gold")
	if got, want := k.TenantID(), "t1"; got != want {
		t.Errorf("TenantID = %q, want %q", got, want)
	}
	if got, want := k.Name(), "catalog:package:gold"; got != want {
		t.Errorf("Name = %q, want %q", got, want)
	}
}

func TestKeyValid(t *testing.T) {
	tests := []struct {
		name string
		key  cache.Key
		want bool
	}{
		{"ZeroKey", cache.Key{}, false},
		{"EmptyTenant", cache.TenantKey("", "catalog"), false},
		{"ColonInTenant", cache.TenantKey("a:1", "x"), false},
		{"OK", cache.TenantKey("6f1c2d4e-0000-4000-8000-000000000001", "catalog"), true},
		{"NoParts", cache.TenantKey("t1"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.key.Valid(); got != tt.want {
				t.Errorf("Valid() = %v, want %v", got, tt.want)
			}
		})
	}
}
