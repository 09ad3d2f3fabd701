package main

import (
	"net"
	"strings"
	"testing"
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
