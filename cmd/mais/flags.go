package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"mais/internal/apperr"
	"mais/internal/textin"
)

// flagProblems collects what is wrong with one command's flags, by flag
// name, so a single run names every bad flag (docs/API.md §1) instead of
// stopping at the first.
type flagProblems struct {
	cmd string
	bad map[string]string
}

// add records why flag (a name without dashes) is wrong; the first reason
// seen for a flag is kept.
func (p *flagProblems) add(flag, why string) {
	if _, ok := p.bad[flag]; !ok {
		p.bad[flag] = why
	}
}

// addFields records a VALIDATION_ERROR's field reasons under the flags
// that carry those fields (fieldFlag: field name → flag name, such as
// "timeZone" → "timezone"), so the message names what the operator typed.
// Any other error is returned as it is.
func (p *flagProblems) addFields(err error, fieldFlag map[string]string) error {
	var e *apperr.Error
	if !errors.As(err, &e) || e.Code != apperr.CodeValidation || len(e.Fields) == 0 {
		return err
	}
	for field, why := range e.Fields {
		if name, ok := fieldFlag[field]; ok {
			field = name
		}
		p.add(field, why)
	}
	return nil
}

// err is nil when nothing was recorded, else a usageError naming each
// bad flag, sorted: "tenant create: --timezone: must be …" for one,
// one flag a line for several.
func (p *flagProblems) err() error {
	if len(p.bad) == 0 {
		return nil
	}
	lines := make([]string, 0, len(p.bad))
	for name, why := range p.bad {
		lines = append(lines, "--"+name+": "+why)
	}
	sort.Strings(lines)
	if len(lines) == 1 {
		return usageError{p.cmd + ": " + lines[0]}
	}
	return usageError{p.cmd + ": " + fmt.Sprint(len(lines)) + " flags are wrong:\n  " + strings.Join(lines, "\n  ")}
}

// parseFlags parses a command's args. --help (or -h) prints fs.Usage to
// stdout and returns flag.ErrHelp, which exits 0. An unknown flag or a
// stray argument is a usageError at once; otherwise every problem is
// collected: a value its flag cannot take (--commission abc), a value that
// is not one line of text (a NUL, invalid UTF-8, a control character,
// line breaks included; docs/API.md §3) and each flag of required that is
// missing or empty. The caller adds its own checks to the problems and
// returns problems.err().
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer, required ...string) (*flagProblems, error) {
	p := &flagProblems{cmd: fs.Name(), bad: map[string]string{}}
	fs.VisitAll(func(f *flag.Flag) { f.Value = &lenientValue{Value: f.Value, name: f.Name, p: p} })
	fs.SetOutput(io.Discard) // the flag package's own messages; ours say more
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stdout)
		fs.Usage()
		return nil, flag.ErrHelp
	}
	if err != nil {
		return nil, usageError{fmt.Sprintf("%s: %v (see mais %s --help)", fs.Name(), err, fs.Name())}
	}
	if fs.NArg() > 0 {
		return nil, usageError{fmt.Sprintf("%s: unexpected argument %q (see mais %s --help)", fs.Name(), fs.Arg(0), fs.Name())}
	}
	fs.Visit(func(f *flag.Flag) {
		if why := textin.Problem(f.Value.String(), textin.Line); why != "" {
			p.add(f.Name, why)
		}
	})
	for _, name := range required {
		if f := fs.Lookup(name); f != nil && f.Value.String() == "" {
			p.add(name, "is required")
		}
	}
	return p, nil
}

// parseOnly is parseFlags for a command with no checks of its own: nil,
// flag.ErrHelp or the usageError naming every bad flag.
func parseOnly(fs *flag.FlagSet, args []string, stdout io.Writer, required ...string) error {
	p, err := parseFlags(fs, args, stdout, required...)
	if err != nil {
		return err
	}
	return p.err()
}

// lenientValue records a value its flag refuses in the problems instead
// of stopping the parse, so the flags after it are still read.
type lenientValue struct {
	flag.Value
	name string
	p    *flagProblems
}

// Set implements flag.Value.
func (v *lenientValue) Set(s string) error {
	if err := v.Value.Set(s); err != nil {
		v.p.add(v.name, refusal(v.Value, s))
	}
	return nil
}

// IsBoolFlag keeps a boolean flag usable without a value (--json).
func (v *lenientValue) IsBoolFlag() bool {
	b, ok := v.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// refusal says why s is not a value of v's kind.
func refusal(v flag.Value, s string) string {
	if g, ok := v.(flag.Getter); ok {
		switch g.Get().(type) {
		case bool:
			return fmt.Sprintf("must be true or false, not %q", s)
		case float64, int, int64, uint, uint64:
			return fmt.Sprintf("must be a number, not %q", s)
		}
	}
	return fmt.Sprintf("%q is not a valid value", s)
}
