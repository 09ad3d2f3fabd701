package main

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"
)

func runCLI(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, func(k string) string { return env[k] }, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestTenantCreateJSON(t *testing.T) {
	env := map[string]string{"MAIS_DATA_DIR": t.TempDir(), "MAIS_DEMO": "false"}
	code, out, errOut := runCLI(t, env, "tenant", "create", "--slug", "bella-weddings", "--name", "Bella Weddings",
		"--email", " Owner@Bella.Example ", "--password", "correct-horse", "--commission", "12.5", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got map[string]string
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not one JSON object: %q", out)
	}
	for _, k := range []string{"id", "slug", "name", "apiKeyPublic", "apiKeySecret", "adminEmail"} {
		if got[k] == "" {
			t.Errorf("missing %s in %s", k, out)
		}
	}
	if len(got) != 6 {
		t.Errorf("unexpected fields: %s", out)
	}
	if !regexp.MustCompile(`^pk_live_bella-weddings_[0-9a-f]{16}$`).MatchString(got["apiKeyPublic"]) ||
		!regexp.MustCompile(`^sk_live_bella-weddings_[0-9a-f]{32}$`).MatchString(got["apiKeySecret"]) {
		t.Errorf("key formats: %s", out)
	}
	if got["adminEmail"] != "owner@bella.example" {
		t.Errorf("e-mail not normalised: %q", got["adminEmail"])
	}

	code, _, errOut = runCLI(t, env, "tenant", "create", "--slug", "bella-weddings", "--name", "Again",
		"--email", "x@y.example", "--password", "correct-horse", "--json")
	if code == 0 || !strings.Contains(errOut, "taken") {
		t.Errorf("taken slug: exit %d, stderr %q", code, errOut)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--slug", "admin", "--name", "A", "--email", "a@b.example", "--password", "12345678"}, "reserved"},
		{[]string{"--slug", "ok-slug", "--name", "A", "--email", "a@b.example", "--password", "12345678", "--commission", "51"}, "--commission: must be between 0 and 50"},
		{[]string{"--slug", "ok-slug", "--name", "A"}, "--email: is required"},
	} {
		code, _, errOut := runCLI(t, env, append([]string{"tenant", "create"}, tc.args...)...)
		if code == 0 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q (want %q)", tc.args, code, errOut, tc.want)
		}
	}
}

func TestAdminCreateAndHelp(t *testing.T) {
	env := map[string]string{"MAIS_DATA_DIR": t.TempDir()}
	code, out, errOut := runCLI(t, env, "admin", "create", "--email", "root@mais.example", "--password", "long-enough", "--json")
	if code != 0 || !strings.Contains(out, `"role":"PLATFORM_ADMIN"`) {
		t.Fatalf("admin create: %d %s %s", code, out, errOut)
	}
	if code, _, _ := runCLI(t, env, "admin", "create", "--email", "root@mais.example", "--password", "long-enough"); code == 0 {
		t.Error("a taken admin e-mail was accepted")
	}
	for _, args := range [][]string{{"--help"}, {"serve", "--help"}, {"migrate", "--help"}, {"tenant", "create", "--help"}, {"admin", "create", "--help"}, {"version"}} {
		code, out, errOut := runCLI(t, env, args...)
		if code != 0 || out+errOut == "" {
			t.Errorf("%v: exit %d", args, code)
		}
	}
	if code, _, _ := runCLI(t, env, "frobnicate"); code == 0 {
		t.Error("unknown command exited 0")
	}
	if code, out, _ := runCLI(t, env, "migrate"); code != 0 || !strings.Contains(out, "up to date") {
		t.Errorf("migrate: %d %s", code, out)
	}
}

func TestProductionRequiresSecrets(t *testing.T) {
	code, _, errOut := runCLI(t, map[string]string{"MAIS_ENV": "production", "MAIS_DATA_DIR": t.TempDir()}, "migrate")
	if code == 0 {
		t.Fatal("production without secrets started")
	}
	for _, name := range []string{"JWT_SECRET", "TENANT_SECRETS_ENCRYPTION_KEY", "DATABASE_URL", "STRIPE_SECRET_KEY"} {
		if !strings.Contains(errOut, name) {
			t.Errorf("error does not name %s: %q", name, errOut)
		}
	}
}

// TestProductionRefusesMockPayments: every secret is set but payments would
// go to the mock adapter, which lets anyone "pay": serve must not start.
func TestProductionRefusesMockPayments(t *testing.T) {
	env := map[string]string{"MAIS_ENV": "production", "MAIS_DATA_DIR": t.TempDir(), "MAIS_ALLOW_EMBEDDED": "true",
		"JWT_SECRET": strings.Repeat("j", 32), "TENANT_SECRETS_ENCRYPTION_KEY": strings.Repeat("0f", 32),
		"STRIPE_WEBHOOK_SECRET": "whsec_x", "ADAPTERS_PRESET": "mock", "PORT": "0"}
	serve := func() (int, string) {
		// A server that does start is stopped after a few seconds, so the
		// old behaviour fails this test instead of hanging it.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		var out, errOut bytes.Buffer
		code := run(ctx, []string{"serve"}, func(k string) string { return env[k] }, &out, &errOut)
		if ctx.Err() != nil {
			t.Fatalf("serve started on the mock adapter in production (exit %d)", code)
		}
		return code, errOut.String()
	}
	if code, errOut := serve(); code == 0 || !strings.Contains(errOut, "ADAPTERS_PRESET") {
		t.Errorf("ADAPTERS_PRESET=mock in production: exit %d, %q; want a refusal naming ADAPTERS_PRESET", code, errOut)
	}
	delete(env, "ADAPTERS_PRESET")
	if code, errOut := serve(); code == 0 || !strings.Contains(errOut, "STRIPE_SECRET_KEY") {
		t.Errorf("no Stripe key in production: exit %d, %q; want a refusal naming STRIPE_SECRET_KEY", code, errOut)
	}
}

// TestFlagErrorsNameFlags: a bad value is reported under the flag the
// operator typed (--timezone, not the JSON field timeZone), every bad flag
// of a run at once, with exit 2 and nothing stored; --help prints usage on
// stdout and exits 0 for every command.
func TestFlagErrorsNameFlags(t *testing.T) {
	env := map[string]string{"MAIS_DATA_DIR": t.TempDir(), "MAIS_DEMO": "false"}
	code, _, errOut := runCLI(t, env, "tenant", "create", "--slug", "ok-slug", "--name", "A", "--email", "a@b.example",
		"--password", "correct-horse", "--timezone", "Bad/Zone")
	if code != 2 || !strings.Contains(errOut, "--timezone: must be an IANA time zone") || strings.Contains(errOut, "timeZone") {
		t.Errorf("bad time zone: exit %d, stderr %q; want exit 2 naming --timezone", code, errOut)
	}
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"tenant", "create", "--slug", "Bad Slug!", "--commission", "abc", "--timezone", "Bad/Zone", "--email", "nope", "--json"},
			[]string{"--slug: ", "--name: is required", "--email: ", "--password: is required", `--commission: must be a number, not "abc"`, "--timezone: "}},
		{[]string{"tenant", "create", "--slug", "ok-slug", "--name", "A", "--email", "a@b.example", "--password", "short",
			"--commission", "70", "--timezone", "Mars/Olympus"},
			[]string{"--password: ", "--commission: must be between 0 and 50", "--timezone: "}},
		{[]string{"admin", "create", "--email", "nope", "--password", "short", "--json=maybe"},
			[]string{"--email: ", "--password: ", `--json: must be true or false, not "maybe"`}},
		{[]string{"backup", "--out", ""}, []string{"--out: is required"}},
		{[]string{"migrate", "extra"}, []string{`unexpected argument "extra"`}},
		{[]string{"tenant", "create", "--frobnicate", "x"}, []string{"frobnicate", "mais tenant create --help"}},
	} {
		code, out, errOut := runCLI(t, env, c.args...)
		if code != 2 || out != "" {
			t.Errorf("%q: exit %d, stdout %q; want exit 2 and nothing on stdout", c.args, code, out)
		}
		for _, w := range c.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%q: stderr %q does not say %q", c.args, errOut, w)
			}
		}
		if strings.Contains(errOut, "commissionPercent") || strings.Contains(errOut, "timeZone") {
			t.Errorf("%q: stderr names a JSON field: %q", c.args, errOut)
		}
	}
	if code, _, errOut := runCLI(t, env, "admin", "create", "--email", "root@mais.example", "--password", "long-enough"); code != 0 {
		t.Fatalf("nothing was stored by the refusals, yet: exit %d %s", code, errOut)
	}

	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"serve", "--help"}, {"migrate", "--help"}, {"migrate", "-h"},
		{"tenant", "--help"}, {"tenant", "create", "--help"}, {"tenant", "create", "-h"}, {"admin", "create", "--help"},
		{"seed", "--help"}, {"backup", "--help"}, {"restore", "-help"}} {
		code, out, errOut := runCLI(t, env, args...)
		if code != 0 || !strings.Contains(out, "Usage") || errOut != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want usage on stdout and exit 0", args, code, out, errOut)
		}
	}
	if _, out, _ := runCLI(t, env, "--help"); !strings.Contains(out, "mais tenant create") {
		t.Errorf("mais --help is not the command list: %q", out)
	}
	if _, out, _ := runCLI(t, env, "tenant", "create", "--help"); !strings.Contains(out, "-timezone") {
		t.Errorf("tenant create --help does not list its flags: %q", out)
	}
}
