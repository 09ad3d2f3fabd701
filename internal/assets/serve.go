package assets

import (
	"net/http"
	"strconv"
	"strings"
)

// ServeBytes writes a body, gzipped when gz is not nil and the client
// accepts it, answering 304 when the client already has this version.
func ServeBytes(w http.ResponseWriter, r *http.Request, ctype, etag string, body, gz []byte) {
	NewPayload(ctype, etag, body, gz).Serve(w, r)
}

// Payload is a body that is served many times (an asset, a cached page),
// with its header values worked out once: serving it adds no allocation of
// its own. Its fields are shared between requests and never written to.
type Payload struct {
	contentType, etag, length, gzLength []string
	body, gz                            []byte
}

// Header values every Payload shares.
var (
	varyValues = []string{"Accept-Encoding"}
	gzipValues = []string{"gzip"}
)

// NewPayload prepares body (and gz, its gzipped form, or nil) for serving
// as ctype under etag (a quoted entity tag).
func NewPayload(ctype, etag string, body, gz []byte) *Payload {
	p := &Payload{contentType: []string{ctype}, etag: []string{etag}, body: body,
		length: []string{strconv.Itoa(len(body))}}
	if gz != nil {
		p.gz, p.gzLength = gz, []string{strconv.Itoa(len(gz))}
	}
	return p
}

// Serve writes p, gzipped when the client accepts it, answering 304 when
// the client already has this version.
func (p *Payload) Serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h["Content-Type"] = p.contentType
	h["Etag"] = p.etag // canonical form of ETag
	if len(h["Vary"]) == 0 {
		h["Vary"] = varyValues
	} else {
		h.Add("Vary", "Accept-Encoding")
	}
	if etagMatch(r.Header.Get("If-None-Match"), p.etag[0]) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body, length := p.body, p.length
	if p.gz != nil && AcceptsGzip(r) {
		h["Content-Encoding"] = gzipValues
		body, length = p.gz, p.gzLength
	}
	h["Content-Length"] = length
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

// AcceptsGzip reports whether the request's Accept-Encoding allows gzip
// (and does not refuse it with q=0).
func AcceptsGzip(r *http.Request) bool {
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
