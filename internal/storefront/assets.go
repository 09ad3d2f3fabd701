package storefront

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

//go:embed assets
var assetFiles embed.FS

// asset is one embedded static file, kept in memory with its gzip form.
type asset struct {
	name  string
	hash  string
	ctype string
	body  []byte
	gz    []byte // nil when compression does not pay
}

// assetSet serves embedded files under content-hashed URLs
// (/assets/{hash}/{name}), so they can be cached for a year: a new build
// with a changed file gets a new URL.
type assetSet struct {
	byName map[string]*asset
	// version changes whenever any asset changes; rendered pages are cached
	// under it so a page never points at another build's asset URLs.
	version string
}

func loadAssets() (*assetSet, error) {
	set := &assetSet{byName: map[string]*asset{}}
	entries, err := fs.ReadDir(assetFiles, "assets")
	if err != nil {
		return nil, err
	}
	all := sha256.New()
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		body, err := assetFiles.ReadFile("assets/" + e.Name())
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(body)
		a := &asset{name: e.Name(), hash: hex.EncodeToString(sum[:5]), body: body,
			ctype: mime.TypeByExtension(path.Ext(e.Name()))}
		if a.ctype == "" {
			a.ctype = "application/octet-stream"
		}
		if compressible(a.ctype) {
			a.gz = gzipBytes(body, gzip.BestCompression)
		}
		set.byName[a.name] = a
		all.Write(sum[:])
	}
	set.version = hex.EncodeToString(all.Sum(nil)[:4])
	return set, nil
}

func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "javascript") ||
		strings.Contains(ctype, "svg") || strings.Contains(ctype, "json")
}

// URL is the cacheable address of a named asset. An unknown name is a bug
// in a template; tests render every template, so it cannot ship.
func (s *assetSet) URL(name string) string {
	a, ok := s.byName[name]
	if !ok {
		return "/assets/missing/" + name
	}
	return "/assets/" + a.hash + "/" + a.name
}

// ServeHTTP answers GET /assets/{hash}/{name}. A stale hash (a page
// rendered by another build during a rolling deploy) still gets the file,
// but without the long cache lifetime.
func (s *assetSet) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a, ok := s.byName[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	if r.PathValue("hash") == a.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	serveBytes(w, r, a.ctype, `"`+a.hash+`"`, a.body, a.gz)
}

// serveStable writes the named asset with a short cache lifetime, for the
// few files that must keep a stable URL (the widget embed script).
func (s *assetSet) serveStable(w http.ResponseWriter, r *http.Request, name string) {
	a := s.byName[name]
	w.Header().Set("Cache-Control", "public, max-age=3600")
	serveBytes(w, r, a.ctype, `"`+a.hash+`"`, a.body, a.gz)
}

// serveBytes writes a body, gzipped when the client accepts it, answering
// 304 when the client already has this version.
func serveBytes(w http.ResponseWriter, r *http.Request, ctype, etag string, body, gz []byte) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("ETag", etag)
	h.Add("Vary", "Accept-Encoding")
	if etagMatch(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if gz != nil && acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body = gz
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

func etagMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t), "W/"))
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		if q, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(q, 64); err == nil && f == 0 {
				return false
			}
		}
		return true
	}
	return false
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
