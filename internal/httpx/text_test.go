package httpx_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"mais/internal/apperr"
	"mais/internal/httpx"
	"mais/internal/textin"
)

// body is a request body with every shape Decode meets in MAIS: one-line
// and multi-line strings, pointers, slices, nested objects, a raw document
// and free-form values.
type body struct {
	Name     string   `json:"name"`
	Tags     []string `json:"tags"`
	Customer *struct {
		Phone string `json:"phone"`
	} `json:"customer"`
	Notes string          `json:"notes" text:"multiline"`
	Doc   json.RawMessage `json:"doc"`
	Any   map[string]any  `json:"any"`
}

func TestDecodeBytesRefusesTextThatIsNotText(t *testing.T) {
	for _, c := range []struct {
		name string
		in   string
		want map[string]string // nil: accepted
	}{
		{"clean", `{"name":"Zoë 日本","notes":"one\r\ntwo\tthree","tags":["a"],"customer":{"phone":"+1 555"}}`, nil},
		{"70 Ñ", `{"name":"` + strings.Repeat("Ñ", 70) + `"}`, nil},
		{"escaped NUL in a name", `{"name":"Zoe\u0000Null"}`, map[string]string{"name": textin.ReasonNUL}},
		{"escaped NUL in notes", `{"notes":"a\u0000"}`, map[string]string{"notes": textin.ReasonNUL}},
		{"NUL in nested phone", `{"customer":{"phone":"1\u0000"}}`, map[string]string{"customer.phone": textin.ReasonNUL}},
		{"CRLF in a name", `{"name":"Zoe\r\nBcc: x@example.com"}`, map[string]string{"name": textin.ReasonLine}},
		{"CRLF in notes is fine", `{"notes":"Zoe\r\nNull"}`, nil},
		{"escape char in notes", `{"notes":"\u001b[2J"}`, map[string]string{"notes": textin.ReasonMultiline}},
		{"raw invalid UTF-8 in a name", "{\"name\":\"Zo\xffe\"}", map[string]string{"name": textin.ReasonUTF8}},
		{"raw invalid UTF-8 in an array", "{\"tags\":[\"ok\",\"\xc3\"]}", map[string]string{"tags.1": textin.ReasonUTF8}},
		{"raw invalid UTF-8 in notes", "{\"notes\":\"a\xed\xa0\x80\"}", map[string]string{"notes": textin.ReasonUTF8}},
		{"NUL inside a raw document", `{"doc":{"pages":[{"title":"x\u0000"}]}}`, map[string]string{"doc.pages.0.title": textin.ReasonNUL}},
		{"invalid UTF-8 inside a raw document", "{\"doc\":{\"t\":\"\xff\"}}", map[string]string{"doc.t": textin.ReasonUTF8}},
		{"NUL in a free-form value", `{"any":{"k":["\u0000"]}}`, map[string]string{"any.k.0": textin.ReasonNUL}},
		{"NUL in a free-form key", `{"any":{"k\u0000":1}}`, map[string]string{"any": "has a key that " + textin.ReasonNUL}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var dst body
			err := httpx.DecodeBytes([]byte(c.in), &dst)
			if c.want == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var e *apperr.Error
			if !asAppErr(err, &e) || e.Code != apperr.CodeValidation {
				t.Fatalf("err = %v, want VALIDATION_ERROR", err)
			}
			if !maps.Equal(e.Fields, c.want) {
				t.Errorf("fields = %v, want %v", e.Fields, c.want)
			}
		})
	}
}

func TestDecodeThroughHTTP(t *testing.T) {
	decode := func(b string, limit int64) error {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(b))
		var dst body
		return httpx.Decode(httptest.NewRecorder(), r, limit, &dst)
	}
	if err := decode(`{"name":"Zoe\u0000"}`, 0); apperr.Code(err) != apperr.CodeValidation {
		t.Errorf("NUL: %v", err)
	}
	if err := decode(`{"name":"`+strings.Repeat("a", 100)+`"}`, 50); apperr.Code(err) != apperr.CodePayloadTooLarge {
		t.Errorf("too large: %v", err)
	}
	if err := decode(`{"name":"a"} {}`, 0); apperr.Code(err) != apperr.CodeValidation {
		t.Errorf("two objects: %v", err)
	}
	if err := decode(`{"name":"a"}`, 0); err != nil {
		t.Errorf("clean: %v", err)
	}
}

func asAppErr(err error, e **apperr.Error) bool {
	ae, ok := err.(*apperr.Error)
	*e = ae
	return ok
}

// FuzzDecode feeds arbitrary bytes to the JSON decoder every handler uses.
// Whatever comes in, the answer is a client error or a value whose text is
// text: no NUL anywhere, no control character in a one-line field, no
// invalid UTF-8 that encoding/json would have papered over with U+FFFD.
//
//	go test ./internal/httpx -run '^$' -fuzz FuzzDecode -fuzztime 20s
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		`{"name":"Zoe","notes":"a\nb","tags":["x"],"customer":{"phone":"1"}}`,
		`{"name":"Zoe\u0000Null"}`,
		`{"notes":"\u0000"}`,
		`{"customer":{"phone":"555\r\n0100"}}`,
		"{\"name\":\"\xff\"}",
		"{\"tags\":[\"\xc3\",\"\xed\xa0\x80\"]}",
		`{"name":"\ud800"}`,
		`{"name":"\u2028"}`,
		`{"doc":{"pages":[{"title":"x\u0000"}]},"any":{"k":[1,"\u001b"]}}`,
		"{\"doc\":[\"\xfe\"]}",
		`{"any":{"\u0000":null}}`,
		`{"name":"a"}  `,
		`[]`,
		`{"name":1}`,
		``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var dst body
		err := httpx.DecodeBytes(in, &dst)
		if err != nil {
			var e *apperr.Error
			if !asAppErr(err, &e) || httpx.Status(e.Code) >= 500 {
				t.Fatalf("DecodeBytes(%q) = %v, want a client error", in, err)
			}
			return
		}
		if !utf8.Valid(in) {
			t.Fatalf("accepted a body that is not UTF-8: %q", in)
		}
		line := marshal([]any{dst.Name, dst.Tags, dst.Customer})
		for _, bad := range []string{`\u00`, `\n`, `\r`, `\t`, `\b`, `\f`, "\x7f", `\u2028`, `\u2029`} {
			if bytes.Contains(line, []byte(bad)) {
				t.Fatalf("one-line field holds %q after accepting %q: %s", bad, in, line)
			}
		}
		var doc any
		if len(dst.Doc) > 0 && json.Unmarshal(dst.Doc, &doc) != nil {
			t.Fatalf("accepted a raw document that does not parse: %q", dst.Doc)
		}
		all := marshal([]any{dst.Notes, doc, dst.Any})
		if bytes.Contains(all, []byte(`\u0000`)) {
			t.Fatalf("NUL kept after accepting %q: %s", in, all)
		}
	})
}

// marshal encodes v without HTML escaping, so that every \u00XX escape in
// the output is a control character.
func marshal(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	return buf.Bytes()
}

func TestCheckURL(t *testing.T) {
	var reached bool
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached = true
		w.WriteHeader(http.StatusNoContent)
	})
	m := httpx.NewMux(httpx.MuxConfig{})
	m.Fallback("/v1/", httpx.Policy{JSON: true}, ok)
	m.Fallback("/health/", httpx.Policy{JSON: true}, ok)
	m.Fallback("/", httpx.Policy{}, ok)
	h := httpx.Edge(httpx.EdgeConfig{}, m)
	for _, c := range []struct {
		target string
		status int
		field  string // JSON routes: the field named
	}{
		{"/v1/packages/classic?x=%C3%91", http.StatusNoContent, ""},
		{"/t/studio/packages/" + url.PathEscape("Ñandú"), http.StatusNoContent, ""},
		{"/v1/packages/a%00b", http.StatusBadRequest, "path"},
		{"/v1/packages/a%FFb", http.StatusBadRequest, "path"},
		{"/v1/packages/a%0D%0Ab", http.StatusBadRequest, "path"},
		{"/v1/availability?date=2028-11-04%00", http.StatusBadRequest, "date"},
		{"/v1/availability?date=%FF", http.StatusBadRequest, "date"},
		{"/v1/admin/bookings?status=PAID%0D%0AX", http.StatusBadRequest, "status"},
		{"/v1/admin/bookings?sta%00tus=PAID", http.StatusBadRequest, "query"},
		{"/health/ready?x=%00", http.StatusBadRequest, "x"},
		{"/t/studio%00", http.StatusBadRequest, ""},
		{"/admin/login?next=/admin%0D%0ASet-Cookie:x", http.StatusBadRequest, ""},
	} {
		t.Run(c.target, func(t *testing.T) {
			reached = false
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, c.target, nil))
			if rec.Code != c.status || reached != (c.status == http.StatusNoContent) {
				t.Fatalf("status %d (handler reached: %v), want %d", rec.Code, reached, c.status)
			}
			if c.field == "" {
				return
			}
			var e httpx.ErrorBody
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error != apperr.CodeValidation || e.Fields[c.field] == "" {
				t.Errorf("body %s (%v), want VALIDATION_ERROR naming %s", rec.Body, err, c.field)
			}
		})
	}
}
