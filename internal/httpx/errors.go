// Package httpx is the HTTP plumbing shared by the API, the storefront and
// the dashboard: request ids, JSON bodies, and the one place where domain
// errors become HTTP status codes.
package httpx

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"mais/internal/apperr"
)

// Status maps a contract code to its HTTP status.
func Status(code string) int {
	switch code {
	case apperr.CodeValidation:
		return http.StatusBadRequest
	case apperr.CodeUnauthorized, apperr.CodeInvalidCreds, apperr.CodeTenantKeyRequired,
		apperr.CodeInvalidTenantKey, apperr.CodeTenantNotFound:
		return http.StatusUnauthorized
	case apperr.CodeForbidden, apperr.CodeTenantInactive:
		return http.StatusForbidden
	case apperr.CodeNotFound:
		return http.StatusNotFound
	case apperr.CodeMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case apperr.CodeConflict, apperr.CodeDateUnavailable:
		return http.StatusConflict
	case apperr.CodePayloadTooLarge:
		return http.StatusRequestEntityTooLarge
	case apperr.CodeTooManyRequests:
		return http.StatusTooManyRequests
	case apperr.CodeInvalidSignature:
		return http.StatusBadRequest
	case apperr.CodeUnavailable:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// ErrorBody is the one error shape of docs/API.md §3.
type ErrorBody struct {
	Error     string            `json:"error"`
	Message   string            `json:"message"`
	RequestID string            `json:"requestId"`
	Fields    map[string]string `json:"fields,omitempty"`
}

// Describe turns any error into the answer a client gets. Errors that are
// not *apperr.Error are our fault: they are logged with the request id and
// answered with a generic message that leaks nothing. An UNAVAILABLE with a
// cause (the store could not answer) is logged at warn with that cause; the
// client gets the message only.
func Describe(r *http.Request, logger *slog.Logger, err error) (int, ErrorBody) {
	var e *apperr.Error
	if !errors.As(err, &e) {
		logger.ErrorContext(r.Context(), "internal error", "err", err, "requestId", RequestID(r.Context()),
			"method", r.Method, "path", r.URL.Path)
		noteError(r, err)
		e = &apperr.Error{Code: apperr.CodeInternal, Message: "something went wrong on our side; please try again"}
	} else if e.Code == apperr.CodeUnavailable && e.Err != nil && r.Context().Err() == nil {
		logger.WarnContext(r.Context(), "dependency unavailable", "err", e.Err, "requestId", RequestID(r.Context()),
			"method", r.Method, "path", r.URL.Path)
		noteError(r, e.Err)
	}
	return Status(e.Code), ErrorBody{Error: e.Code, Message: e.Message, RequestID: RequestID(r.Context()), Fields: e.Fields}
}

// Error answers err as JSON.
func Error(w http.ResponseWriter, r *http.Request, logger *slog.Logger, err error) {
	status, body := Describe(r, logger, err)
	SetRetryAfter(w, err)
	WriteJSON(w, status, body)
}

// SetRetryAfter sets the Retry-After header (seconds) that err calls for:
// TOO_MANY_REQUESTS carries its own; every UNAVAILABLE gets one (docs/API.md §3),
// apperr.UnavailableRetryAfter when it names none. HTML error pages call it too.
func SetRetryAfter(w http.ResponseWriter, err error) {
	var e *apperr.Error
	if !errors.As(err, &e) {
		return
	}
	secs := e.RetryAfterSeconds
	if secs <= 0 && e.Code == apperr.CodeUnavailable {
		secs = apperr.UnavailableRetryAfter
	}
	if secs > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(secs))
	}
}
