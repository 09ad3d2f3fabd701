package storefront

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"mais/internal/assets"
	"mais/internal/cache"
)

// rendered is a finished page.
type rendered struct {
	status int
	body   []byte
}

const htmlType = "text/html; charset=utf-8"

// A cached page is stored with its status, ETag and gzip form, so a hit
// costs no template work, no hashing and no compression:
//
//	status uint16 | etag length uint8 | etag | body length uint32 | body | gzip body
func encodePage(p rendered, zp *gzipPool) []byte {
	sum := sha256.Sum256(p.body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	gz := zp.compress(p.body)
	out := make([]byte, 0, 2+1+len(etag)+4+len(p.body)+len(gz))
	out = binary.BigEndian.AppendUint16(out, uint16(p.status))
	out = append(out, byte(len(etag)))
	out = append(out, etag...)
	out = binary.BigEndian.AppendUint32(out, uint32(len(p.body)))
	out = append(out, p.body...)
	return append(out, gz...)
}

// gzipPool reuses compressors: a gzip.Writer holds about a megabyte of
// tables, far more than the page it compresses.
type gzipPool struct{ p sync.Pool }

// compress gzips b quickly, or returns nil when that saves too little.
func (z *gzipPool) compress(b []byte) []byte {
	zw, _ := z.p.Get().(*gzip.Writer)
	var buf bytes.Buffer
	buf.Grow(len(b) / 3)
	if zw == nil {
		zw, _ = gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	} else {
		zw.Reset(&buf)
	}
	zw.Write(b)
	zw.Close()
	z.p.Put(zw)
	if buf.Len() >= len(b)*9/10 {
		return nil
	}
	return buf.Bytes()
}

type cachedPage struct {
	status int
	etag   string
	body   []byte
	gz     []byte
	// payload serves a 200 page with its headers worked out once.
	payload *assets.Payload
}

var errBadPage = errors.New("storefront: malformed cached page")

func decodePage(b []byte) (cachedPage, error) {
	if len(b) < 3 {
		return cachedPage{}, errBadPage
	}
	p := cachedPage{status: int(binary.BigEndian.Uint16(b))}
	n := int(b[2])
	b = b[3:]
	if len(b) < n+4 {
		return cachedPage{}, errBadPage
	}
	p.etag = string(b[:n])
	b = b[n:]
	size := int(binary.BigEndian.Uint32(b))
	b = b[4:]
	if len(b) < size {
		return cachedPage{}, errBadPage
	}
	p.body = b[:size:size]
	if rest := b[size:]; len(rest) > 0 {
		p.gz = rest
	}
	if p.status == http.StatusOK {
		p.payload = assets.NewPayload(htmlType, p.etag, p.body, p.gz)
	}
	return p, nil
}

// serveCached answers a GET from the tenant's page cache, rendering on a
// miss. The entry lives at most pageTTL and goes at once when the tenant's
// cache is invalidated (publish, catalog change, booking).
func (h *Handler) serveCached(w http.ResponseWriter, r *http.Request, s *site, name string,
	render func(ctx context.Context) (rendered, error)) error {
	key := cache.TenantKey(s.t.ID, "page", h.assets.Version(), s.scope(), name)
	if strings.HasPrefix(name, "package:") || strings.HasPrefix(name, "calendar:") {
		// Month grids show taken days: dropped by every hold and booking.
		key = cache.AvailabilityKey(s.t.ID, "page", h.assets.Version(), s.scope(), name)
	}
	raw, err := cache.GetOrLoad(r.Context(), h.cfg.Cache, key, h.pageTTL, func(ctx context.Context) ([]byte, error) {
		p, err := render(ctx)
		if err != nil {
			return nil, err
		}
		return encodePage(p, &h.gzip), nil
	})
	if err != nil {
		return err
	}
	// A page read again from the cache is not decoded again (see
	// cache.Decoded): serving it costs no allocation of its own.
	p, err := h.pages.Get(raw, decodePage)
	if err != nil {
		return err
	}
	h.pageHeaders(w, s.mode == modeWidget)
	w.Header()["Cache-Control"] = noCacheValues
	writePage(w, r, p)
	return nil
}

// writePage writes a cached page, answering 304 to a client that has it.
func writePage(w http.ResponseWriter, r *http.Request, p cachedPage) {
	if p.payload != nil {
		p.payload.Serve(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", htmlType)
	h.Add("Vary", "Accept-Encoding")
	body := p.body
	if p.gz != nil && assets.AcceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body = p.gz
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(p.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// writeHTML renders and writes a page that is never cached (forms with the
// visitor's input, payment states).
func (h *Handler) writeHTML(w http.ResponseWriter, r *http.Request, status int, kind string, framable bool, data any) {
	body, err := h.tmpl.Render(kind, data)
	if err != nil {
		h.log.ErrorContext(r.Context(), "render page", "kind", kind, "err", err)
		http.Error(w, "Something went wrong on our side. Please try again.", http.StatusInternalServerError)
		return
	}
	h.writeRendered(w, r, status, framable, body)
}

// writeRendered writes an uncached page.
func (h *Handler) writeRendered(w http.ResponseWriter, r *http.Request, status int, framable bool, body []byte) {
	h.pageHeaders(w, framable)
	hd := w.Header()
	hd.Set("Cache-Control", "no-store")
	hd.Set("Content-Type", htmlType)
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// pageHeaders sets what is specific to storefront pages: tenant images may
// come from any https host; only the widget may be framed by other sites.
func (h *Handler) pageHeaders(w http.ResponseWriter, widget bool) {
	hd := w.Header()
	hd["X-Content-Type-Options"] = nosniffValues
	if widget {
		hd["Content-Security-Policy"] = h.widgetCSP
		hd.Del("X-Frame-Options")
		return
	}
	hd["Content-Security-Policy"] = h.pageCSP
	hd["X-Frame-Options"] = sameOriginValues
}

// Header values shared by every answer (never written to).
var (
	nosniffValues    = []string{"nosniff"}
	sameOriginValues = []string{"SAMEORIGIN"}
	noCacheValues    = []string{"no-cache"}
)
