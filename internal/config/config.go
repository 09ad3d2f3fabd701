// Package config reads the environment once into a Config (docs/API.md §2).
package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is everything the process needs to know from its environment.
type Config struct {
	Env         string // "development" or "production"
	Port        int
	DatabaseURL string // empty: embedded SQLite in DataDir
	DataDir     string
	RedisURL    string
	// RedisPrefix namespaces every Redis key and channel, so several
	// deployments (or test runs) can share one Redis.
	RedisPrefix string
	// DBMaxConns bounds the PostgreSQL pool of this process.
	DBMaxConns int
	// ProposalTTL is how long an agent proposal waits for a decision.
	ProposalTTL             time.Duration
	JWTSecret               []byte
	TenantSecretsKey        []byte // 32 bytes, AES-256-GCM
	PublicBaseURL           string
	AdaptersPreset          string // "mock" or "real"
	StripeSecretKey         string
	StripeWebhookSecret     string
	StripeAPIBase           string
	StripeSuccessURL        string
	StripeCancelURL         string
	PostmarkToken           string
	PostmarkFrom            string
	GoogleCalendarID        string
	GoogleServiceAccountB64 string
	KnownDomains            []string
	TrustedProxies          []netip.Prefix
	// RateLimits enables the per-IP request limits of the /v1 routes
	// (MAIS_RATE_LIMITS=off disables them, for load tests from one address).
	// Failed-login limits always apply.
	RateLimits bool
	Demo       bool
	// Signup lets businesses sign up themselves (MAIS_SIGNUP=open).
	Signup          bool
	ShutdownTimeout time.Duration
	// MediaQuotaBytes bounds the uploaded photos of one tenant, all files
	// together (MAIS_MEDIA_QUOTA_MB, default 1024).
	MediaQuotaBytes int64
	// BlobURL puts uploaded media in S3-compatible storage
	// (MAIS_BLOB_URL, s3://bucket?endpoint=https://host); empty keeps them
	// under DataDir/media.
	BlobURL string
	// MetricsToken, when set, is the bearer token GET /metrics asks for
	// (MAIS_METRICS_TOKEN); empty leaves /metrics open.
	MetricsToken string
	// Metrics serves /metrics and times every route (MAIS_METRICS=off
	// turns both off: no route series, no /metrics).
	Metrics bool
	// SentryDSN turns on error reporting of panics and 5xx answers
	// (SENTRY_DSN); empty: off.
	SentryDSN string
	// OTLPEndpoint, when set, is where OpenTelemetry spans go over
	// OTLP/HTTP (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, else
	// OTEL_EXPORTER_OTLP_ENDPOINT); empty: no tracing at all.
	OTLPEndpoint string
	// AIProvider, AIBaseURL, AIAPIKey and AIModel choose the assistant's
	// model (MAIS_AI_PROVIDER "anthropic" or "openai", MAIS_AI_BASE_URL,
	// MAIS_AI_API_KEY, MAIS_AI_MODEL); an empty provider turns it off.
	AIProvider string
	AIBaseURL  string
	AIAPIKey   string
	AIModel    string
	// AILimits are the assistant's default limits (assistant.go).
	AILimits AILimits
	// TLS is HTTPS, ACME and the DNS resolver of domain checks (tls.go).
	TLS TLS
}

// Production reports whether missing secrets are fatal.
func (c Config) Production() bool { return c.Env == "production" }

// Load reads the environment through getenv. In development, secrets that are
// not given are generated once and kept in the data dir so restarts keep
// sessions and encrypted tenant secrets readable.
func Load(getenv func(string) string) (Config, error) {
	c := Config{
		Env:                     strings.ToLower(strings.TrimSpace(getenv("MAIS_ENV"))),
		DatabaseURL:             strings.TrimSpace(getenv("DATABASE_URL")),
		DataDir:                 getenv("MAIS_DATA_DIR"),
		RedisURL:                strings.TrimSpace(getenv("REDIS_URL")),
		RedisPrefix:             getenv("MAIS_REDIS_PREFIX"),
		PublicBaseURL:           strings.TrimRight(getenv("PUBLIC_BASE_URL"), "/"),
		AdaptersPreset:          strings.ToLower(strings.TrimSpace(getenv("ADAPTERS_PRESET"))),
		StripeSecretKey:         getenv("STRIPE_SECRET_KEY"),
		StripeWebhookSecret:     getenv("STRIPE_WEBHOOK_SECRET"),
		StripeAPIBase:           strings.TrimRight(getenv("STRIPE_API_BASE"), "/"),
		StripeSuccessURL:        getenv("STRIPE_SUCCESS_URL"),
		StripeCancelURL:         getenv("STRIPE_CANCEL_URL"),
		PostmarkToken:           getenv("POSTMARK_SERVER_TOKEN"),
		PostmarkFrom:            getenv("POSTMARK_FROM_EMAIL"),
		GoogleCalendarID:        getenv("GOOGLE_CALENDAR_ID"),
		GoogleServiceAccountB64: getenv("GOOGLE_SERVICE_ACCOUNT_JSON_BASE64"),
		Demo:                    !strings.EqualFold(strings.TrimSpace(getenv("MAIS_DEMO")), "false"),
		Signup:                  strings.EqualFold(strings.TrimSpace(getenv("MAIS_SIGNUP")), "open"),
		RateLimits:              !strings.EqualFold(strings.TrimSpace(getenv("MAIS_RATE_LIMITS")), "off"),
		ShutdownTimeout:         15 * time.Second,
		MetricsToken:            strings.TrimSpace(getenv("MAIS_METRICS_TOKEN")),
		Metrics:                 !strings.EqualFold(strings.TrimSpace(getenv("MAIS_METRICS")), "off"),
		SentryDSN:               strings.TrimSpace(getenv("SENTRY_DSN")),
		OTLPEndpoint:            strings.TrimSpace(getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")),
		AIProvider:              strings.ToLower(strings.TrimSpace(getenv("MAIS_AI_PROVIDER"))),
		AIBaseURL:               strings.TrimSpace(getenv("MAIS_AI_BASE_URL")),
		AIAPIKey:                strings.TrimSpace(getenv("MAIS_AI_API_KEY")),
		AIModel:                 strings.TrimSpace(getenv("MAIS_AI_MODEL")),
	}
	switch c.AIProvider {
	case "", "anthropic", "openai":
	default:
		return Config{}, fmt.Errorf("MAIS_AI_PROVIDER must be anthropic or openai, got %q", c.AIProvider)
	}
	if c.AIProvider != "" && c.AIModel == "" {
		return Config{}, fmt.Errorf("MAIS_AI_MODEL is required with MAIS_AI_PROVIDER=%s", c.AIProvider)
	}
	var err error
	if c.AILimits, err = loadAILimits(getenv); err != nil {
		return Config{}, err
	}
	if c.Env == "" {
		c.Env = "development"
	}
	if c.Env != "development" && c.Env != "production" {
		return Config{}, fmt.Errorf("MAIS_ENV must be development or production, got %q", c.Env)
	}
	c.DBMaxConns = 16
	if v := strings.TrimSpace(getenv("MAIS_DB_MAX_CONNS")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			return Config{}, fmt.Errorf("MAIS_DB_MAX_CONNS must be a number from 1 to 500, got %q", v)
		}
		c.DBMaxConns = n
	}
	c.MediaQuotaBytes = 1024 << 20
	if v := strings.TrimSpace(getenv("MAIS_MEDIA_QUOTA_MB")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1<<20 {
			return Config{}, fmt.Errorf("MAIS_MEDIA_QUOTA_MB must be a number of megabytes from 1 to 1048576, got %q", v)
		}
		c.MediaQuotaBytes = int64(n) << 20
	}
	if c.BlobURL = strings.TrimSpace(getenv("MAIS_BLOB_URL")); c.BlobURL != "" && !strings.HasPrefix(c.BlobURL, "s3://") {
		return Config{}, fmt.Errorf("MAIS_BLOB_URL must be s3://bucket?endpoint=https://host, got a URL of another scheme")
	}
	c.ProposalTTL = 7 * 24 * time.Hour
	if v := strings.TrimSpace(getenv("MAIS_PROPOSAL_TTL")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Hour || d > 90*24*time.Hour {
			return Config{}, fmt.Errorf("MAIS_PROPOSAL_TTL must be a duration from 1h to 2160h (90 days), got %q", v)
		}
		c.ProposalTTL = d
	}
	if c.OTLPEndpoint == "" {
		c.OTLPEndpoint = strings.TrimSpace(getenv("OTEL_EXPORTER_OTLP_ENDPOINT"))
	}
	if c.RedisPrefix == "" {
		c.RedisPrefix = "mais:"
	}
	if c.DataDir == "" {
		c.DataDir = "./data"
	}
	c.Port = 8080
	if p := strings.TrimSpace(getenv("PORT")); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 65535 {
			return Config{}, fmt.Errorf("PORT must be a port number, got %q", p)
		}
		c.Port = n
	}
	if c.PublicBaseURL == "" {
		c.PublicBaseURL = fmt.Sprintf("http://localhost:%d", c.Port)
	}
	if c.AdaptersPreset == "" {
		c.AdaptersPreset = "mock"
		if c.StripeSecretKey != "" {
			c.AdaptersPreset = "real"
		}
	}
	if c.AdaptersPreset != "mock" && c.AdaptersPreset != "real" {
		return Config{}, fmt.Errorf("ADAPTERS_PRESET must be mock or real, got %q", c.AdaptersPreset)
	}
	if c.AdaptersPreset == "real" && c.StripeSecretKey == "" {
		return Config{}, errors.New("ADAPTERS_PRESET=real needs STRIPE_SECRET_KEY")
	}
	tls, err := loadTLS(getenv)
	if err != nil {
		return Config{}, err
	}
	c.TLS = tls
	c.KnownDomains = splitList(getenv("MAIS_KNOWN_DOMAINS"))
	if len(c.KnownDomains) == 0 {
		c.KnownDomains = []string{"localhost", "127.0.0.1"}
	}
	for _, p := range splitList(getenv("MAIS_TRUSTED_PROXIES")) {
		prefix, err := parsePrefix(p)
		if err != nil {
			return Config{}, fmt.Errorf("MAIS_TRUSTED_PROXIES: %w", err)
		}
		c.TrustedProxies = append(c.TrustedProxies, prefix)
	}

	var missing []string
	jwt := getenv("JWT_SECRET")
	encKey := strings.TrimSpace(getenv("TENANT_SECRETS_ENCRYPTION_KEY"))
	if c.Production() {
		if jwt == "" {
			missing = append(missing, "JWT_SECRET")
		}
		if encKey == "" {
			missing = append(missing, "TENANT_SECRETS_ENCRYPTION_KEY")
		}
		if c.DatabaseURL == "" && getenv("MAIS_ALLOW_EMBEDDED") != "true" {
			// The embedded store is fine for one machine, but production on it
			// should be a decision, not an accident.
			missing = append(missing, "DATABASE_URL (or MAIS_ALLOW_EMBEDDED=true)")
		}
		// The mock adapter lets anyone "pay" by pressing a button: a
		// production process must take real payments or not start.
		if c.AdaptersPreset == "mock" && strings.TrimSpace(getenv("ADAPTERS_PRESET")) != "" {
			missing = append(missing, "ADAPTERS_PRESET=real (mock payments are refused in production)")
		}
		if c.StripeSecretKey == "" {
			missing = append(missing, "STRIPE_SECRET_KEY (mock payments are refused in production)")
		}
		if c.StripeWebhookSecret == "" {
			missing = append(missing, "STRIPE_WEBHOOK_SECRET")
		}
		if len(missing) > 0 {
			return Config{}, fmt.Errorf("production configuration is missing: %s", strings.Join(missing, ", "))
		}
	}
	if jwt == "" {
		generated, err := devSecret(c.DataDir, "jwt_secret", 32)
		if err != nil {
			return Config{}, err
		}
		jwt = generated
	}
	if len(jwt) < 32 {
		return Config{}, errors.New("JWT_SECRET must be at least 32 bytes")
	}
	c.JWTSecret = []byte(jwt)
	if encKey == "" {
		generated, err := devSecret(c.DataDir, "tenant_secrets_key", 32)
		if err != nil {
			return Config{}, err
		}
		encKey = generated
	}
	key, err := hex.DecodeString(encKey)
	if err != nil || len(key) != 32 {
		return Config{}, errors.New("TENANT_SECRETS_ENCRYPTION_KEY must be 64 hex characters")
	}
	c.TenantSecretsKey = key
	return c, nil
}

// Summary is the configuration as it may be logged: secrets masked.
func (c Config) Summary() map[string]any {
	mask := func(s string) string {
		if s == "" {
			return ""
		}
		return "***"
	}
	store := "embedded sqlite in " + c.DataDir
	if c.DatabaseURL != "" {
		store = "postgres"
	}
	return map[string]any{
		"env": c.Env, "port": c.Port, "store": store, "redis": c.RedisURL != "",
		"publicBaseUrl": c.PublicBaseURL, "adapters": c.AdaptersPreset,
		"stripeKey": mask(c.StripeSecretKey), "stripeWebhookSecret": mask(c.StripeWebhookSecret),
		"postmark": mask(c.PostmarkToken), "googleCalendar": c.GoogleCalendarID != "",
		"knownDomains": c.KnownDomains, "metricsToken": mask(c.MetricsToken), "sentry": c.SentryDSN != "",
		"tracing": c.OTLPEndpoint, "tls": c.TLS.summary(), "blobs": blobSummary(c.BlobURL),
	}
}

// blobSummary names where media live without the URL's keys.
func blobSummary(raw string) string {
	if raw == "" {
		return "data dir"
	}
	if u, err := url.Parse(raw); err == nil {
		return "s3://" + u.Host
	}
	return "s3"
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if p := strings.TrimSpace(strings.ToLower(part)); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		return netip.ParsePrefix(s)
	}
	addr, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(addr, addr.BitLen()), nil
}

// devSecret returns a hex secret kept in dataDir/name, creating it on first use.
func devSecret(dataDir, name string, size int) (string, error) {
	path := filepath.Join(dataDir, name)
	if b, err := os.ReadFile(path); err == nil {
		return strings.TrimSpace(string(b)), nil
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return "", fmt.Errorf("create data dir: %w", err)
	}
	buf := make([]byte, size)
	if _, err := rand.Read(buf); err != nil {
		return "", err
	}
	secret := hex.EncodeToString(buf)
	// O_EXCL so two processes starting together agree on one secret.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		b, rerr := os.ReadFile(path)
		if rerr != nil {
			return "", rerr
		}
		return strings.TrimSpace(string(b)), nil
	}
	if err != nil {
		return "", fmt.Errorf("write %s: %w", name, err)
	}
	defer f.Close()
	if _, err := f.WriteString(secret + "\n"); err != nil {
		return "", err
	}
	return secret, nil
}
