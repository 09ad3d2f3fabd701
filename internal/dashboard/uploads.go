package dashboard

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"

	"mais/internal/apperr"
)

// maxPhotoBytes bounds one uploaded photo.
const maxPhotoBytes = 5 << 20

// photoTypes are the accepted photo formats by sniffed content type, with
// the extension the stored file gets. The extension, not the client's file
// name or Content-Type, decides how the file is served later.
var photoTypes = map[string]string{"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}

var (
	uploadTenant = regexp.MustCompile(`^[0-9a-f][0-9a-f-]{7,63}$`)
	uploadFile   = regexp.MustCompile(`^[0-9a-f]{32}\.(jpg|png|webp)$`)
)

// uploadStore keeps uploaded photos under dir/{tenantID}/{random}.{ext}.
// Names are random, so a stored file never changes and can be cached for
// good; each tenant's files live in its own directory, written only by
// requests of that tenant's admins.
type uploadStore struct {
	dir string
}

// save stores one photo of tenantID read from src and returns the path it
// is served at (/uploads/{tenantID}/{name}). The type is decided by the
// content, and a body past maxPhotoBytes is refused without being kept.
func (u *uploadStore) save(tenantID string, src io.Reader) (string, error) {
	if !uploadTenant.MatchString(tenantID) {
		return "", fmt.Errorf("upload: bad tenant id %q", tenantID)
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(src, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("upload: read: %w", err)
	}
	head = head[:n]
	if n == 0 {
		return "", apperr.Validation("no photo was chosen", map[string]string{"photo": "choose a photo to upload"})
	}
	ext, ok := photoTypes[http.DetectContentType(head)]
	if !ok {
		return "", apperr.Validation("the file is not a photo we accept",
			map[string]string{"photo": "must be a JPEG, PNG or WebP image"})
	}
	dir := filepath.Join(u.dir, tenantID)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", fmt.Errorf("upload: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".upload-*")
	if err != nil {
		return "", fmt.Errorf("upload: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	written, err := io.Copy(tmp, io.MultiReader(bytes.NewReader(head), io.LimitReader(src, maxPhotoBytes+1-int64(n))))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("upload: write: %w", err)
	}
	if written > maxPhotoBytes {
		return "", &apperr.Error{Code: apperr.CodePayloadTooLarge, Message: "the photo is larger than 5 MB",
			Fields: map[string]string{"photo": "must be at most 5 MB"}}
	}
	var b [16]byte
	rand.Read(b[:])
	name := hex.EncodeToString(b[:]) + ext
	if err := os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		return "", fmt.Errorf("upload: %w", err)
	}
	return "/uploads/" + tenantID + "/" + name, nil
}

// serveUpload answers GET /uploads/{tenant}/{file}. Only names the store
// could have made are opened, so no path reaches outside the directory;
// the content type follows the extension and browsers are told not to
// guess another.
func (h *Handler) serveUpload(w http.ResponseWriter, r *http.Request) {
	tenantID, name := r.PathValue("tenant"), r.PathValue("file")
	if !uploadTenant.MatchString(tenantID) || !uploadFile.MatchString(name) {
		http.NotFound(w, r)
		return
	}
	f, err := os.Open(filepath.Join(h.uploads.dir, tenantID, name))
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
	hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	hd.Set("Cross-Origin-Resource-Policy", "cross-origin")
	http.ServeContent(w, r, name, st.ModTime(), f)
}
