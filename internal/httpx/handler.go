package httpx

import (
	"log/slog"
	"net/http"
)

// HandlerFunc is a handler that returns its failure instead of writing it:
// the adapter of its surface (JSON for the API, an HTML page for the
// dashboard and the storefront) turns the error into the answer. A handler
// returns an error only before it has written anything.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// JSON adapts h to an http.Handler that answers a returned error with the
// JSON envelope (see Error: the status from the error's code, Retry-After on
// UNAVAILABLE and TOO_MANY_REQUESTS, internal errors logged and hidden).
func JSON(logger *slog.Logger, h HandlerFunc) http.Handler {
	return jsonHandler{h: h, logger: logger}
}

// jsonHandler is a struct, not a closure, so serving costs no allocation.
type jsonHandler struct {
	h      HandlerFunc
	logger *slog.Logger
}

func (j jsonHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := j.h(w, r); err != nil {
		Error(w, r, j.logger, err)
	}
}
