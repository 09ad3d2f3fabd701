package dashboard

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sync"

	"mais/internal/apperr"
	"mais/internal/httpx"
)

// maxPhotoBytes bounds one uploaded photo.
const maxPhotoBytes = 5 << 20

// errTooLarge refuses one photo past maxPhotoBytes.
var errTooLarge = &apperr.Error{Code: apperr.CodePayloadTooLarge, Message: "the photo is larger than 5 MB",
	Fields: map[string]string{"photo": "must be at most 5 MB"}}

// photoTypes are the accepted photo formats by sniffed content type, with
// the extension the stored file gets. The extension, not the client's file
// name or Content-Type, decides how the file is served later.
var photoTypes = map[string]string{"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}

var (
	uploadTenant = regexp.MustCompile(`^[0-9a-f][0-9a-f-]{7,63}$`)
	uploadFile   = regexp.MustCompile(`^[0-9a-f]{32}\.(jpg|png|webp)$`)
)

// DefaultMediaQuota bounds a tenant's uploaded photos when the
// configuration gives no quota (MAIS_MEDIA_QUOTA_MB's default).
const DefaultMediaQuota = 1024 << 20

// uploadStore keeps uploaded photos under dir/{tenantID}/{random}.{ext}.
// Names are random, so a stored file never changes and can be cached for
// good; each tenant's files live in its own directory, written only by
// requests of that tenant's admins, and together they stay within quota
// bytes.
type uploadStore struct {
	dir   string
	quota int64
	// mu makes "measure the tenant's files, then keep the new one" one step
	// in this process, so two uploads cannot both take the last free bytes.
	mu sync.Mutex
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
		return "", errTooLarge
	}
	var b [16]byte
	rand.Read(b[:])
	name := hex.EncodeToString(b[:]) + ext
	u.mu.Lock()
	defer u.mu.Unlock()
	used, err := u.usage(dir)
	if err != nil {
		return "", err
	}
	if used+written > u.quota {
		return "", errQuota(used, u.quota)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		return "", fmt.Errorf("upload: %w", err)
	}
	return "/uploads/" + tenantID + "/" + name, nil
}

// usage is the size in bytes of the photos kept in a tenant's directory
// (uploads still being written are not counted).
func (u *uploadStore) usage(dir string) (int64, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, fmt.Errorf("upload: measure %s: %w", dir, err)
	}
	var total int64
	for _, e := range entries {
		if !uploadFile.MatchString(e.Name()) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return 0, fmt.Errorf("upload: measure %s: %w", dir, err)
		}
		if info.Mode().IsRegular() {
			total += info.Size()
		}
	}
	return total, nil
}

// errQuota is the 413 of an upload that would pass the tenant's quota.
func errQuota(used, quota int64) error {
	mb := func(n int64) int64 { return (n + 1<<20 - 1) >> 20 }
	return &apperr.Error{Code: apperr.CodePayloadTooLarge,
		Message: fmt.Sprintf("your photo storage is full: %d MB of %d MB used", mb(used), mb(quota)),
		Fields: map[string]string{"photo": fmt.Sprintf("does not fit in your %d MB of photo storage (%d MB used); "+
			"use a smaller photo, or ask the platform for more room", mb(quota), mb(used))}}
}

// sandboxPolicy keeps anything inside an uploaded file from running.
var sandboxPolicy = httpx.SandboxCSP.String()

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
	hd.Set("Content-Security-Policy", sandboxPolicy)
	hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	hd.Set("Cross-Origin-Resource-Policy", "cross-origin")
	http.ServeContent(w, r, name, st.ModTime(), f)
}
