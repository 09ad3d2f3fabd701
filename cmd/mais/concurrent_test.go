package main

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"mais/internal/app/apptest"
)

// An operator creates a tenant with the CLI while a server runs on the same
// embedded store; the running server serves the new tenant at once.
func TestTenantCreateWhileServing(t *testing.T) {
	dir := t.TempDir()
	a := apptest.New(t, "sqlite", apptest.Env{"MAIS_DATA_DIR": dir})
	addr, err := a.Start(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	env := map[string]string{"MAIS_DATA_DIR": dir}
	code := run(context.Background(), strings.Fields("tenant create --slug live-one --name Live --email live@one.example --password live-password --json"),
		func(k string) string { return env[k] }, &out, io.Discard)
	if code != 0 {
		t.Fatalf("tenant create next to a running server exited %d", code)
	}
	var created struct{ APIKeyPublic string }
	if err := json.Unmarshal([]byte(out.String()), &created); err != nil {
		t.Fatal(err)
	}
	r := apptest.Fetch(t, "GET", "http://"+addr+"/v1/packages", map[string]string{"X-Tenant-Key": created.APIKeyPublic}, "")
	if r.Status != 200 || string(r.Body) != "[]\n" && string(r.Body) != "[]" {
		t.Fatalf("the running server answered %d %s for the new tenant", r.Status, r.Body)
	}
}
