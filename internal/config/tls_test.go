package config

import (
	"strings"
	"testing"
)

func TestLoadTLS(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	got, err := loadTLS(env(nil))
	if err != nil || got.Auto || got.HTTPSPort != 443 || got.ACMECA != LetsEncryptProduction || got.DNSResolver != "" {
		t.Fatalf("defaults = %+v, %v", got, err)
	}
	got, err = loadTLS(env(map[string]string{"MAIS_TLS": " Auto ", "MAIS_HTTPS_PORT": "8443",
		"MAIS_ACME_CA": "https://ca.internal/acme/directory", "MAIS_DNS_RESOLVER": "127.0.0.1:5353", "MAIS_ACME_EMAIL": "ops@mais.example"}))
	if err != nil || !got.Auto || got.HTTPSPort != 8443 || got.ACMECA != "https://ca.internal/acme/directory" ||
		got.DNSResolver != "127.0.0.1:5353" || got.ACMEEmail != "ops@mais.example" {
		t.Fatalf("set = %+v, %v", got, err)
	}
	for name, kv := range map[string]map[string]string{
		"MAIS_TLS":          {"MAIS_TLS": "on"},
		"MAIS_HTTPS_PORT":   {"MAIS_HTTPS_PORT": "70000"},
		"MAIS_ACME_CA":      {"MAIS_ACME_CA": "http://ca.internal/dir"},
		"MAIS_DNS_RESOLVER": {"MAIS_DNS_RESOLVER": "1.1.1.1"},
	} {
		if _, err := loadTLS(env(kv)); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%v: err = %v; want one naming %s", kv, err, name)
		}
	}
}
