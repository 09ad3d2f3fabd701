package assets_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"mais/internal/assets"
)

var css = strings.Repeat("body { color: #333; margin: 0; }\n", 50)

func testFS() fstest.MapFS {
	return fstest.MapFS{
		"static/site.css":     {Data: []byte(css)},
		"static/logo.png":     {Data: []byte("\x89PNG not really")},
		"static/blob":         {Data: []byte("raw bytes")},
		"static/sub/skip.css": {Data: []byte("ignored")},
	}
}

func load(t *testing.T, gzip bool) *assets.Set {
	t.Helper()
	set, err := assets.Load(assets.Config{FS: testFS(), Dir: "static", Prefix: "/x/assets/", Gzip: gzip})
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// serve routes a request the way the packages using a Set do.
func serve(set *assets.Set, target string, header ...string) *httptest.ResponseRecorder {
	mux := http.NewServeMux()
	mux.Handle("GET /x/assets/{hash}/{name}", set)
	r := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	return w
}

func TestURL(t *testing.T) {
	set := load(t, false)
	url := set.URL("site.css")
	if !regexp.MustCompile(`^/x/assets/[0-9a-f]{10}/site\.css$`).MatchString(url) {
		t.Errorf("URL = %q", url)
	}
	if got, want := set.URL("nope.js"), "/x/assets/missing/nope.js"; got != want {
		t.Errorf("missing URL = %q, want %q", got, want)
	}
	if got := set.URL("skip.css"); !strings.Contains(got, "/missing/") {
		t.Errorf("a file in a subdirectory was loaded: %q", got)
	}
}

func TestHashAndVersionFollowContent(t *testing.T) {
	a := load(t, false)
	fsys := testFS()
	fsys["static/site.css"] = &fstest.MapFile{Data: []byte(css + "p {}\n")}
	b, err := assets.Load(assets.Config{FS: fsys, Dir: "static", Prefix: "/x/assets/"})
	if err != nil {
		t.Fatal(err)
	}
	if a.URL("site.css") == b.URL("site.css") {
		t.Error("changed file kept its URL")
	}
	if a.URL("logo.png") != b.URL("logo.png") {
		t.Error("unchanged file got a new URL")
	}
	if a.Version() == b.Version() || a.Version() == "" {
		t.Errorf("versions %q and %q", a.Version(), b.Version())
	}
}

func TestServe(t *testing.T) {
	for _, gzip := range []bool{false, true} {
		set := load(t, gzip)
		tests := []struct {
			name, target        string
			code                int
			cacheControl, ctype string
		}{
			{"current hash", set.URL("site.css"), 200, "public, max-age=31536000, immutable", "text/css; charset=utf-8"},
			{"stale hash", "/x/assets/0000000000/site.css", 200, "no-cache", "text/css; charset=utf-8"},
			{"image", set.URL("logo.png"), 200, "public, max-age=31536000, immutable", "image/png"},
			{"no extension", set.URL("blob"), 200, "public, max-age=31536000, immutable", "application/octet-stream"},
			{"unknown name", "/x/assets/0000000000/nope.css", 404, "", ""},
		}
		for _, tt := range tests {
			w := serve(set, tt.target)
			if got, want := w.Code, tt.code; got != want {
				t.Errorf("gzip=%v %s: status %d, want %d", gzip, tt.name, got, want)
				continue
			}
			if tt.code != 200 {
				continue
			}
			if got, want := w.Header().Get("Cache-Control"), tt.cacheControl; got != want {
				t.Errorf("gzip=%v %s: Cache-Control %q, want %q", gzip, tt.name, got, want)
			}
			if got, want := w.Header().Get("Content-Type"), tt.ctype; got != want {
				t.Errorf("gzip=%v %s: Content-Type %q, want %q", gzip, tt.name, got, want)
			}
		}

		etag := serve(set, set.URL("site.css")).Header().Get("ETag")
		if etag == "" {
			t.Fatalf("gzip=%v: no ETag", gzip)
		}
		if got, want := serve(set, set.URL("site.css"), "If-None-Match", etag).Code, http.StatusNotModified; got != want {
			t.Errorf("gzip=%v: If-None-Match status %d, want %d", gzip, got, want)
		}
	}
}

func TestServeGzip(t *testing.T) {
	tests := []struct {
		name           string
		gzip           bool
		file, accept   string
		wantCompressed bool
	}{
		{"text when accepted", true, "site.css", "br, gzip", true},
		{"refused with q=0", true, "site.css", "gzip;q=0", false},
		{"not accepted", true, "site.css", "", false},
		{"binary file", true, "logo.png", "gzip", false},
		{"compression off", false, "site.css", "gzip", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := load(t, tt.gzip)
			w := serve(set, set.URL(tt.file), "Accept-Encoding", tt.accept)
			if got, want := w.Header().Get("Content-Encoding") == "gzip", tt.wantCompressed; got != want {
				t.Errorf("compressed = %v, want %v", got, want)
			}
			if tt.wantCompressed && w.Body.Len() >= len(css) {
				t.Errorf("compressed body is %d bytes, plain %d", w.Body.Len(), len(css))
			}
			if !tt.wantCompressed && tt.file == "site.css" && w.Body.String() != css {
				t.Error("plain body differs from the file")
			}
		})
	}
}

func TestServeStable(t *testing.T) {
	set := load(t, true)
	w := httptest.NewRecorder()
	set.ServeStable(w, httptest.NewRequest(http.MethodGet, "/embed.js", nil), "site.css")
	if got, want := w.Header().Get("Cache-Control"), "public, max-age=3600"; got != want {
		t.Errorf("Cache-Control %q, want %q", got, want)
	}
	if got, want := w.Body.String(), css; got != want {
		t.Errorf("body is %d bytes, want %d", len(got), len(want))
	}
}
