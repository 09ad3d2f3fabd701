package storefront

import (
	"context"
	"errors"
	"net/http"
	"time"

	"mais/internal/apperr"
	"mais/internal/httpx"
)

// The storefront's one error adapter: handlers are httpx.HandlerFunc and
// return their failure; page turns it into the HTML error page.

// page adapts fn to an http.Handler whose errors become the error page.
// framable lets the error page be framed by any site (the widget's routes):
// decided where the route is registered, since the failure may come before
// any tenant is known.
func (h *Handler) page(framable bool, fn httpx.HandlerFunc) http.Handler {
	return htmlHandler{h: h, fn: fn, framable: framable}
}

// htmlHandler is a struct, not a closure, so serving costs no allocation.
type htmlHandler struct {
	h        *Handler
	fn       httpx.HandlerFunc
	framable bool
}

func (a htmlHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := a.fn(w, r); err != nil {
		a.h.errorPage(w, r, err, a.framable)
	}
}

// siteError is an error met on a known tenant's site, so the error page
// keeps the site's look and navigation.
type siteError struct {
	s   *site
	err error
}

func (e *siteError) Error() string { return e.err.Error() }
func (e *siteError) Unwrap() error { return e.err }

// fail marks err as met on the site s (nil stays nil).
func (s *site) fail(err error) error {
	if err == nil {
		return nil
	}
	return &siteError{s: s, err: err}
}

// errorPage answers err as an HTML page with the status httpx gives its
// code, and Retry-After on 429 and 503. Internal errors are logged there
// and shown without detail. On a known tenant's site the page keeps the
// site's look and navigation.
func (h *Handler) errorPage(w http.ResponseWriter, r *http.Request, err error, framable bool) {
	status, body := httpx.Describe(r, h.log, err)
	httpx.SetRetryAfter(w, err)
	var s *site
	if se := (*siteError)(nil); errors.As(err, &se) {
		s = se.s
	}
	var d *siteData
	if s != nil && status < 500 {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		d, _ = h.loadSite(ctx, s.t, false)
		cancel()
	}
	v := h.errorView(s, d, status, body.Message)
	h.writeHTML(w, r, status, "error", framable || s != nil && s.mode == modeWidget, v)
}

// renderError renders an error page for the page cache.
func (h *Handler) renderError(s *site, d *siteData, err error) (rendered, error) {
	status := httpx.Status(apperr.Code(err))
	body, rerr := h.tmpl.Render("error", h.errorView(s, d, status, ""))
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
