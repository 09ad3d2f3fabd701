package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
	"time"

	"mais/internal/app"
	"mais/internal/apperr"
	"mais/internal/config"
	"mais/internal/identity"
	"mais/internal/tenant"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

const usage = `mais — booking and storefronts for wedding and event businesses

Usage:
  mais [serve]                 migrate the store and serve HTTP on :$PORT
  mais migrate                 apply pending migrations and exit
  mais tenant create --slug S --name N --email E --password P [--commission PERCENT] [--json]
  mais admin create --email E --password P [--json]
  mais seed --demo [--json]    create the demo tenant on any store, unless it exists
  mais backup --out FILE       copy the embedded store, consistently, while it serves
  mais restore --from FILE     replace the embedded store with a backup (server stopped)
  mais version                 print the version

Configuration comes from the environment (see README.md). Every command takes --help.
`

// run is main without the process: it returns the exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = serve(ctx, args, getenv, stdout, stderr)
	case "migrate":
		err = migrate(ctx, args, getenv, stdout, stderr)
	case "tenant":
		err = tenantCmd(ctx, args, getenv, stdout, stderr)
	case "admin":
		err = adminCmd(ctx, args, getenv, stdout, stderr)
	case "seed":
		err = seedCmd(ctx, args, getenv, stdout, stderr)
	case "backup":
		err = backupCmd(ctx, args, getenv, stdout, stderr)
	case "restore":
		err = restoreCmd(ctx, args, getenv, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "mais", version)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "mais: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		var usageErr usageError
		if errors.As(err, &usageErr) {
			fmt.Fprintf(stderr, "mais: %v\n", err)
			return 2
		}
		fmt.Fprintf(stderr, "mais: %s\n", describe(err))
		return 1
	}
	return 0
}

// tenantUsage and adminUsage are the create commands' synopses.
const (
	tenantUsage = "Usage: mais tenant create --slug S --name N --email E --password P [--commission PERCENT] [--timezone ZONE] [--json]"
	adminUsage  = "Usage: mais admin create --email E --password P [--json]"
)

// tenantFlags names the flag of each tenant.CreateInput field a
// VALIDATION_ERROR may name.
var tenantFlags = map[string]string{"commissionPercent": "commission", "timeZone": "timezone"}

// isHelp reports whether arg asks for help.
func isHelp(arg string) bool {
	return arg == "-h" || arg == "--help" || arg == "-help" || arg == "help"
}

// flagErr turns a VALIDATION_ERROR of a command's service call into a
// usageError naming the flags (see flagProblems.addFields); any other
// error is returned as is.
func flagErr(fs *flag.FlagSet, err error, fieldFlags map[string]string) error {
	p := &flagProblems{cmd: fs.Name(), bad: map[string]string{}}
	if rest := p.addFields(err, fieldFlags); rest != nil {
		return rest
	}
	return p.err()
}

type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// describe renders domain errors for a terminal: message plus field reasons.
func describe(err error) string {
	var e *apperr.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	msg := e.Message
	fields := make([]string, 0, len(e.Fields))
	for field := range e.Fields {
		fields = append(fields, field)
	}
	sort.Strings(fields)
	for _, field := range fields {
		msg += fmt.Sprintf("\n  %s: %s", field, e.Fields[field])
	}
	return msg
}

func newLogger(w io.Writer, getenv func(string) string) *slog.Logger {
	level := slog.LevelInfo
	if strings.EqualFold(getenv("MAIS_LOG_LEVEL"), "debug") {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

func openApp(ctx context.Context, getenv func(string) string, logOut io.Writer) (*app.App, error) {
	cfg, err := config.Load(getenv)
	if err != nil {
		return nil, err
	}
	return app.New(ctx, cfg, newLogger(logOut, getenv))
}

// openTools opens the store and the services of the create commands, and
// nothing else: they work while Redis or the mail relay is down.
func openTools(ctx context.Context, getenv func(string) string, logOut io.Writer) (*app.Tools, error) {
	cfg, err := config.Load(getenv)
	if err != nil {
		return nil, err
	}
	return app.OpenTools(ctx, cfg, newLogger(logOut, getenv))
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: mais serve\n\nMigrates the store if needed and serves HTTP on :$PORT. On an empty embedded store\nit creates a demo tenant (MAIS_DEMO=false turns that off). SIGINT/SIGTERM stop it cleanly.\n")
	}
	if err := parseOnly(fs, args, stdout); err != nil {
		return err
	}
	drain, err := drainDelay(getenv)
	if err != nil {
		return usageError{err.Error()}
	}
	a, err := openApp(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	a.DrainDelay = drain
	if a.Config.Demo && a.Config.DatabaseURL == "" {
		info, err := a.SeedDemo(ctx)
		if err != nil {
			a.Shutdown(ctx)
			return err
		}
		if info != nil {
			base := a.Config.PublicBaseURL
			fmt.Fprintf(stdout, `
Demo tenant created (shown once):
  storefront   %s/t/demo
  widget       %s/widget?tenant=demo
  public key   %s
  secret key   %s
  admin login  %s / %s   (%s/admin)
  try          curl -H 'X-Tenant-Key: %s' %s/v1/packages

`, base, base, info.PublicKey, info.SecretKey, info.AdminEmail, info.AdminPassword, base, info.PublicKey, base)
		}
	}
	printBanner(ctx, stdout, a)
	return a.Run(ctx)
}

// drainDelay reads MAIS_DRAIN_DELAY: how long, after SIGTERM, the server
// keeps answering with /health/ready at 503 before it stops accepting
// connections, so a load balancer has time to take it out (0 to 60 s).
func drainDelay(getenv func(string) string) (time.Duration, error) {
	v := strings.TrimSpace(getenv("MAIS_DRAIN_DELAY"))
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 || d > time.Minute {
		return 0, fmt.Errorf("MAIS_DRAIN_DELAY must be a duration from 0s to 60s, got %q", v)
	}
	return d, nil
}

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: mais migrate\n\nApplies pending migrations to the store named by DATABASE_URL (or the embedded store) and exits.\n")
	}
	if err := parseOnly(fs, args, stdout); err != nil {
		return err
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	// The store only: migrating must work while Redis or the mail relay is down.
	store, err := app.OpenStore(ctx, cfg, newLogger(stderr, getenv), 0)
	if err != nil {
		return err
	}
	defer store.Close()
	fmt.Fprintln(stdout, "store is up to date")
	return nil
}

// createOnly answers a command whose one subcommand is "create": help is
// printed (done, nil), anything else but "create" is a usage error (done,
// err), and "create" is left to the caller (not done).
func createOnly(args []string, usage string, stdout io.Writer) (done bool, err error) {
	switch {
	case len(args) > 0 && args[0] == "create":
		return false, nil
	case len(args) > 0 && isHelp(args[0]):
		fmt.Fprintln(stdout, usage)
		return true, nil
	}
	return true, usageError{strings.ToLower(usage[:1]) + usage[1:]}
}

func tenantCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if done, err := createOnly(args, tenantUsage, stdout); done {
		return err
	}
	fs := flag.NewFlagSet("tenant create", flag.ContinueOnError)
	slug := fs.String("slug", "", "tenant slug: lowercase letters, digits, hyphens (required)")
	name := fs.String("name", "", "business name (required)")
	email := fs.String("email", "", "e-mail of the tenant admin (required)")
	password := fs.String("password", "", "password of the tenant admin, 8–72 characters (required)")
	commission := fs.Float64("commission", tenant.DefaultCommissionPercent, "platform commission in percent, 0–50")
	tz := fs.String("timezone", tenant.DefaultTimeZone, "IANA time zone of the business")
	asJSON := fs.Bool("json", false, "print the result as one JSON object")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), tenantUsage+"\nCreates an active tenant and its tenant-admin user, and prints its URLs and keys.\n\n")
		fs.PrintDefaults()
	}
	p, err := parseFlags(fs, args[1:], stdout, "slug", "name", "email", "password")
	if err != nil {
		return err
	}
	in := tenant.CreateInput{Slug: *slug, Name: *name, Email: *email, Password: *password, CommissionPercent: *commission, TimeZone: *tz}
	if err := p.addFields(tenant.CheckCreate(in).Err(), tenantFlags); err != nil {
		return err
	}
	if err := p.err(); err != nil {
		return err
	}
	tools, err := openTools(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer tools.Close()
	created, err := tools.Tenants.Create(ctx, in)
	if err != nil {
		return flagErr(fs, err, tenantFlags)
	}
	if *asJSON {
		return json.NewEncoder(stdout).Encode(map[string]string{
			"id": created.Tenant.ID, "slug": created.Tenant.Slug, "name": created.Tenant.Name,
			"apiKeyPublic": created.Keys.Public, "apiKeySecret": created.Keys.Secret, "adminEmail": created.AdminEmail,
		})
	}
	base := strings.TrimRight(tools.Config.PublicBaseURL, "/")
	fmt.Fprintf(stdout, "tenant %s created (id %s) in the %s\n  storefront  %s/t/%s\n  dashboard   %s/admin   (log in as %s)\n"+
		"  public key  %s\n  secret key  %s   (shown only now)\n",
		created.Tenant.Slug, created.Tenant.ID, storeName(tools.Config), base, created.Tenant.Slug, base, created.AdminEmail,
		created.Keys.Public, created.Keys.Secret)
	return nil
}

func adminCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if done, err := createOnly(args, adminUsage, stdout); done {
		return err
	}
	fs := flag.NewFlagSet("admin create", flag.ContinueOnError)
	email := fs.String("email", "", "e-mail of the platform admin (required)")
	password := fs.String("password", "", "password, 8–72 characters (required)")
	asJSON := fs.Bool("json", false, "print the result as one JSON object")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), adminUsage+"\nCreates a platform admin, who signs in to /admin and manages every tenant.\n\n")
		fs.PrintDefaults()
	}
	p, err := parseFlags(fs, args[1:], stdout, "email", "password")
	if err != nil {
		return err
	}
	// CreatePlatformAdmin's own checks, asked first so a run names every
	// bad flag at once (it checks again).
	fields := apperr.FieldErrors{}
	if *email != "" {
		identity.ValidateEmail(fields, "email", identity.NormalizeEmail(*email))
	}
	if *password != "" {
		identity.ValidatePassword(fields, "password", *password)
	}
	if err := p.addFields(fields.Err(), nil); err != nil {
		return err
	}
	if err := p.err(); err != nil {
		return err
	}
	tools, err := openTools(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer tools.Close()
	u, err := tools.Identity.CreatePlatformAdmin(ctx, *email, *password)
	if err != nil {
		return flagErr(fs, err, nil)
	}
	if *asJSON {
		return json.NewEncoder(stdout).Encode(map[string]string{"id": u.ID, "email": u.Email, "role": u.Role})
	}
	fmt.Fprintf(stdout, "platform admin %s created\n", u.Email)
	return nil
}
