package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"mais/internal/config"
	"mais/internal/sqlstore"
)

// backupCmd is `mais backup --out FILE` (docs/API.md §13): a consistent
// copy of the embedded store, taken while a server may be running.
func backupCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	out := fs.String("out", "", "file to write the copy to; must not exist (required)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: mais backup --out FILE\n\nWrites a consistent copy of the embedded store (MAIS_DATA_DIR) to FILE while the\nserver keeps running. For PostgreSQL use pg_dump or point-in-time recovery (README).\n\n")
		fs.PrintDefaults()
	}
	if err := parseOnly(fs, args, stdout, "out"); err != nil {
		return err
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	if cfg.DatabaseURL != "" {
		return usageError{"mais backup copies the embedded store; DATABASE_URL names PostgreSQL: use pg_dump or point-in-time recovery (see README)"}
	}
	// The store as it is: no migration, so a backup never changes what it copies.
	store, err := sqlstore.Open(ctx, "", sqlstore.Options{DataDir: cfg.DataDir})
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.Backup(ctx, *out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written to %s\n", *out)
	return nil
}

// restoreCmd is `mais restore --from FILE`: it replaces the embedded store
// with a backup, and refuses while any mais process has the store open.
func restoreCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	from := fs.String("from", "", "backup file written by mais backup (required)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: mais restore --from FILE\n\nReplaces the embedded store (MAIS_DATA_DIR) with a backup written by mais backup; the\nreplaced store is kept as mais.db.pre-restore. Refused while a mais process (serve or\nanother command) has the store open: stop the server first.\n\n")
		fs.PrintDefaults()
	}
	if err := parseOnly(fs, args, stdout, "from"); err != nil {
		return err
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	if cfg.DatabaseURL != "" {
		return usageError{"mais restore restores the embedded store; DATABASE_URL names PostgreSQL: use pg_restore or point-in-time recovery (see README)"}
	}
	if err := sqlstore.Restore(ctx, cfg.DataDir, *from); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "store restored from %s; start mais serve (it applies any newer migrations)\n", *from)
	return nil
}
