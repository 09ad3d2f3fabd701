package view

import (
	"html/template"
	"strings"
	"testing"
	"testing/fstest"
)

func testFS() fstest.MapFS {
	return fstest.MapFS{
		"t/layout.html":   {Data: []byte(`{{define "layout"}}<p>{{template "body" .}}</p>{{end}}`)},
		"t/hello.html":    {Data: []byte(`{{define "body"}}{{up .}}{{template "sig"}}{{end}}`)},
		"t/partials.html": {Data: []byte(`{{define "sig"}}!{{end}}`)},
	}
}

func cfg(fsys fstest.MapFS, pages map[string]Page) Config {
	return Config{Name: "test", FS: fsys, Dir: "t", Shared: []string{"partials.html"}, Pages: pages,
		Funcs: template.FuncMap{"up": strings.ToUpper}}
}

func TestParseAndRender(t *testing.T) {
	s, err := Parse(cfg(testFS(), map[string]Page{"hello": {"layout", []string{"layout.html", "hello.html"}}}))
	if err != nil {
		t.Fatal(err)
	}
	out, err := s.Render("hello", "<b>")
	if err != nil || string(out) != "<p>&lt;B&gt;!</p>" {
		t.Fatalf("render = %q, %v", out, err)
	}
	if _, err := s.Render("nope", nil); err == nil {
		t.Error("an unknown page rendered")
	}
}

// TestStartUpErrors: every way a page set can be broken is found by Parse.
func TestStartUpErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		fsys  fstest.MapFS
		pages map[string]Page
		want  string
	}{
		"missing file": {testFS(), map[string]Page{"hello": {"layout", []string{"layout.html", "hello.html", "gone.html"}}}, "parse page hello"},
		"no root":      {testFS(), map[string]Page{"hello": {"page", []string{"layout.html", "hello.html"}}}, `defines no template "page"`},
		"orphan file":  {testFS(), map[string]Page{"bare": {"layout", []string{"layout.html"}}}, "t/hello.html belongs to no page"},
	} {
		_, err := Parse(cfg(tc.fsys, tc.pages))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", name, err, tc.want)
		}
	}
}
