// Package apperr holds the domain error type every layer returns and the
// machine-readable codes of the public contract. HTTP adapters map codes to
// status codes in exactly one place (internal/httpx).
package apperr

import (
	"errors"
	"fmt"
)

// Codes shared by every route (docs/API.md §3, §4, §6).
const (
	CodeValidation        = "VALIDATION_ERROR"
	CodeUnauthorized      = "UNAUTHORIZED"
	CodeInvalidCreds      = "INVALID_CREDENTIALS"
	CodeForbidden         = "FORBIDDEN"
	CodeNotFound          = "NOT_FOUND"
	CodeConflict          = "CONFLICT"
	CodeDateUnavailable   = "DATE_UNAVAILABLE"
	CodePayloadTooLarge   = "PAYLOAD_TOO_LARGE"
	CodeTooManyRequests   = "TOO_MANY_REQUESTS"
	CodeUnavailable       = "UNAVAILABLE"
	CodeInternal          = "INTERNAL"
	CodeTenantKeyRequired = "TENANT_KEY_REQUIRED"
	CodeInvalidTenantKey  = "INVALID_TENANT_KEY"
	CodeTenantNotFound    = "TENANT_NOT_FOUND"
	CodeTenantInactive    = "TENANT_INACTIVE"
	CodeInvalidSignature  = "INVALID_SIGNATURE"
	CodeMethodNotAllowed  = "METHOD_NOT_ALLOWED"
)

// Error is an error a client can act on: a code from the contract, a sentence
// for humans and, for validation failures, the offending fields by path.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
	// RetryAfterSeconds is set on TOO_MANY_REQUESTS and UNAVAILABLE.
	RetryAfterSeconds int
	// Err is the cause, for logs and errors.Is; clients never see it.
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Code + ": " + e.Message + ": " + e.Err.Error()
	}
	return e.Code + ": " + e.Message
}

// Unwrap returns the cause, so errors.Is still finds a driver error or a
// context error behind an UNAVAILABLE.
func (e *Error) Unwrap() error { return e.Err }

// UnavailableRetryAfter is the Retry-After (seconds) of an outage answer: long
// enough not to hammer a recovering store, short enough for a person waiting.
const UnavailableRetryAfter = 5

// Unavailable says a dependency (the store, a provider) cannot answer right
// now; the request may succeed if retried. cause is kept for logs.
func Unavailable(cause error, format string, args ...any) *Error {
	return &Error{Code: CodeUnavailable, Message: fmt.Sprintf(format, args...),
		RetryAfterSeconds: UnavailableRetryAfter, Err: cause}
}

// New returns an *Error with a formatted message.
func New(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Validation returns a VALIDATION_ERROR carrying field-level reasons.
func Validation(message string, fields map[string]string) *Error {
	return &Error{Code: CodeValidation, Message: message, Fields: fields}
}

// NotFound says the named thing does not exist for the caller's tenant.
func NotFound(what string) *Error {
	return &Error{Code: CodeNotFound, Message: what + " not found"}
}

// Conflict says a uniqueness rule was broken.
func Conflict(format string, args ...any) *Error {
	return New(CodeConflict, format, args...)
}

// Code extracts the contract code of err, or CodeInternal for anything that is
// not an *Error (a bug or an outage, never the client's fault).
func Code(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// Is reports whether err carries the given code.
func Is(err error, code string) bool { return err != nil && Code(err) == code }

// FieldErrors collects field-level validation problems by path.
type FieldErrors map[string]string

// Add records the first problem seen for path.
func (f FieldErrors) Add(path, why string) {
	if _, ok := f[path]; !ok {
		f[path] = why
	}
}

// Err returns nil when nothing was recorded, else a VALIDATION_ERROR.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return Validation("the request has invalid fields", map[string]string(f))
}
