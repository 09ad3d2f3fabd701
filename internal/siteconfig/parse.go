package siteconfig

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"

	"mais/internal/apperr"
)

// Parse reads a configuration document from untrusted input. Unknown fields,
// unknown section types and values of the wrong JSON type are refused with
// their paths; then every rule of Validate applies. All failures are
// VALIDATION_ERRORs except an oversized document (PAYLOAD_TOO_LARGE).
func Parse(data []byte) (Config, error) {
	if len(data) > MaxDocumentSize {
		return Config{}, apperr.New(apperr.CodePayloadTooLarge, "site configuration exceeds %d bytes", MaxDocumentSize)
	}
	tree, err := decodeTree(data)
	if err != nil {
		return Config{}, apperr.Validation("site configuration is not valid JSON: "+err.Error(), nil)
	}
	if _, ok := tree.(map[string]any); !ok {
		return Config{}, apperr.Validation("site configuration must be a JSON object", nil)
	}
	errs := apperr.FieldErrors{}
	checkShape(errs, "", tree, reflect.TypeFor[Config]())
	if err := errs.Err(); err != nil {
		return Config{}, err
	}
	var c Config
	if err := json.Unmarshal(data, &c); err != nil {
		// checkShape accepted the document, so this is a bug here.
		return Config{}, fmt.Errorf("siteconfig: decode checked document: %w", err)
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// decodeTree decodes exactly one JSON value, keeping numbers as json.Number
// so integers can be checked exactly.
func decodeTree(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		var syn *json.SyntaxError
		switch {
		case errors.Is(err, io.EOF):
			return nil, errors.New("empty document")
		case errors.Is(err, io.ErrUnexpectedEOF):
			return nil, errors.New("unexpected end of document")
		case errors.As(err, &syn):
			return nil, fmt.Errorf("%s (at byte %d)", strings.TrimPrefix(syn.Error(), "json: "), syn.Offset)
		}
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("unexpected data after the document")
	}
	return v, nil
}

// checkShape walks a decoded document alongside the Go type it must fill and
// records, by path, every unknown field and every value of the wrong JSON
// type. encoding/json alone would report only the first problem, and
// unknown fields without their path. null is accepted as the zero value.
func checkShape(errs apperr.FieldErrors, path string, v any, t reflect.Type) {
	if t == reflect.TypeFor[Section]() {
		checkSection(errs, path, v)
		return
	}
	if v == nil {
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			errs.Add(path, "must be an object")
			return
		}
		checkFields(errs, path, obj, t, "")
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			errs.Add(path, "must be an array")
			return
		}
		for i, el := range arr {
			checkShape(errs, join(path, strconv.Itoa(i)), el, t.Elem())
		}
	case reflect.String:
		if _, ok := v.(string); !ok {
			errs.Add(path, "must be a string")
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			errs.Add(path, "must be true or false")
		}
	case reflect.Int:
		// One reason for "5", 4.5 and 1e40 alike, the API's (httpx.Decode):
		// "must be a number" would read as if 4.5 were fine.
		n, ok := v.(json.Number)
		if !ok {
			errs.Add(path, "must be a whole number")
			return
		}
		if _, err := strconv.ParseInt(n.String(), 10, 32); err != nil {
			errs.Add(path, "must be a whole number")
		}
	default:
		// Every field type of Config is handled above.
		errs.Add(path, "unsupported field type "+t.String())
	}
}

func checkSection(errs apperr.FieldErrors, path string, v any) {
	obj, ok := v.(map[string]any)
	if !ok {
		errs.Add(path, "must be an object")
		return
	}
	kind, ok := obj["type"].(string)
	if !ok {
		if obj["type"] == nil {
			errs.Add(join(path, "type"), "required")
		} else {
			errs.Add(join(path, "type"), "must be a string")
		}
		return
	}
	t, ok := sectionTypes()[kind]
	if !ok {
		errs.Add(join(path, "type"), fmt.Sprintf("unknown section type %q", kind))
		return
	}
	checkFields(errs, path, obj, t, "type")
}

// checkFields checks the members of obj against the JSON fields of struct
// type t. Names match exactly, unlike encoding/json's case-insensitive match.
// extra names one more allowed member (the section discriminator).
func checkFields(errs apperr.FieldErrors, path string, obj map[string]any, t reflect.Type, extra string) {
	fields := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		fields[name] = f.Type
	}
	for key, val := range obj {
		p := join(path, key)
		ft, ok := fields[key]
		switch {
		case ok:
			checkShape(errs, p, val, ft)
		case key == extra && extra != "":
			// already checked by the caller
		default:
			errs.Add(p, "unknown field")
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
