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

// TestProductionRefusesMockPayments: the mock adapter lets anyone "pay", so
// a production process without Stripe, or told to use the mock, does not
// start, and the error names the variable to set.
func TestProductionRefusesMockPayments(t *testing.T) {
	ready := func() map[string]string {
		return map[string]string{"MAIS_ENV": "production", "JWT_SECRET": strings.Repeat("s", 32),
			"TENANT_SECRETS_ENCRYPTION_KEY": strings.Repeat("ab", 32), "MAIS_ALLOW_EMBEDDED": "true",
			"STRIPE_SECRET_KEY": "sk_test_x", "STRIPE_WEBHOOK_SECRET": "whsec_x"}
	}
	c, err := load(t, ready())
	if err != nil || c.AdaptersPreset != "real" {
		t.Fatalf("complete production configuration: %v (adapters %q)", err, c.AdaptersPreset)
	}
	for name, tt := range map[string]struct {
		change func(env map[string]string)
		want   string
	}{
		"NoStripeKey":    {func(env map[string]string) { delete(env, "STRIPE_SECRET_KEY") }, "STRIPE_SECRET_KEY"},
		"PresetMock":     {func(env map[string]string) { env["ADAPTERS_PRESET"] = "mock" }, "ADAPTERS_PRESET"},
		"PresetMockCaps": {func(env map[string]string) { env["ADAPTERS_PRESET"] = " MOCK " }, "ADAPTERS_PRESET"},
		"NoWebhookSecret": {func(env map[string]string) {
			delete(env, "STRIPE_SECRET_KEY")
			delete(env, "STRIPE_WEBHOOK_SECRET")
		}, "STRIPE_WEBHOOK_SECRET"},
	} {
		t.Run(name, func(t *testing.T) {
			env := ready()
			tt.change(env)
			c, err := load(t, env)
			if err == nil {
				t.Fatalf("started in production on the %s adapter", c.AdaptersPreset)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not name %s", err, tt.want)
			}
		})
	}
	if _, err := load(t, map[string]string{"ADAPTERS_PRESET": "mock"}); err != nil {
		t.Errorf("development keeps the mock adapter: %v", err)
	}
}

func TestMediaQuota(t *testing.T) {
	c, err := load(t, map[string]string{})
	if err != nil || c.MediaQuotaBytes != 1024<<20 {
		t.Errorf("default media quota = %d, %v; want 1024 MB", c.MediaQuotaBytes, err)
	}
	c, err = load(t, map[string]string{"MAIS_MEDIA_QUOTA_MB": " 50 "})
	if err != nil || c.MediaQuotaBytes != 50<<20 {
		t.Errorf("MAIS_MEDIA_QUOTA_MB=50: %d, %v", c.MediaQuotaBytes, err)
	}
	for _, bad := range []string{"0", "-1", "lots", "1.5", "2000000"} {
		if _, err := load(t, map[string]string{"MAIS_MEDIA_QUOTA_MB": bad}); err == nil || !strings.Contains(err.Error(), "MAIS_MEDIA_QUOTA_MB") {
			t.Errorf("MAIS_MEDIA_QUOTA_MB=%q: %v, want an error naming it", bad, err)
		}
	}
}

// The assistant's model (docs/API.md §12): off by default, an unknown
// provider or one without a model refused at start.
func TestAssistantModel(t *testing.T) {
	c, err := load(t, map[string]string{})
	if err != nil || c.AIProvider != "" {
		t.Fatalf("default: provider %q err %v, want off", c.AIProvider, err)
	}
	c, err = load(t, map[string]string{"MAIS_AI_PROVIDER": " OpenAI ", "MAIS_AI_BASE_URL": "http://localhost:11434/v1", "MAIS_AI_MODEL": "qwen2.5", "MAIS_AI_API_KEY": "k"})
	if err != nil || c.AIProvider != "openai" || c.AIBaseURL != "http://localhost:11434/v1" || c.AIModel != "qwen2.5" || c.AIAPIKey != "k" {
		t.Errorf("openai: %+v %v", c, err)
	}
	for name, env := range map[string]map[string]string{
		"unknown":  {"MAIS_AI_PROVIDER": "gemini", "MAIS_AI_MODEL": "x"},
		"no model": {"MAIS_AI_PROVIDER": "anthropic"},
	} {
		if _, err := load(t, env); err == nil || !strings.Contains(err.Error(), "MAIS_AI_") {
			t.Errorf("%s: %v, want an error naming the variable", name, err)
		}
	}
}
