package main

import (
	"context"
	"log/slog"
	"net"
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/config"
	"mais/internal/identity"
)

// closedAddr is a local address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestMigrateWithRedisDown: `mais migrate` opens the store and nothing
// else, so a Redis that does not answer neither fails nor slows it, and
// it is never even dialled (no word of it in the log).
func TestMigrateWithRedisDown(t *testing.T) {
	env := map[string]string{"MAIS_DATA_DIR": t.TempDir(), "REDIS_URL": "redis://" + closedAddr(t) + "/0", "MAIS_LOG_LEVEL": "debug"}
	code, out, errOut := runCLI(t, env, "migrate")
	if code != 0 || !strings.Contains(out, "store is up to date") {
		t.Fatalf("exit %d, out %q, err %q", code, out, errOut)
	}
	if strings.Contains(strings.ToLower(errOut), "redis") {
		t.Errorf("migrate touched Redis: %s", errOut)
	}
	// Run again: nothing pending is still success.
	if code, out, errOut := runCLI(t, env, "migrate"); code != 0 || !strings.Contains(out, "store is up to date") {
		t.Fatalf("second run: exit %d, out %q, err %q", code, out, errOut)
	}
}

// TestCreateCommandsWithRedisDown: `mais tenant create` and `mais admin
// create` open the store and nothing else, so they work, without dialling
// it, while the Redis of REDIS_URL does not answer; what they create is
// there for the server (the new admins can log in on an app over the same
// store).
func TestCreateCommandsWithRedisDown(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"MAIS_DATA_DIR": dir, "MAIS_DEMO": "false", "REDIS_URL": "redis://" + closedAddr(t) + "/0",
		"MAIS_LOG_LEVEL": "debug"}
	code, out, errOut := runCLI(t, env, "tenant", "create", "--slug", "redis-down", "--name", "Redis Down",
		"--email", "owner@redis-down.example", "--password", "correct-horse", "--json")
	if code != 0 || !strings.Contains(out, `"slug":"redis-down"`) {
		t.Fatalf("tenant create: exit %d, out %q, err %q", code, out, errOut)
	}
	if strings.Contains(strings.ToLower(errOut), "redis") {
		t.Errorf("tenant create touched Redis: %s", errOut)
	}
	code, out, errOut = runCLI(t, env, "admin", "create", "--email", "root@redis-down.example", "--password", "correct-horse", "--json")
	if code != 0 || !strings.Contains(out, `"role":"PLATFORM_ADMIN"`) {
		t.Fatalf("admin create: exit %d, out %q, err %q", code, out, errOut)
	}
	if strings.Contains(strings.ToLower(errOut), "redis") {
		t.Errorf("admin create touched Redis: %s", errOut)
	}

	// The server, on the same store (and no Redis), lets both admins in.
	cfg, err := config.Load(func(k string) string { return map[string]string{"MAIS_DATA_DIR": dir, "MAIS_DEMO": "false"}[k] })
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(t.Context(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Shutdown(context.Background())
	for _, email := range []string{"owner@redis-down.example", "root@redis-down.example"} {
		if _, err := a.Identity.Login(t.Context(), identity.LoginInput{Email: email, Password: "correct-horse", IP: "192.0.2.1"}); err != nil {
			t.Errorf("login %s: %v", email, err)
		}
	}
}
