package paymenttest

import (
	"os"
	"path/filepath"
	"testing"
)

// TestLookGoTool finds a program in $GOBIN or $GOPATH/bin when it is not on
// the PATH, and nowhere else (no fixed fallback folder).
func TestLookGoTool(t *testing.T) {
	gobin, gopath := t.TempDir(), t.TempDir()
	t.Setenv("PATH", t.TempDir())
	t.Setenv("GOBIN", gobin)
	t.Setenv("GOPATH", gopath)
	write := func(dir, name string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	want := write(gobin, "in-gobin")
	if got, err := lookGoTool("in-gobin"); err != nil || got != want {
		t.Errorf("lookGoTool(in-gobin) = %q, %v; want %q", got, err, want)
	}
	if _, err := lookGoTool("nowhere-tool"); err == nil {
		t.Error("lookGoTool(nowhere-tool) found a program that does not exist")
	}
	want = write(filepath.Join(gopath, "bin"), "in-gopath")
	if got, err := lookGoTool("in-gopath"); err != nil || got != want {
		t.Errorf("lookGoTool(in-gopath) = %q, %v; want %q", got, err, want)
	}
}
