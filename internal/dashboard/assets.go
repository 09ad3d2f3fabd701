package dashboard

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"time"
)

//go:embed assets
var assetFiles embed.FS

type asset struct {
	name  string
	hash  string
	ctype string
	body  []byte
}

// assetSet serves the dashboard's embedded files under content-hashed URLs
// (/admin/assets/{hash}/{name}), cacheable for a year: a changed file gets
// a new URL.
type assetSet struct {
	byName map[string]*asset
}

func loadAssets() (*assetSet, error) {
	set := &assetSet{byName: map[string]*asset{}}
	entries, err := fs.ReadDir(assetFiles, "assets")
	if err != nil {
		return nil, err
	}
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
		set.byName[a.name] = a
	}
	return set, nil
}

// URL is the address of a named asset. Templates that name a missing asset
// fail the start-up check in parsePages.
func (s *assetSet) URL(name string) string {
	a, ok := s.byName[name]
	if !ok {
		return "/admin/assets/missing/" + name
	}
	return "/admin/assets/" + a.hash + "/" + a.name
}

// ServeHTTP answers GET /admin/assets/{hash}/{name}. A stale hash (a page
// of another build during a rolling deploy) still gets the file, without
// the long cache lifetime.
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
	h.Set("Content-Type", a.ctype)
	h.Set("ETag", `"`+a.hash+`"`)
	http.ServeContent(w, r, a.name, time.Time{}, bytes.NewReader(a.body))
}
