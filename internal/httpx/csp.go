package httpx

import "strings"

// CSP is a Content-Security-Policy built directive by directive, so every
// surface starts from the same base and states only how it differs. A CSP
// is a value: Set and Add return a new policy and never change the one
// they are called on, so a package-level base can be shared.
type CSP struct{ dirs []directive }

type directive struct {
	name    string
	sources []string
}

// NewCSP starts a policy from directives given as "name source…" strings:
// NewCSP("default-src 'self'", "object-src 'none'").
func NewCSP(directives ...string) CSP {
	var p CSP
	for _, d := range directives {
		f := strings.Fields(d)
		if len(f) > 0 {
			p = p.Set(f[0], f[1:]...)
		}
	}
	return p
}

// Set replaces directive name's sources, appending the directive if the
// policy lacks it.
func (p CSP) Set(name string, sources ...string) CSP {
	out := CSP{dirs: make([]directive, 0, len(p.dirs)+1)}
	found := false
	for _, d := range p.dirs {
		if d.name == name {
			d, found = directive{name, append([]string(nil), sources...)}, true
		}
		out.dirs = append(out.dirs, d)
	}
	if !found {
		out.dirs = append(out.dirs, directive{name, append([]string(nil), sources...)})
	}
	return out
}

// Add appends sources to directive name (empty sources are skipped).
func (p CSP) Add(name string, sources ...string) CSP {
	var cur []string
	for _, d := range p.dirs {
		if d.name == name {
			cur = d.sources
		}
	}
	next := append([]string(nil), cur...)
	for _, s := range sources {
		if s != "" {
			next = append(next, s)
		}
	}
	return p.Set(name, next...)
}

// Without drops directive name.
func (p CSP) Without(name string) CSP {
	out := CSP{}
	for _, d := range p.dirs {
		if d.name != name {
			out.dirs = append(out.dirs, d)
		}
	}
	return out
}

// String is the header value: "default-src 'self'; img-src 'self' https:".
func (p CSP) String() string {
	var b strings.Builder
	for i, d := range p.dirs {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(d.name)
		for _, s := range d.sources {
			b.WriteByte(' ')
			b.WriteString(s)
		}
	}
	return b.String()
}

// PageCSP is the base of every HTML page of ours: scripts and styles are
// this origin's files only (never inline, so an injected <script> does not
// run), images may come from wherever tenants host photos (https), nothing
// may be embedded as an object, and no page may be framed. Each surface
// derives its own policy from it with Set and Add.
var PageCSP = NewCSP(
	"default-src 'self'",
	"script-src 'self'",
	"style-src 'self'",
	"img-src 'self' https: data:",
	"object-src 'none'",
	"base-uri 'self'",
	"form-action 'self'",
	"frame-ancestors 'none'",
)

// SandboxCSP is for files people upload and we serve back: nothing in them
// may run or load anything.
var SandboxCSP = NewCSP("default-src 'none'", "sandbox")

// NoContentCSP is for everything that is not a page: nothing may load or
// frame it.
var NoContentCSP = NewCSP("default-src 'none'", "frame-ancestors 'none'")
