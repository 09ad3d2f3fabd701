package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
)

// seedCmd runs `mais seed --demo [--json]`: it creates the demo tenant on
// the store of DATABASE_URL (or the embedded one), migrating it first, and
// prints its keys and admin login once. A store that already has the demo
// tenant is left as it is and the command succeeds, saying so.
func seedCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	demo := fs.Bool("demo", false, "create the demo tenant (slug demo) with three packages, unless it exists")
	asJSON := fs.Bool("json", false, "print the result as one JSON object")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: mais seed --demo [--json]

Creates the demo tenant "demo" (three packages with add-ons, an admin with a
random password) on the store of DATABASE_URL, or on the embedded store, after
applying pending migrations. The keys and password are printed once. When the
demo tenant exists already nothing changes and the command exits 0.

`)
		fs.PrintDefaults()
	}
	if err := parseOnly(fs, args, stdout); err != nil {
		return err
	}
	if !*demo {
		return usageError{"seed: say what to seed: mais seed --demo"}
	}
	tools, err := openTools(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer tools.Close()
	info, err := tools.SeedDemo(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		out := map[string]any{"created": info != nil, "slug": "demo"}
		if info != nil {
			out["apiKeyPublic"], out["apiKeySecret"] = info.PublicKey, info.SecretKey
			out["adminEmail"], out["adminPassword"] = info.AdminEmail, info.AdminPassword
		}
		return json.NewEncoder(stdout).Encode(out)
	}
	if info == nil {
		fmt.Fprintln(stdout, "the demo tenant exists already; nothing changed")
		return nil
	}
	fmt.Fprintf(stdout, "demo tenant created (shown only now)\n  storefront   /t/demo\n  widget       /widget?tenant=demo\n"+
		"  public key   %s\n  secret key   %s\n  admin login  %s / %s   (/admin)\n",
		info.PublicKey, info.SecretKey, info.AdminEmail, info.AdminPassword)
	return nil
}
