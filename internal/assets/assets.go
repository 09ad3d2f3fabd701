// Package assets serves embedded static files under content-hashed URLs
// ({prefix}{hash}/{name}), so browsers may cache them for a year: a build
// that changes a file gives it a new URL.
package assets

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// Config says where a Set's files are and how they are served.
type Config struct {
	// FS and Dir locate the files; only the top level of Dir is served.
	FS  fs.FS
	Dir string
	// Prefix starts every URL, e.g. "/assets/"; the route serving the Set
	// must be Prefix+"{hash}/{name}".
	Prefix string
	// Gzip keeps a compressed copy of text-like files for clients that
	// accept it. Without it files are served by http.ServeContent, which
	// also answers range requests.
	Gzip bool
}

type asset struct {
	name  string
	hash  string
	ctype string
	body  []byte
	gz    []byte // nil when compression is off or does not pay
	// payload serves body and gz with their headers worked out once.
	payload *Payload
}

// Set is a loaded, immutable collection of assets.
type Set struct {
	prefix  string
	gzip    bool
	byName  map[string]*asset
	version string
}

// Load reads every file in cfg.Dir into memory and hashes it.
func Load(cfg Config) (*Set, error) {
	set := &Set{prefix: cfg.Prefix, gzip: cfg.Gzip, byName: map[string]*asset{}}
	entries, err := fs.ReadDir(cfg.FS, cfg.Dir)
	if err != nil {
		return nil, err
	}
	all := sha256.New()
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		body, err := fs.ReadFile(cfg.FS, path.Join(cfg.Dir, e.Name()))
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(body)
		a := &asset{name: e.Name(), hash: hex.EncodeToString(sum[:5]), body: body,
			ctype: mime.TypeByExtension(path.Ext(e.Name()))}
		if a.ctype == "" {
			a.ctype = "application/octet-stream"
		}
		if cfg.Gzip && compressible(a.ctype) {
			a.gz = gzipBytes(body, gzip.BestCompression)
		}
		a.payload = NewPayload(a.ctype, `"`+a.hash+`"`, a.body, a.gz)
		set.byName[a.name] = a
		all.Write(sum[:])
	}
	set.version = hex.EncodeToString(all.Sum(nil)[:4])
	return set, nil
}

// Version changes whenever any asset changes, so output that embeds asset
// URLs can be cached under it and never point at another build's files.
func (s *Set) Version() string { return s.version }

// URL is the cacheable address of a named asset. An unknown name is a bug
// in a template; it gets a URL under "missing/" that tests can look for.
func (s *Set) URL(name string) string {
	a, ok := s.byName[name]
	if !ok {
		return s.prefix + "missing/" + name
	}
	return s.prefix + a.hash + "/" + a.name
}

// ServeHTTP answers GET {prefix}{hash}/{name}. A stale hash (a page
// rendered by another build during a rolling deploy) still gets the file,
// but without the long cache lifetime.
func (s *Set) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a, ok := s.byName[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.PathValue("hash") == a.hash {
		w.Header()["Cache-Control"] = immutableValues
	} else {
		w.Header()["Cache-Control"] = noCacheValues
	}
	s.serve(w, r, a)
}

// Cache-Control values shared by every answer (never written to).
var (
	immutableValues = []string{"public, max-age=31536000, immutable"}
	noCacheValues   = []string{"no-cache"}
)

// ServeStable writes the named asset with a short cache lifetime, for the
// few files that must keep a stable URL (an embed script pasted into
// other sites). The name must be one of the loaded files.
func (s *Set) ServeStable(w http.ResponseWriter, r *http.Request, name string) {
	a := s.byName[name]
	w.Header().Set("Cache-Control", "public, max-age=3600")
	s.serve(w, r, a)
}

func (s *Set) serve(w http.ResponseWriter, r *http.Request, a *asset) {
	if s.gzip {
		a.payload.Serve(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("ETag", `"`+a.hash+`"`)
	http.ServeContent(w, r, a.name, time.Time{}, bytes.NewReader(a.body))
}

func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "javascript") ||
		strings.Contains(ctype, "svg") || strings.Contains(ctype, "json")
}

// gzipBytes compresses b, or returns nil when that saves too little to
// be worth a Content-Encoding.
func gzipBytes(b []byte, level int) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, level)
	zw.Write(b)
	zw.Close()
	if buf.Len() >= len(b)*9/10 {
		return nil
	}
	return buf.Bytes()
}
