// Package view loads the HTML templates of the storefront and the
// dashboard. Each surface names its pages explicitly (page → root template
// and the files parsed with it); Parse parses every page once, at start-up,
// so a missing file, a page whose root template is not defined, a template
// file no page uses, or a syntax error stops the process before it serves
// anything, and rendering never parses.
package view

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"sync"
)

// Page is one renderable page: the template executed (Root) and the files
// parsed for it, relative to the templates directory.
type Page struct {
	Root  string
	Files []string
}

// Config is what Parse needs.
type Config struct {
	// Name prefixes errors ("storefront", "dashboard").
	Name string
	// FS holds the templates under Dir.
	FS  fs.FS
	Dir string
	// Shared files are parsed with every page (small partials).
	Shared []string
	Pages  map[string]Page
	Funcs  template.FuncMap
}

// Set is a parsed set of pages, safe for concurrent use.
type Set struct {
	name  string
	pages map[string]*template.Template
	roots map[string]string
	bufs  sync.Pool
}

// Parse parses every page of cfg.
func Parse(cfg Config) (*Set, error) {
	s := &Set{name: cfg.Name, pages: map[string]*template.Template{}, roots: map[string]string{}}
	s.bufs.New = func() any { return new(bytes.Buffer) }
	used := map[string]bool{}
	for name, p := range cfg.Pages {
		files := append(slices.Clone(cfg.Shared), p.Files...)
		paths := make([]string, len(files))
		for i, f := range files {
			paths[i] = path.Join(cfg.Dir, f)
			used[paths[i]] = true
		}
		t, err := template.New(name).Funcs(cfg.Funcs).ParseFS(cfg.FS, paths...)
		if err != nil {
			return nil, fmt.Errorf("%s: parse page %s: %w", cfg.Name, name, err)
		}
		if t.Lookup(p.Root) == nil {
			return nil, fmt.Errorf("%s: page %s defines no template %q", cfg.Name, name, p.Root)
		}
		s.pages[name], s.roots[name] = t, p.Root
	}
	all, err := fs.Glob(cfg.FS, path.Join(cfg.Dir, "*.html"))
	if err != nil {
		return nil, fmt.Errorf("%s: list templates: %w", cfg.Name, err)
	}
	for _, f := range all {
		if !used[f] {
			return nil, fmt.Errorf("%s: template %s belongs to no page", cfg.Name, f)
		}
	}
	return s, nil
}

// Render executes page name with data and returns a fresh copy of the
// output. An unknown page is an error (a programming error the tests of
// each surface catch by rendering every page).
func (s *Set) Render(name string, data any) ([]byte, error) {
	t, ok := s.pages[name]
	if !ok {
		return nil, fmt.Errorf("%s: no page %q", s.name, name)
	}
	buf := s.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer s.bufs.Put(buf)
	if err := t.ExecuteTemplate(buf, s.roots[name], data); err != nil {
		return nil, fmt.Errorf("%s: render %s: %w", s.name, name, err)
	}
	return bytes.Clone(buf.Bytes()), nil
}
