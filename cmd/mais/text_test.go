package main

import (
	"strings"
	"testing"

	"mais/internal/textin"
)

// TestFlagsMustBeText: a flag value with a NUL, invalid UTF-8 or a line
// break is refused with a message naming the flag and exit code 2, before
// anything is stored; a name of 70 × "Ñ" (140 bytes, 70 characters) is
// accepted.
func TestFlagsMustBeText(t *testing.T) {
	env := map[string]string{"MAIS_DATA_DIR": t.TempDir(), "MAIS_DEMO": "false"}
	tenantArgs := func(name, email string) []string {
		return []string{"tenant", "create", "--slug", "bella", "--name", name, "--email", email, "--password", "correct-horse"}
	}
	for _, c := range []struct {
		what string
		args []string
		want string
	}{
		{"NUL in a tenant name", tenantArgs("Bella\x00Weddings", "owner@bella.example"), "--name: " + textin.ReasonNUL},
		{"line break in a tenant name", tenantArgs("Bella\nWeddings", "owner@bella.example"), "--name: " + textin.ReasonLine},
		{"invalid UTF-8 in an e-mail", tenantArgs("Bella", "owner@bella.example\xff"), "--email: " + textin.ReasonUTF8},
		{"NUL in an admin password", []string{"admin", "create", "--email", "root@mais.example", "--password", "long\x00enough"}, "--password: " + textin.ReasonNUL},
		{"CR in an admin e-mail", []string{"admin", "create", "--email", "root@mais.example\r", "--password", "long-enough"}, "--email: " + textin.ReasonLine},
	} {
		t.Run(c.what, func(t *testing.T) {
			code, _, errOut := runCLI(t, env, c.args...)
			if code != 2 || !strings.Contains(errOut, c.want) {
				t.Fatalf("exit %d, stderr %q; want exit 2 naming %q", code, errOut, c.want)
			}
		})
	}
	// Nothing was stored: the same slug and e-mails are still free.
	if code, _, errOut := runCLI(t, env, tenantArgs(strings.Repeat("Ñ", 70), "owner@bella.example")...); code != 0 {
		t.Fatalf("70 × Ñ refused: exit %d: %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, env, "admin", "create", "--email", "root@mais.example", "--password", "long-enough"); code != 0 {
		t.Fatalf("admin create after the refusals: exit %d: %s", code, errOut)
	}
	code, _, errOut := runCLI(t, env, "tenant", "create", "--slug", "long", "--name", strings.Repeat("Ñ", 121),
		"--email", "owner@long.example", "--password", "correct-horse")
	if code != 2 || !strings.Contains(errOut, "--name: must be 1 to 120 characters") {
		t.Fatalf("121 characters: exit %d, stderr %q", code, errOut)
	}
}
