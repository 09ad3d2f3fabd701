package textin_test

import (
	"encoding/json"
	"maps"
	"net/url"
	"strings"
	"testing"

	"mais/internal/textin"
)

func TestProblem(t *testing.T) {
	for _, c := range []struct {
		name string
		in   string
		kind textin.Kind
		want string
	}{
		{"plain", "Zoe Null", textin.Line, ""},
		{"empty", "", textin.Line, ""},
		{"accents and CJK", strings.Repeat("Ñ", 70) + "日本語", textin.Line, ""},
		{"replacement char sent on purpose", "a\uFFFDb", textin.Line, ""},
		{"NUL", "Zoe\x00Null", textin.Line, textin.ReasonNUL},
		{"NUL multiline", "a\nb\x00", textin.Multiline, textin.ReasonNUL},
		{"invalid UTF-8", "Zoe\xffNull", textin.Line, textin.ReasonUTF8},
		{"surrogate half in UTF-8", "a\xed\xa0\x80", textin.Multiline, textin.ReasonUTF8},
		{"truncated sequence", "Ñ"[:1], textin.Line, textin.ReasonUTF8},
		{"invalid UTF-8 wins over control", "a\nb\xff", textin.Line, textin.ReasonUTF8},
		{"LF in a line", "Zoe\nBcc: x@example.com", textin.Line, textin.ReasonLine},
		{"CR in a line", "Zoe\r", textin.Line, textin.ReasonLine},
		{"TAB in a line", "a\tb", textin.Line, textin.ReasonLine},
		{"DEL", "a\x7fb", textin.Line, textin.ReasonLine},
		{"C1 control", "a\u0085b", textin.Line, textin.ReasonLine},
		{"line separator", "a\u2028b", textin.Line, textin.ReasonLine},
		{"paragraph separator", "a\u2029b", textin.Line, textin.ReasonLine},
		// A name that shows in another order than it is stored (fresh
		// tester: "Willow\u202EeniP" was accepted as a business name).
		{"right-to-left override in a line", "Willow\u202Eenip", textin.Line, textin.ReasonBidi},
		{"isolate in a line", "a\u2067b\u2069", textin.Line, textin.ReasonBidi},
		{"control wins over bidi", "a\u202Eb\n", textin.Line, textin.ReasonLine},
		{"right-to-left marks in a line", "שלום\u200F Studio\u200E", textin.Line, ""},
		{"Arabic and Hebrew names", "استوديو نور · סטודיו", textin.Line, ""},
		{"override in multiline text", "a\u202Eb", textin.Multiline, ""},
		// A value that shows as nothing (fresh tester: a business name of
		// one zero-width space was accepted and left an empty <title>).
		{"zero-width space only", "\u200b", textin.Line, textin.ReasonInvisible},
		{"spaces and joiners only", " \u200d\u2060 \ufeff", textin.Multiline, textin.ReasonInvisible},
		{"zero-width inside a word", "Willow\u200bPine", textin.Line, ""},
		{"emoji with joiner", "👩\u200d📷 Studio", textin.Line, ""},
		{"spaces only stay for trimming", "   ", textin.Line, ""},
		{"CRLF and TAB in multiline", "one\r\ntwo\tthree", textin.Multiline, ""},
		{"line separator in multiline", "a\u2028b", textin.Multiline, ""},
		{"escape in multiline", "a\x1b[31mb", textin.Multiline, textin.ReasonMultiline},
		{"bell in multiline", "a\ab", textin.Multiline, textin.ReasonMultiline},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := textin.Problem(c.in, c.kind); got != c.want {
				t.Errorf("Problem(%q) = %q, want %q", c.in, got, c.want)
			}
			if got := textin.Valid(c.in, c.kind); got != (c.want == "") {
				t.Errorf("Valid(%q) = %v", c.in, got)
			}
		})
	}
}

func TestLenCountsCharacters(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{strings.Repeat("Ñ", 70), 70},
		{strings.Repeat("日", 45), 45},
		{"abc", 3},
		{"👰🏽", 2}, // two code points
	} {
		if got := textin.Len(c.in); got != c.want {
			t.Errorf("Len(%q) = %d, want %d", c.in, got, c.want)
		}
	}
	if !textin.Bounded(strings.Repeat("Ñ", 120), textin.Line, 1, 120) {
		t.Error("120 × Ñ (240 bytes) refused by a 120-character bound")
	}
	if textin.Bounded(strings.Repeat("Ñ", 121), textin.Line, 1, 120) {
		t.Error("121 characters accepted by a 120-character bound")
	}
	if textin.Bounded("a\nb", textin.Line, 1, 120) {
		t.Error("a line break accepted in a bounded one-line field")
	}
}

type checkout struct {
	PackageID string   `json:"packageId"`
	AddOnIDs  []string `json:"addOnIds"`
	Customer  struct {
		Name  string  `json:"name"`
		Phone *string `json:"phone"`
	} `json:"customer"`
	Notes  string            `json:"notes" text:"multiline"`
	Tags   map[string]string `json:"tags"`
	Config json.RawMessage   `json:"config"`
	Skip   string            `json:"-"`
	hidden string
	Embedded
}

type Embedded struct {
	Deep string `json:"deep"`
}

func TestStructNamesEveryFieldByJSONPath(t *testing.T) {
	phone := "555\r\n0100"
	var in checkout
	in.PackageID = "ok"
	in.AddOnIDs = []string{"fine", "bad\x00"}
	in.Customer.Name = "Zoe\x00Null"
	in.Customer.Phone = &phone
	in.Notes = "line one\nline two\x00"
	in.Tags = map[string]string{"colour": "\x1b", "a\x00": "x"}
	in.Config = json.RawMessage(`{"pages":{"home":{"sections":[{"headline":"ok"},{"headline":"bad\u0000"}]}}}`)
	in.Skip = "\x00"
	in.hidden = "\x00"
	in.Deep = "a\nb"

	got := textin.Struct(&in)
	want := map[string]string{
		"addOnIds.1":                            textin.ReasonNUL,
		"customer.name":                         textin.ReasonNUL,
		"customer.phone":                        textin.ReasonLine,
		"notes":                                 textin.ReasonNUL,
		"tags.colour":                           textin.ReasonLine,
		"tags":                                  "has a key that " + textin.ReasonNUL,
		"config.pages.home.sections.1.headline": textin.ReasonNUL,
		"deep":                                  textin.ReasonLine,
	}
	if !maps.Equal(map[string]string(got), want) {
		t.Errorf("Struct =\n%v\nwant\n%v", got, want)
	}

	in = checkout{Notes: "line one\r\nline two\tend", Config: json.RawMessage(`{"content":"a\nb"}`)}
	in.Customer.Name = strings.Repeat("Ñ", 70)
	if got := textin.Struct(&in); len(got) != 0 {
		t.Errorf("clean input refused: %v", got)
	}
}

func TestJSONFindsInvalidUTF8ThatDecodingWouldHide(t *testing.T) {
	body := []byte("{\"customer\":{\"name\":\"Zo\xffe\",\"email\":\"z@example.com\"},\"addOnIds\":[\"a\",\"b\xc3\"],\"n\":1,\"k\xfe\":true}")
	got := textin.JSON(body, "", textin.Line)
	want := map[string]string{
		"customer.name": textin.ReasonUTF8,
		"addOnIds.1":    textin.ReasonUTF8,
		"body":          "has a field name that " + textin.ReasonUTF8,
	}
	if !maps.Equal(map[string]string(got), want) {
		t.Errorf("JSON =\n%v\nwant\n%v", got, want)
	}
	// Escaped NUL and escaped controls decode to the characters themselves.
	got = textin.JSON([]byte(`[{"a":"x\u0000"},"\r\n"]`), "patch", textin.Line)
	want = map[string]string{"patch.0.a": textin.ReasonNUL, "patch.1": textin.ReasonLine}
	if !maps.Equal(map[string]string(got), want) {
		t.Errorf("JSON =\n%v\nwant\n%v", got, want)
	}
	if got := textin.JSON([]byte(`{"a":"one\ntwo","b":[1,true,null,{"c":"ok"}]}`), "", textin.Multiline); len(got) != 0 {
		t.Errorf("clean JSON refused: %v", got)
	}
	// A syntax error is left to the parser.
	if got := textin.JSON([]byte(`{"a":`), "", textin.Line); len(got) != 0 {
		t.Errorf("truncated JSON reported: %v", got)
	}
}

func TestValues(t *testing.T) {
	v := url.Values{
		"name":        {"Zoe\r\nBcc: x"},
		"notes":       {"one\ntwo"},
		"phone":       {"555\x00"},
		"email":       {"ok@example.com"},
		"description": {"a\xff"},
		"bad\x00name": {"x"},
	}
	got := textin.Values("form", v, func(name string) textin.Kind {
		if name == "notes" || name == "description" {
			return textin.Multiline
		}
		return textin.Line
	})
	want := map[string]string{
		"name":        textin.ReasonLine,
		"phone":       textin.ReasonNUL,
		"description": textin.ReasonUTF8,
		"form":        "has a field name that " + textin.ReasonNUL,
	}
	if !maps.Equal(map[string]string(got), want) {
		t.Errorf("Values =\n%v\nwant\n%v", got, want)
	}
}
