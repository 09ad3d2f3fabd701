// Package textin is the one check every piece of text entering MAIS passes
// (docs/API.md §3, "Text input"): JSON bodies, HTML forms, multipart fields,
// path and query values, command-line flags and webhook payloads all call it.
//
// Text is valid UTF-8 without NUL. A one-line field (a name, phone, slug,
// e-mail, headline, id…) also holds no control character, CR and LF
// included, and no Unicode line or paragraph separator: such a field ends up
// in e-mail headers, plain-text e-mails and log lines, where a line break
// forges a line. Nor does it hold a bidirectional embedding, override or
// isolate (U+202A–U+202E, U+2066–U+2069): in a name or a file name these
// make text display in another order than it is stored ("Trojan Source"),
// so a booking list or an e-mail subject would show what is not there. The
// marks right-to-left text needs (U+200E, U+200F) are kept. A multi-line
// field (a description, notes, page content) may hold LF, CR and TAB. No
// field may be only spaces and invisible format characters (zero-width
// space, joiners, BOM): it would show as nothing. Lengths are counted in
// characters (Len), not bytes.
//
// The package knows nothing of HTTP; problems are reported as field path →
// reason, the shape of apperr.FieldErrors.
package textin

import (
	"unicode"
	"unicode/utf8"

	"mais/internal/apperr"
)

// Kind says which characters a field may hold.
type Kind uint8

const (
	// Line is the default: one line of text, no control characters.
	Line Kind = iota
	// Multiline allows LF, CR and TAB besides one-line text.
	Multiline
)

// The reasons a field is refused, as shown to clients.
const (
	ReasonUTF8      = "must be valid UTF-8 text"
	ReasonNUL       = "must not contain NUL characters"
	ReasonLine      = "must be one line of text without control characters"
	ReasonMultiline = "must not contain control characters other than line breaks and tabs"
	ReasonInvisible = "holds only invisible characters; type the text itself, or leave it empty"
	ReasonBidi      = "must not contain bidirectional override characters (U+202A–U+202E, U+2066–U+2069), which show text in another order than it is written"
)

// Problem returns "" when s is acceptable text of kind k, else the reason it
// is not. Invalid UTF-8 and NUL are named before control characters, since
// they are refused in every kind of field.
func Problem(s string, k Kind) string {
	control, bidi := false, false
	// A value of spaces and format characters (zero-width space, joiner,
	// word joiner, BOM) with at least one of the latter looks empty but
	// is not: after trimming it passes as a name that shows as nothing.
	format, visible := false, false
	for i := 0; i < len(s); {
		if c := s[i]; c >= 0x20 && c < 0x7f { // printable ASCII, the common case
			visible = visible || c != ' '
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case unicode.Is(unicode.Cf, r):
			format = true
		case !unicode.IsSpace(r):
			visible = true
		}
		switch {
		case r == utf8.RuneError && size == 1:
			return ReasonUTF8
		case r == 0:
			return ReasonNUL
		case k == Multiline && (r == '\n' || r == '\r' || r == '\t'):
		case unicode.IsControl(r), k == Line && (r == '\u2028' || r == '\u2029'):
			control = true
		case k == Line && (r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069'):
			bidi = true
		}
	}
	switch {
	case !control && bidi:
		return ReasonBidi
	case !control && format && !visible:
		return ReasonInvisible
	case !control:
		return ""
	case k == Multiline:
		return ReasonMultiline
	default:
		return ReasonLine
	}
}

// Valid reports whether s is acceptable text of kind k.
func Valid(s string, k Kind) bool { return Problem(s, k) == "" }

// Check records in fields, under path, why s is not acceptable text of kind
// k, and reports whether it was acceptable. The first problem of a path wins.
func Check(fields apperr.FieldErrors, path, s string, k Kind) bool {
	why := Problem(s, k)
	if why != "" {
		fields.Add(path, why)
	}
	return why == ""
}

// Len is the length of s in characters (Unicode code points), the unit of
// every length bound in MAIS. Invalid bytes count one each.
func Len(s string) int { return utf8.RuneCountInString(s) }

// Bounded reports whether s is acceptable text of kind k holding min to max
// characters.
func Bounded(s string, k Kind, min, max int) bool {
	n := Len(s)
	return n >= min && n <= max && Valid(s, k)
}
