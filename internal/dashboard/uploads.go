package dashboard

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"

	"mais/internal/httpx"
)

// Photos uploaded before the media library were kept under
// DataDir/uploads/{tenantID}/{random}.{ext} and their addresses are still
// in packages and sites; they are served from there, read-only. New
// uploads go to the library (media.go).

var (
	uploadTenant = regexp.MustCompile(`^[0-9a-f][0-9a-f-]{7,63}$`)
	uploadFile   = regexp.MustCompile(`^[0-9a-f]{32}\.(jpg|png|webp)$`)
)

// sandboxPolicy keeps anything inside an uploaded file from running.
var sandboxPolicy = httpx.SandboxCSP.String()

// serveUpload answers GET /uploads/{tenant}/{file}. Only names the old
// store could have made are opened, so no path reaches outside the
// directory; the content type follows the extension and browsers are told
// not to guess another.
func (h *Handler) serveUpload(w http.ResponseWriter, r *http.Request) {
	tenantID, name := r.PathValue("tenant"), r.PathValue("file")
	if !uploadTenant.MatchString(tenantID) || !uploadFile.MatchString(name) {
		http.NotFound(w, r)
		return
	}
	f, err := os.Open(filepath.Join(h.uploads, tenantID, name))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}
	hd := w.Header()
	switch filepath.Ext(name) {
	case ".jpg":
		hd.Set("Content-Type", "image/jpeg")
	case ".png":
		hd.Set("Content-Type", "image/png")
	case ".webp":
		hd.Set("Content-Type", "image/webp")
	}
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", sandboxPolicy)
	hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	hd.Set("Cross-Origin-Resource-Policy", "cross-origin")
	http.ServeContent(w, r, name, st.ModTime(), f)
}
