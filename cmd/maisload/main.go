// Command maisload measures MAIS under load on this machine and compares it
// with a bare net/http server that returns the same bytes with no work
// behind them — the most any Go HTTP server could do here.
//
// It starts a child process ("maisload child") that runs MAIS on the chosen
// store, seeds tenants, and serves the bare twin on a second port; the
// parent generates load against both and writes a JSON result file.
//
//	go run ./cmd/maisload -store sqlite
//	go run ./cmd/maisload -store postgres -database-url postgres://postgres@127.0.0.1:5432/test?sslmode=disable
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "child" {
		if err := runChild(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "maisload child:", err)
			os.Exit(1)
		}
		return
	}
	if err := runParent(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "maisload:", err)
		os.Exit(1)
	}
}
