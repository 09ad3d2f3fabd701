package config_test

import (
	"strings"
	"testing"
	"time"

	"mais/internal/config"
)

func load(t *testing.T, env map[string]string) (config.Config, error) {
	t.Helper()
	if _, ok := env["MAIS_DATA_DIR"]; !ok {
		env["MAIS_DATA_DIR"] = t.TempDir()
	}
	return config.Load(func(k string) string { return env[k] })
}

func TestDefaults(t *testing.T) {
	c, err := load(t, map[string]string{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Port != 8080 || c.AdaptersPreset != "mock" || c.PublicBaseURL != "http://localhost:8080" ||
		c.ProposalTTL != 7*24*time.Hour || c.DBMaxConns != 16 || !c.RateLimits || len(c.JWTSecret) < 32 || len(c.TenantSecretsKey) != 32 {
		t.Errorf("defaults: %+v", c)
	}
	again, _ := load(t, map[string]string{"MAIS_DATA_DIR": c.DataDir})
	if string(again.JWTSecret) != string(c.JWTSecret) {
		t.Error("development secrets are not kept in the data dir across restarts")
	}
}

func TestRejects(t *testing.T) {
	for name, env := range map[string]map[string]string{
		"port":         {"PORT": "eighty"},
		"preset":       {"ADAPTERS_PRESET": "fake"},
		"real no key":  {"ADAPTERS_PRESET": "real"},
		"short jwt":    {"JWT_SECRET": "short"},
		"bad enc key":  {"TENANT_SECRETS_ENCRYPTION_KEY": "abcd"},
		"proposal ttl": {"MAIS_PROPOSAL_TTL": "5m"},
		"db conns":     {"MAIS_DB_MAX_CONNS": "0"},
		"proxies":      {"MAIS_TRUSTED_PROXIES": "not-an-ip"},
	} {
		if _, err := load(t, env); err == nil {
			t.Errorf("%s: accepted %v", name, env)
		}
	}
	_, err := load(t, map[string]string{"MAIS_ENV": "production", "STRIPE_SECRET_KEY": "sk_test_x"})
	for _, want := range []string{"JWT_SECRET", "TENANT_SECRETS_ENCRYPTION_KEY", "DATABASE_URL", "STRIPE_WEBHOOK_SECRET"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("production error %v does not name %s", err, want)
		}
	}
}
