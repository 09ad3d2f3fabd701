package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"mais/internal/apperr"
)

// DefaultMaxBody bounds JSON request bodies.
const DefaultMaxBody = 1 << 20

// WriteJSON encodes v with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"error":"INTERNAL","message":"encoding failed"}`, http.StatusInternalServerError)
		return
	}
	WriteJSONBytes(w, status, buf.Bytes())
}

// WriteJSONBytes writes an already encoded JSON body.
func WriteJSONBytes(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(body)
}

// Decode reads one JSON object into dst: at most maxBytes (0 = default),
// unknown fields refused, type mismatches named by field. The Content-Type
// is not policed: a JSON body sent as form data by curl still parses. Every failure is a
// client error, never a 500.
func Decode(w http.ResponseWriter, r *http.Request, maxBytes int64, dst any) error {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBody
	}
	body := http.MaxBytesReader(w, r.Body, maxBytes)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return apperr.Validation("the body must hold exactly one JSON object", nil)
	}
	return nil
}

func decodeError(err error) error {
	var tooBig *http.MaxBytesError
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		return apperr.New(apperr.CodePayloadTooLarge, "the body is larger than %d bytes", tooBig.Limit)
	case errors.Is(err, io.EOF):
		return apperr.Validation("the body is empty; a JSON object is required", nil)
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return apperr.Validation("the body is not valid JSON", nil)
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			return apperr.Validation("the body must be a JSON object", nil)
		}
		return apperr.Validation("a field has the wrong type", map[string]string{field: fmt.Sprintf("must be %s", jsonKind(typeErr.Type.Kind().String()))})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return apperr.Validation("the body has an unknown field", map[string]string{name: "unknown field"})
	default:
		return apperr.Validation("the body could not be read as JSON", nil)
	}
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "an array"
	case "map", "struct":
		return "an object"
	default:
		return "a number"
	}
}
