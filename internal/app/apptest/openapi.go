package apptest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// The OpenAPI document is the same for every App (it is built from a table
// in package api), so it is loaded once per test binary, from the first
// handler that serves it.
var openAPI struct {
	mu     sync.Mutex
	router routers.Router
}

// openAPIRouter loads the OpenAPI document (once) with load, which answers
// GET /v1/openapi.json, and returns a router over it; nil when the document
// is not served there (a handler that is not the whole App).
func openAPIRouter(tb testing.TB, load func() (int, []byte)) routers.Router {
	tb.Helper()
	openAPI.mu.Lock()
	defer openAPI.mu.Unlock()
	if openAPI.router != nil {
		return openAPI.router
	}
	status, body := load()
	if status != http.StatusOK {
		return nil
	}
	doc, err := openapi3.NewLoader().LoadFromData(body)
	if err != nil {
		tb.Fatalf("apptest: the served OpenAPI document does not load: %v", err)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		tb.Fatalf("apptest: the served OpenAPI document is invalid: %v", err)
	}
	openAPI.router = router
	return router
}

// fromHandler loads the document from h.
func fromHandler(h http.Handler) func() (int, []byte) {
	return func() (int, []byte) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/v1/openapi.json", nil))
		return rec.Code, rec.Body.Bytes()
	}
}

// checkOpenAPI fails the test when r, the answer to req, is not what the
// OpenAPI document says the route answers: an undocumented status, another
// content type, or a body off its schema. Requests the document does not
// describe (unknown paths and methods, HEAD, the storefront and dashboard)
// are not checked.
func checkOpenAPI(tb testing.TB, load func() (int, []byte), req *http.Request, r Reply) {
	tb.Helper()
	if !documented(req.URL.Path) {
		return
	}
	router := openAPIRouter(tb, load)
	if router == nil {
		return
	}
	// Route on the path alone: the document has no servers, and a test may
	// send any Host.
	probe := req.Clone(context.Background())
	probe.Host, probe.URL.Host, probe.URL.Scheme = "", "", ""
	route, params, err := router.FindRoute(probe)
	if err != nil {
		return // not a documented operation: the 404/405 tests
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: probe, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status: r.Status,
		Header: r.Header,
		Body:   io.NopCloser(bytes.NewReader(r.Body)),
		Options: &openapi3filter.Options{
			IncludeResponseStatus: true,
			MultiError:            true,
		},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		tb.Errorf("%s %s answered %d, which the OpenAPI document does not allow:\n%v\nbody: %.600s",
			req.Method, req.URL.Path, r.Status, err, r.Body)
	}
}

// documented reports whether path is one the OpenAPI document covers: the
// JSON API and the health routes.
func documented(path string) bool {
	return strings.HasPrefix(path, "/v1/") || path == "/health" || strings.HasPrefix(path, "/health/")
}
