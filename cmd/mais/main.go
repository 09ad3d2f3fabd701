// Command mais is the MAIS server and its operator commands (docs/API.md §1).
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"mais/internal/app"
)

func main() {
	app.Version = version
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
