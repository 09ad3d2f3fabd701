package dashboard

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"mais/internal/apperr"
	"mais/internal/cache"
	"mais/internal/siteconfig"
)

// A draft is previewed by the storefront itself, so the preview is exactly
// what publishing would show: the composition root builds a second
// storefront.Handler whose siteconfig.Reader is DraftSites and whose cache
// is NoCache, and the dashboard sends it the request with the version to
// show in the context. Nothing of the storefront's rendering is repeated
// here.

type draftKey struct{}

// DraftSites is the siteconfig.Reader of the preview storefront: the
// "published" version of a tenant is the version the dashboard put in the
// request's context, and only for that version's tenant.
func DraftSites(r siteconfig.Reader) siteconfig.Reader { return draftSites{r} }

type draftSites struct{ siteconfig.Reader }

func (d draftSites) PublishedVersion(ctx context.Context, tenantID string) (siteconfig.Version, error) {
	v, ok := ctx.Value(draftKey{}).(siteconfig.Version)
	if !ok || v.TenantID != tenantID {
		return siteconfig.Version{}, apperr.NotFound("configuration version")
	}
	return v, nil
}

// NoCache is a cache.Cache that keeps nothing: previews change with every
// save and must never be served from, or leak into, the storefront's cache.
type NoCache struct{}

func (NoCache) Get(context.Context, cache.Key) ([]byte, bool)         { return nil, false }
func (NoCache) Set(context.Context, cache.Key, []byte, time.Duration) {}
func (NoCache) Delete(context.Context, cache.Key)                     {}
func (NoCache) InvalidateTenant(context.Context, string)              {}
func (NoCache) OnInvalidate(func(string))                             {}
func (NoCache) Stats(context.Context) cache.Stats                     { return cache.Stats{} }
func (NoCache) Close() error                                          { return nil }

// previewVersion answers GET /admin/preview/{id}/{page}: a page (or the
// theme.css) of one of the tenant's versions, for the editor's frame.
// Another tenant's version is NOT_FOUND in the service.
func (h *Handler) previewVersion(w http.ResponseWriter, r *http.Request, s *session) error {
	v, _, err := h.cfg.SiteConfig.Preview(r.Context(), s.Tenant.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	return h.servePreview(w, r, s, v, r.PathValue("page"))
}

// servePreview renders page of v with its links under /admin/preview/{id}.
func (h *Handler) servePreview(w http.ResponseWriter, r *http.Request, s *session, v siteconfig.Version, page string) error {
	return h.servePreviewAt(w, r, s, v, page, "/admin/preview/"+v.ID)
}

// servePreviewAt renders page of v through the preview storefront. Links
// between the site's pages are rewritten to stay in the preview (under
// prefix, which serves prefix/{page}); links to packages and booking lead
// to the live site.
func (h *Handler) servePreviewAt(w http.ResponseWriter, r *http.Request, s *session, v siteconfig.Version, page, prefix string) error {
	if h.preview == nil {
		return apperr.New(apperr.CodeUnavailable, "the preview is not available")
	}
	var err error
	base := "/t/" + s.Tenant.Slug
	target := base + "/" + page
	switch {
	case page == siteconfig.PageHome:
		target = base
	case page == "theme.css":
	case siteconfig.PageTitle(page) == "":
		return apperr.NotFound("page")
	}
	if v, err = showPage(v, page); err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(context.WithValue(r.Context(), draftKey{}, v), http.MethodGet, target, nil)
	if err != nil {
		return err
	}
	req.Host = r.Host
	req.RemoteAddr = r.RemoteAddr
	req.URL.RawQuery = url.Values{"v": {r.URL.Query().Get("v")}}.Encode()
	rec := &bufferedWriter{header: http.Header{}}
	h.preview.ServeHTTP(rec, req)

	body := rec.body.Bytes()
	if bytes.HasPrefix([]byte(rec.header.Get("Content-Type")), []byte("text/html")) {
		body = rewriteLinks(body, base, prefix)
	}
	rec.writeTo(w, body)
	return nil
}

// showPage enables page in the previewed configuration: an admin previews
// a hidden page before showing it, and the storefront would answer 404.
func showPage(v siteconfig.Version, page string) (siteconfig.Version, error) {
	c, err := siteconfig.Stored(v)
	if err != nil {
		return v, err
	}
	p, ok := c.Page(page)
	if !ok || p.Enabled {
		return v, nil
	}
	p.Enabled = true
	setPage(&c, page, p)
	v.Config = siteconfig.Canonical(c)
	return v, nil
}

// rewriteLinks points the storefront's page and theme links at the preview.
func rewriteLinks(body []byte, base, preview string) []byte {
	pairs := []string{`href="` + base + `"`, `href="` + preview + `/home"`,
		`href="` + base + `/theme.css?`, `href="` + preview + `/theme.css?`}
	for _, name := range siteconfig.NavOrder() {
		pairs = append(pairs, `href="`+base+`/`+name+`"`, `href="`+preview+`/`+name+`"`)
	}
	for i := 0; i < len(pairs); i += 2 {
		body = bytes.ReplaceAll(body, []byte(pairs[i]), []byte(pairs[i+1]))
	}
	return body
}

// previewProblem shows, inside the preview frame, why the form as typed
// cannot be previewed.
func (h *Handler) previewProblem(w http.ResponseWriter, r *http.Request, err error) {
	_, msg, fields, ok := h.formProblem(r, err)
	if !ok {
		msg = h.describe(r, err)
	}
	v := &view{Title: "Preview", Message: msg, Data: summarize(fields)}
	h.writePage(w, r, http.StatusOK, "preview_error", v)
}

// bufferedWriter keeps a storefront response so links can be rewritten.
type bufferedWriter struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header { return b.header }
func (b *bufferedWriter) WriteHeader(code int) {
	if b.code == 0 {
		b.code = code
	}
}
func (b *bufferedWriter) Write(p []byte) (int, error) {
	if b.code == 0 {
		b.code = http.StatusOK
	}
	return b.body.Write(p)
}

// writeTo answers w with the kept response's status, type and policy,
// and body (the kept body, rewritten), never cached nor indexed.
func (b *bufferedWriter) writeTo(w http.ResponseWriter, body []byte) {
	hd := w.Header()
	for _, k := range []string{"Content-Type", "Content-Security-Policy"} {
		if val := b.header.Get(k); val != "" {
			hd.Set(k, val)
		}
	}
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Robots-Tag", "noindex")
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(b.status())
	w.Write(body)
}

func (b *bufferedWriter) status() int {
	if b.code == 0 {
		return http.StatusOK
	}
	return b.code
}
