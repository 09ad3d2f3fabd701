package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/testclock"
	"mais/internal/textin"
)

// badText is what the route table sends where text is expected: the JSON
// spelling (for bodies) and the URL spelling (for paths and queries).
var badText = []struct{ name, json, url string }{
	{"NUL", `"a\u0000b"`, "a%00b"},
	{"invalid UTF-8", "\"a\xffb\"", "a%FFb"},
	{"CRLF", `"a\r\nBcc: x@example.com"`, "a%0D%0ABcc:x"},
}

// TestEveryRouteRefusesTextThatIsNotText sends NUL, invalid UTF-8 and CRLF
// in every string of every documented request body, in every path
// parameter and in every query parameter of every route the server
// registers, authenticated as the route requires. The answer is always the
// route's 400 or 404, never a 5xx and never a success: no route lets these
// bytes reach the store (docs/API.md §3, "Text input").
func TestEveryRouteRefusesTextThatIsNotText(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newAdminFixture(t, a)
		_, agentKey, err := a.SiteConfig.CreateAgent(context.Background(), f.a.Tenant.ID, "bot")
		if err != nil {
			t.Fatal(err)
		}
		var doc servedDoc
		apptest.Do(t, f.h, "GET", "/v1/openapi.json", nil, "").JSON(t, &doc)
		routes := registeredPatterns(t)
		if len(routes) < 40 {
			t.Fatalf("only %d routes found", len(routes))
		}
		peer := 0
		send := func(method, target string, header map[string]string, body []byte) apptest.Reply {
			peer++ // a fresh address each time: the per-IP limits are not under test
			return doFrom(t, f.h, fmt.Sprintf("10.9.%d.%d:4000", peer/250, peer%250), method, target, header, string(body))
		}
		keys := make([]string, 0, len(routes))
		for k := range routes {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, key := range keys {
			method, path, _ := strings.Cut(key, " ")
			o, ok := doc.operation(method, path)
			if !ok { // TestOpenAPIMatchesTheRoutes reports it; its path and query are still checked
				o = servedOp{Security: []map[string][]string{{"bearerAuth": nil}}}
			}
			header := map[string]string{"X-Tenant-Key": f.a.Keys.Public}
			switch {
			case o.has("agentKey"):
				header["Authorization"] = "Bearer " + agentKey
			case o.has("bearerAuth") && o.roles("PLATFORM_ADMIN"):
				header["Authorization"] = "Bearer " + f.platform
			case o.has("bearerAuth"):
				header["Authorization"] = "Bearer " + f.alpha
			}
			for _, bad := range badText {
				check := func(what, target string, body []byte) {
					t.Helper()
					r := send(method, target, header, body)
					if r.Status != http.StatusBadRequest && r.Status != http.StatusNotFound {
						t.Errorf("%s with %s in %s: %d %s, want 400 or 404", key, bad.name, what, r.Status, r.Body)
					}
				}
				filled := strings.ReplaceAll(path, "{}", "x1")
				if o.Body != nil {
					body := doc.fill(o.Body, 0)
					raw, _ := json.Marshal(body)
					// A body of numbers and booleans only has no text to spoil.
					if bytes.Contains(raw, []byte(`"@BAD@"`)) {
						check("every body string", filled, bytes.ReplaceAll(raw, []byte(`"@BAD@"`), []byte(bad.json)))
					}
				}
				if strings.Contains(path, "{}") {
					check("the path parameters", strings.ReplaceAll(path, "{}", bad.url), nil)
				} else {
					check("the path", path+"/"+bad.url, nil)
				}
				names := []string{"x"}
				for _, p := range o.Parameters {
					if p.In == "query" {
						names = append(names, p.Name)
					}
				}
				for _, n := range names {
					check("query "+n, filled+"?"+n+"="+bad.url, nil)
				}
			}
		}
	})
}

// servedDoc is the part of /v1/openapi.json the route table needs.
type servedDoc struct {
	Paths      map[string]map[string]servedOp `json:"paths"`
	Components struct {
		Schemas map[string]map[string]any `json:"schemas"`
	} `json:"components"`
}

type servedOp struct {
	Security    []map[string][]string `json:"security"`
	Roles       []string              `json:"x-roles"`
	Parameters  []struct{ Name, In string }
	RequestBody *struct {
		Content map[string]struct {
			Schema map[string]any `json:"schema"`
		} `json:"content"`
	} `json:"requestBody"`
	Body map[string]any `json:"-"`
}

// operation finds the documented operation of a normalised route.
func (d servedDoc) operation(method, path string) (servedOp, bool) {
	for p, item := range d.Paths {
		if normalise(method, p) != method+" "+path {
			continue
		}
		o, ok := item[strings.ToLower(method)]
		if ok && o.RequestBody != nil {
			o.Body = o.RequestBody.Content["application/json"].Schema
		}
		return o, ok
	}
	return servedOp{}, false
}

func (o servedOp) has(scheme string) bool {
	for _, s := range o.Security {
		if _, ok := s[scheme]; ok {
			return true
		}
	}
	return false
}

func (o servedOp) roles(role string) bool {
	return len(o.Roles) == 1 && o.Roles[0] == role
}

// fill builds a value of schema s with the marker "@BAD@" in every string.
func (d servedDoc) fill(s map[string]any, depth int) any {
	if depth > 12 {
		return nil
	}
	if r, ok := s["$ref"].(string); ok {
		return d.fill(d.Components.Schemas[strings.TrimPrefix(r, "#/components/schemas/")], depth+1)
	}
	if alts, ok := s["anyOf"].([]any); ok && len(alts) > 0 {
		return d.fill(alts[0].(map[string]any), depth+1)
	}
	if alts, ok := s["oneOf"].([]any); ok && len(alts) > 0 {
		return d.fill(alts[0].(map[string]any), depth+1)
	}
	switch s["type"] {
	case "object":
		out := map[string]any{}
		props, _ := s["properties"].(map[string]any)
		for name, p := range props {
			if v := d.fill(p.(map[string]any), depth+1); v != nil {
				out[name] = v
			}
		}
		if len(props) == 0 {
			out["x"] = "@BAD@"
		}
		return out
	case "array":
		items, _ := s["items"].(map[string]any)
		if v := d.fill(items, depth+1); v != nil {
			return []any{v}
		}
		return nil
	case "string", nil:
		if _, enum := s["enum"]; enum {
			return nil
		}
		return "@BAD@"
	default:
		return nil
	}
}

// TestCheckoutRefusesTextThatIsNotText is the tester's report: a NUL in the
// customer's name, notes or phone gave 500 on PostgreSQL, and a line break
// in the name forged a line in the plain-text e-mail. Each is a 400 naming
// the field; line breaks in the notes are kept.
func TestCheckoutRefusesTextThatIsNotText(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newFixture(t, a)
		h := a.Handler()
		key := map[string]string{"X-Tenant-Key": f.a.Keys.Public}
		day := 30
		body := func(name, phone, notes string) string {
			day++
			return `{"packageId":"classic","date":"` + testclock.DaysAhead(a.Now(), f.a.Tenant.Location(), day) +
				`","customer":{"name":` + name + `,"email":"zoe` + fmt.Sprint(day) + `@example.com","phone":` + phone + `},"notes":` + notes + `}`
		}
		for _, c := range []struct {
			name, body, field, why string
		}{
			{"NUL in name", body(`"Zoe\u0000Null"`, `""`, `""`), "customer.name", textin.ReasonNUL},
			{"NUL in phone", body(`"Zoe"`, `"555\u00000100"`, `""`), "customer.phone", textin.ReasonNUL},
			{"NUL in notes", body(`"Zoe"`, `""`, `"a\u0000b"`), "notes", textin.ReasonNUL},
			{"invalid UTF-8 in name", body("\"Zo\xffe\"", `""`, `""`), "customer.name", textin.ReasonUTF8},
			{"invalid UTF-8 in notes", body(`"Zoe"`, `""`, "\"\xc3\""), "notes", textin.ReasonUTF8},
			{"line break in name", body(`"Zoe\r\nPaid: yes"`, `""`, `""`), "customer.name", textin.ReasonLine},
			{"line break in phone", body(`"Zoe"`, `"555\n0100"`, `""`), "customer.phone", textin.ReasonLine},
			{"escape in notes", body(`"Zoe"`, `""`, `"\u001b[2J"`), "notes", textin.ReasonMultiline},
			{"right-to-left override in name", body(`"Zoe \u202Egnp.exe"`, `""`, `""`), "customer.name", textin.ReasonBidi},
			{"invisible name", body(`"\u200b"`, `""`, `""`), "customer.name", textin.ReasonInvisible},
		} {
			t.Run(c.name, func(t *testing.T) {
				r := apptest.Do(t, h, "POST", "/v1/bookings/checkout", key, c.body)
				apptest.Expect(t, c.name, r, 400, "VALIDATION_ERROR")
				var e struct{ Fields map[string]string }
				r.JSON(t, &e)
				if e.Fields[c.field] != c.why || len(e.Fields) != 1 {
					t.Errorf("fields = %v, want %s: %s", e.Fields, c.field, c.why)
				}
			})
		}
		r := apptest.Do(t, h, "POST", "/v1/bookings/checkout", key, body(`"`+strings.Repeat("Ñ", 70)+`"`, `"+1 555 0100"`, `"First line\r\nSecond line\tend"`))
		apptest.Expect(t, "clean checkout with multi-line notes", r, 200, "")
	})
}

// TestTenantNamesAreCountedInCharacters: 70 × "Ñ" is 140 bytes but 70
// characters, within the 120-character bound; 121 characters are not.
func TestTenantNamesAreCountedInCharacters(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newAdminFixture(t, a)
		create := func(slug, name string) apptest.Reply {
			return f.as(f.platform, "POST", "/v1/admin/tenants",
				`{"slug":"`+slug+`","name":"`+name+`","email":"owner@`+slug+`.example","password":"long-enough"}`)
		}
		r := create("enye", strings.Repeat("Ñ", 70))
		apptest.Expect(t, "70 × Ñ", r, 201, "")
		var c struct{ ID, Name string }
		r.JSON(t, &c)
		if c.Name != strings.Repeat("Ñ", 70) {
			t.Errorf("name stored as %q", c.Name)
		}
		apptest.Expect(t, "45 Japanese characters", create("kyoto", strings.Repeat("京", 45)), 201, "")
		apptest.Expect(t, "120 characters", create("long", strings.Repeat("Ñ", 120)), 201, "")
		for name, body := range map[string]string{
			"121 characters": strings.Repeat("Ñ", 121),
			"NUL":            `Zoe\u0000Studio`,
			"line break":     `Zoe\nStudio`,
		} {
			r := create("refused", body)
			apptest.Expect(t, name, r, 400, "VALIDATION_ERROR")
			if !bytes.Contains(r.Body, []byte(`"name"`)) {
				t.Errorf("%s: %s does not name the field", name, r.Body)
			}
			r = f.as(f.platform, "PATCH", "/v1/admin/tenants/"+c.ID, `{"name":"`+body+`"}`)
			apptest.Expect(t, name+" (update)", r, 400, "VALIDATION_ERROR")
		}
		apptest.Expect(t, "update to 120 characters", f.as(f.platform, "PATCH", "/v1/admin/tenants/"+c.ID,
			`{"name":"`+strings.Repeat("日", 120)+`"}`), 200, "")
	})
}
