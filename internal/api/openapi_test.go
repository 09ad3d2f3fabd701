package api_test

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"mais/internal/app/apptest"
	"mais/internal/httpx"
)

var wildcard = regexp.MustCompile(`\{[^}]*\}`)

// normalise writes a route as "METHOD /path/{}" whatever its wildcards are named.
func normalise(method, path string) string {
	return method + " " + wildcard.ReplaceAllString(path, "{}")
}

// registeredPatterns finds every mux.Handle/HandleFunc call under
// internal/ whose literal pattern is a /v1 or health route.
func registeredPatterns(t *testing.T) map[string]string {
	t.Helper()
	found := map[string]string{} // normalised → "file: pattern"
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		file, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) < 2 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "Handle" && sel.Sel.Name != "HandleFunc") {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			pattern, _ := strconv.Unquote(lit.Value)
			method, path, ok := strings.Cut(pattern, " ")
			if !ok || !(strings.HasPrefix(path, "/v1/") || strings.HasPrefix(path, "/health")) {
				return true
			}
			found[normalise(method, path)] = path + " in " + fset.Position(lit.Pos()).String()
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

type openAPIDoc struct {
	OpenAPI    string                                `json:"openapi"`
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas   map[string]json.RawMessage `json:"schemas"`
		Responses map[string]json.RawMessage `json:"responses"`
	} `json:"components"`
}

func TestOpenAPIMatchesTheRoutes(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, "sqlite", nil)
	r := apptest.Do(t, a.Handler(), "GET", "/v1/openapi.json", nil, "")
	apptest.Expect(t, "openapi.json", r, 200, "")
	var doc openAPIDoc
	r.JSON(t, &doc)
	if doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi = %q", doc.OpenAPI)
	}

	mux := httpx.NewMux(httpx.MuxConfig{})
	a.API.Register(mux)
	documented := map[string]bool{}
	operationIDs := map[string]string{}
	for path, item := range doc.Paths {
		for method, raw := range item {
			m := strings.ToUpper(method)
			key := normalise(m, path)
			documented[key] = true
			var o struct {
				OperationID string                      `json:"operationId"`
				Responses   map[string]json.RawMessage  `json:"responses"`
				Parameters  []struct{ Name, In string } `json:"parameters"`
			}
			if err := json.Unmarshal(raw, &o); err != nil {
				t.Fatalf("%s: %v", key, err)
			}
			if prev, dup := operationIDs[o.OperationID]; dup || o.OperationID == "" {
				t.Errorf("%s: operationId %q empty or also used by %s", key, o.OperationID, prev)
			}
			operationIDs[o.OperationID] = key
			if len(o.Responses) == 0 {
				t.Errorf("%s: no responses", key)
			}
			for _, w := range wildcard.FindAllString(path, -1) {
				name := strings.Trim(w, "{}")
				ok := false
				for _, p := range o.Parameters {
					ok = ok || (p.In == "path" && p.Name == name)
				}
				if !ok {
					t.Errorf("%s: path parameter %s is not described", key, name)
				}
			}
			// Every documented route exists: the mux routes a request of
			// that shape to a pattern of that shape.
			req := httptest.NewRequest(m, wildcard.ReplaceAllString(path, "x1"), nil)
			_, pattern := mux.Handler(req)
			gotMethod, gotPath, _ := strings.Cut(pattern, " ")
			if pattern == "" || normalise(gotMethod, gotPath) != key {
				t.Errorf("documented but not served: %s (mux matched %q)", key, pattern)
			}
		}
	}

	// Every registered route is documented, and really registered.
	var missing []string
	for key, where := range registeredPatterns(t) {
		if !documented[key] {
			missing = append(missing, key+" ("+where+")")
		}
		method, path, _ := strings.Cut(key, " ")
		req := httptest.NewRequest(method, strings.ReplaceAll(path, "{}", "x1"), nil)
		if _, pattern := mux.Handler(req); pattern == "" {
			t.Errorf("%s is in the source but the server does not route it", key)
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("served but not in the OpenAPI document (add it to apiOperations): %s", m)
	}

	// Every $ref points at a component.
	refs := regexp.MustCompile(`"\$ref":"#/components/(schemas|responses)/([^"]+)"`).FindAllStringSubmatch(string(r.Body), -1)
	if len(refs) == 0 {
		t.Fatal("no $ref found; the check below would prove nothing")
	}
	for _, m := range refs {
		var ok bool
		if m[1] == "schemas" {
			_, ok = doc.Components.Schemas[m[2]]
		} else {
			_, ok = doc.Components.Responses[m[2]]
		}
		if !ok {
			t.Errorf("dangling $ref %s/%s", m[1], m[2])
		}
	}
}
