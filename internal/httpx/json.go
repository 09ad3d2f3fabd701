package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"unicode/utf8"

	"mais/internal/apperr"
	"mais/internal/textin"
)

// DefaultMaxBody bounds JSON request bodies.
const DefaultMaxBody = 1 << 20

// WriteJSON encodes v, HTML-escaped and newline-terminated, with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, `{"error":"INTERNAL","message":"encoding failed"}`, http.StatusInternalServerError)
		return
	}
	WriteJSONBytes(w, status, append(body, '\n'))
}

// WriteJSONBytes writes an already encoded JSON body.
func WriteJSONBytes(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h["Content-Type"] = jsonTypeValues
	h["Cache-Control"] = noStoreValues
	w.WriteHeader(status)
	w.Write(body)
}

// Decode reads one JSON object into dst: at most maxBytes (0 = default),
// unknown fields refused, type mismatches named by field, and every string
// checked as text (see DecodeBytes). The Content-Type is not policed: a JSON
// body sent as form data by curl still parses. Every failure is a client
// error, never a 500.
func Decode(w http.ResponseWriter, r *http.Request, maxBytes int64, dst any) error {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBody
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBytes))
	if err != nil {
		return decodeError(err)
	}
	return DecodeBytes(body, dst)
}

// DecodeBytes decodes body, one JSON object, into dst and then checks its
// text (docs/API.md §3): NUL, invalid UTF-8 and, in one-line fields, control
// characters are refused with a VALIDATION_ERROR naming each field by its
// JSON path. Strings are one-line unless their field is tagged
// `text:"multiline"`; json.RawMessage fields are checked string by string.
// Invalid UTF-8 is looked for in the raw body, because encoding/json turns
// it into U+FFFD without a word.
func DecodeBytes(body []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return apperr.Validation("the body must hold exactly one JSON object", nil)
	}
	fields := textin.Struct(dst)
	if !utf8.Valid(body) {
		for path, why := range textin.JSON(body, "", textin.Multiline) {
			fields[path] = why // the raw bytes say more than the decoded U+FFFD
		}
	}
	if len(fields) > 0 {
		return apperr.Validation("the body holds characters that are not allowed", fields)
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
		want := "must be " + jsonKind(typeErr.Type.Kind())
		return apperr.Validation(field+" "+want, map[string]string{field: want})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return apperr.Validation("the body has an unknown field", map[string]string{name: "unknown field"})
	default:
		return apperr.Validation("the body could not be read as JSON", nil)
	}
}

// jsonKind names the JSON value a Go kind takes, for "must be …". An
// integer field says "a whole number": encoding/json refuses 2.5 for it
// (never truncates), and "a number" would read as if 2.5 were fine.
func jsonKind(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	default:
		return "a number"
	}
}
