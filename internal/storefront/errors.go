package storefront

import (
	"context"
	"net/http"
	"time"

	"mais/internal/apperr"
	"mais/internal/httpx"
)

// errorPage answers err as an HTML page with the status httpx gives its
// code. Internal errors are logged there and shown without detail. On a
// known tenant's site the page keeps the site's look and navigation.
func (h *Handler) errorPage(w http.ResponseWriter, r *http.Request, s *site, err error) {
	h.errorPageIn(w, r, s, err, s != nil && s.mode == modeWidget)
}

// errorPageIn is errorPage with the framing decided by the caller (the
// widget's pages may be framed even when no tenant was found).
func (h *Handler) errorPageIn(w http.ResponseWriter, r *http.Request, s *site, err error, widget bool) {
	status, body := httpx.Describe(r, h.log, err)
	httpx.SetRetryAfter(w, err)
	var d *siteData
	if s != nil && status < 500 {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		d, _ = h.loadSite(ctx, s.t, false)
		cancel()
	}
	v := h.errorView(s, d, status, body.Message)
	h.writeHTML(w, r, status, "error", widget, v)
}

// renderError renders an error page for the page cache.
func (h *Handler) renderError(s *site, d *siteData, err error) (rendered, error) {
	status := httpx.Status(apperr.Code(err))
	body, rerr := h.tmpl.render("error", h.errorView(s, d, status, ""))
	if rerr != nil {
		return rendered{}, rerr
	}
	return rendered{status: status, body: body}, nil
}

func (h *Handler) errorView(s *site, d *siteData, status int, detail string) pageView {
	e := &errorView{Status: status}
	switch status {
	case http.StatusNotFound:
		e.Heading = "Page not found"
		e.Message = "We could not find that page. It may have moved, or the address may be mistyped."
	case http.StatusForbidden:
		e.Heading = "Request not accepted"
		e.Message = "We could not verify where this request came from. Please go back, reload the page and try again."
	case http.StatusMethodNotAllowed:
		e.Heading = "Not available"
		e.Message = "This page cannot be used that way."
	case http.StatusServiceUnavailable:
		e.Heading = "Briefly unavailable"
		e.Message = "We are having trouble right now. Please try again in a minute."
	default:
		if status >= 500 {
			e.Heading = "Something went wrong"
			e.Message = "Something went wrong on our side. Please try again in a moment."
		} else {
			e.Heading = "That did not work"
			e.Message = sentence(detail)
		}
	}
	v := pageView{Lang: "en", NoIndex: true, Title: e.Heading, Error: e}
	if s != nil && d != nil {
		v.Site = h.siteView(s, d, "")
		v.Title = e.Heading + " · " + s.t.Name
		e.HomeURL = v.Site.HomeURL
		if s.mode == modeWidget {
			v.Site.Nav = nil
		}
	}
	return v
}
