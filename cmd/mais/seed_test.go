package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
)

// TestSeedDemoOnBothStores: `mais seed --demo` creates the demo tenant on
// an embedded store that already has another tenant and on PostgreSQL; a
// second run changes nothing and exits 0; the keys it printed work.
func TestSeedDemoOnBothStores(t *testing.T) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			env := map[string]string{"MAIS_DATA_DIR": t.TempDir(), "MAIS_DEMO": "false"}
			if kind == "postgres" {
				env["DATABASE_URL"] = storetest.PostgresURL(t)
			}
			if code, _, errOut := runCLI(t, env, "tenant", "create", "--slug", "first", "--name", "First",
				"--email", "owner@first.example", "--password", "correct-horse"); code != 0 {
				t.Fatalf("tenant create: %s", errOut)
			}
			code, out, errOut := runCLI(t, env, "seed", "--demo", "--json")
			if code != 0 {
				t.Fatalf("seed: exit %d: %s", code, errOut)
			}
			var got struct {
				Created                                                     bool
				Slug, APIKeyPublic, APIKeySecret, AdminEmail, AdminPassword string
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil || !got.Created || got.Slug != "demo" ||
				!strings.HasPrefix(got.APIKeyPublic, "pk_live_demo_") || !strings.HasPrefix(got.APIKeySecret, "sk_live_demo_") ||
				got.AdminPassword == "" {
				t.Fatalf("first seed: %q (%v)", out, err)
			}

			st, err := sqlstore.Open(context.Background(), env["DATABASE_URL"], sqlstore.Options{DataDir: env["MAIS_DATA_DIR"]})
			if err != nil {
				t.Fatal(err)
			}
			snapshot := func() string {
				tn, err := st.TenantByPublicKey(context.Background(), got.APIKeyPublic)
				if err != nil {
					t.Fatalf("demo tenant by its printed key: %v", err)
				}
				pkgs, err := st.ListPackages(context.Background(), tn.ID, false)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := json.Marshal([]any{tn.APIKeySecretHash, tn.UpdatedAt, pkgs})
				return string(b)
			}
			before := snapshot()
			st.Close()
			if !strings.Contains(before, "classic-wedding") || !strings.Contains(before, "heirloom-album") {
				t.Errorf("demo packages missing: %s", before)
			}

			code, out, errOut = runCLI(t, env, "seed", "--demo")
			if code != 0 || !strings.Contains(out, "nothing changed") {
				t.Fatalf("second seed: exit %d, out %q, err %q", code, out, errOut)
			}
			st, err = sqlstore.Open(context.Background(), env["DATABASE_URL"], sqlstore.Options{DataDir: env["MAIS_DATA_DIR"]})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if after := snapshot(); after != before {
				t.Errorf("second seed changed the demo tenant:\n%s\n%s", before, after)
			}

			if code, _, errOut := runCLI(t, env, "seed"); code != 2 || !strings.Contains(errOut, "--demo") {
				t.Errorf("seed without --demo: exit %d, %q", code, errOut)
			}
		})
	}
}
