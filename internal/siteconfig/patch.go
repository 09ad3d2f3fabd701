package siteconfig

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"mais/internal/apperr"
)

// MaxPatchOps bounds the number of operations in one patch.
const MaxPatchOps = 500

// ApplyPatch applies a JSON Patch (RFC 6902: add, remove, replace and test)
// to the canonical document of base and parses the result, so the returned
// config is valid. The patch is atomic: on any error nothing is returned.
//
// A bad operation yields a VALIDATION_ERROR whose field names the operation
// (patch.2.path, patch.2.op, patch.2.value); an invalid result yields the
// usual configuration paths. Empty optional strings are absent from the
// canonical document, so they are set with "add", not "replace".
func ApplyPatch(base Config, patch []byte) (Config, error) {
	if len(patch) > MaxDocumentSize {
		return Config{}, apperr.New(apperr.CodePayloadTooLarge, "patch exceeds %d bytes", MaxDocumentSize)
	}
	var ops []json.RawMessage
	if err := json.Unmarshal(patch, &ops); err != nil {
		return Config{}, apperr.Validation("patch must be a JSON array of operations", map[string]string{"patch": "must be a JSON array"})
	}
	if len(ops) > MaxPatchOps {
		return Config{}, apperr.Validation("patch has too many operations", map[string]string{"patch": fmt.Sprintf("at most %d operations", MaxPatchOps)})
	}

	var doc any
	if err := json.Unmarshal(Canonical(base), &doc); err != nil {
		return Config{}, fmt.Errorf("siteconfig: decode canonical form: %w", err)
	}
	for i, raw := range ops {
		var err error
		doc, err = applyOp(doc, raw)
		if err != nil {
			var oe *opError
			if !errors.As(err, &oe) {
				return Config{}, err
			}
			path := fmt.Sprintf("patch.%d", i)
			if oe.field != "" {
				path += "." + oe.field
			}
			return Config{}, apperr.Validation(fmt.Sprintf("patch operation %d failed: %s", i, oe.msg), map[string]string{path: oe.msg})
		}
	}

	out, err := json.Marshal(doc)
	if err != nil {
		return Config{}, fmt.Errorf("siteconfig: encode patched document: %w", err)
	}
	return Parse(out)
}

// opError is a problem with one operation; field is the member of the
// operation at fault ("op", "path", "value") or "" for the whole operation.
type opError struct {
	field, msg string
}

func (e *opError) Error() string { return e.field + ": " + e.msg }

func opErr(field, format string, args ...any) *opError {
	return &opError{field: field, msg: fmt.Sprintf(format, args...)}
}

func applyOp(doc any, raw json.RawMessage) (any, error) {
	var op struct {
		Op    string          `json:"op"`
		Path  *string         `json:"path"`
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(raw, &op); err != nil {
		return nil, opErr("", "must be an object with op, path and value")
	}
	switch op.Op {
	case "add", "remove", "replace", "test":
	case "":
		return nil, opErr("op", "required")
	case "move", "copy":
		return nil, opErr("op", "%q is not supported; use remove and add", op.Op)
	default:
		return nil, opErr("op", "unknown operation %q", op.Op)
	}
	if op.Path == nil {
		return nil, opErr("path", "required")
	}
	tokens, err := parsePointer(*op.Path)
	if err != nil {
		return nil, opErr("path", "%s", err)
	}

	var value any
	if op.Op != "remove" {
		if op.Value == nil {
			return nil, opErr("value", "required")
		}
		if err := json.Unmarshal(op.Value, &value); err != nil {
			return nil, opErr("value", "must be JSON")
		}
	}

	ptr := *op.Path
	switch op.Op {
	case "test":
		got, err := lookup(doc, tokens)
		if err != nil {
			return nil, opErr("path", "%s", err)
		}
		if !reflect.DeepEqual(got, value) {
			return nil, opErr("value", "test failed: the value at %q differs", ptr)
		}
		return doc, nil
	case "add", "replace":
		if len(tokens) == 0 {
			return value, nil
		}
	case "remove":
		if len(tokens) == 0 {
			return nil, opErr("path", "cannot remove the whole document")
		}
	}
	last := func(container any, key string) (any, error) {
		switch op.Op {
		case "add":
			return addMember(container, key, value)
		case "remove":
			return removeMember(container, key, ptr)
		default:
			return replaceMember(container, key, value, ptr)
		}
	}
	doc, err = modify(doc, tokens, last)
	if err != nil {
		return nil, opErr("path", "%s", err)
	}
	return doc, nil
}

// parsePointer splits a JSON Pointer (RFC 6901) into unescaped tokens.
func parsePointer(s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	if s[0] != '/' {
		return nil, errors.New(`must be a JSON Pointer starting with "/"`)
	}
	tokens := strings.Split(s[1:], "/")
	for i, t := range tokens {
		for j := 0; j < len(t); j++ {
			if t[j] == '~' && (j+1 == len(t) || (t[j+1] != '0' && t[j+1] != '1')) {
				return nil, errors.New(`"~" must be followed by 0 or 1`)
			}
		}
		// ~1 first, so "~01" becomes "~1" and not "/".
		tokens[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return tokens, nil
}

// modify rebuilds the path down to the parent of the last token and lets
// last change that parent; arrays may change length, so each level stores
// the new child back into its own container.
func modify(node any, tokens []string, last func(container any, key string) (any, error)) (any, error) {
	if len(tokens) == 1 {
		return last(node, tokens[0])
	}
	child, err := member(node, tokens[0])
	if err != nil {
		return nil, err
	}
	newChild, err := modify(child, tokens[1:], last)
	if err != nil {
		return nil, err
	}
	switch c := node.(type) {
	case map[string]any:
		c[tokens[0]] = newChild
	case []any:
		i, _ := arrayIndex(tokens[0], len(c), false) // checked by member
		c[i] = newChild
	}
	return node, nil
}

func lookup(doc any, tokens []string) (any, error) {
	v := doc
	for _, t := range tokens {
		var err error
		if v, err = member(v, t); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// member returns the existing child key of node.
func member(node any, key string) (any, error) {
	switch c := node.(type) {
	case map[string]any:
		v, ok := c[key]
		if !ok {
			return nil, fmt.Errorf("no member %q", key)
		}
		return v, nil
	case []any:
		i, err := arrayIndex(key, len(c), false)
		if err != nil {
			return nil, err
		}
		return c[i], nil
	}
	return nil, fmt.Errorf("cannot look up %q inside a %s", key, jsonKind(node))
}

func addMember(container any, key string, value any) (any, error) {
	switch c := container.(type) {
	case map[string]any:
		c[key] = value
		return c, nil
	case []any:
		i, err := arrayIndex(key, len(c), true)
		if err != nil {
			return nil, err
		}
		return slices.Insert(c, i, value), nil
	}
	return nil, fmt.Errorf("cannot add %q inside a %s", key, jsonKind(container))
}

func removeMember(container any, key, ptr string) (any, error) {
	switch c := container.(type) {
	case map[string]any:
		if _, ok := c[key]; !ok {
			return nil, fmt.Errorf("no value at %q", ptr)
		}
		delete(c, key)
		return c, nil
	case []any:
		i, err := arrayIndex(key, len(c), false)
		if err != nil {
			return nil, err
		}
		return slices.Delete(c, i, i+1), nil
	}
	return nil, fmt.Errorf("cannot remove %q inside a %s", key, jsonKind(container))
}

func replaceMember(container any, key string, value any, ptr string) (any, error) {
	switch c := container.(type) {
	case map[string]any:
		if _, ok := c[key]; !ok {
			return nil, fmt.Errorf("no value at %q; use add to set an absent field", ptr)
		}
		c[key] = value
		return c, nil
	case []any:
		i, err := arrayIndex(key, len(c), false)
		if err != nil {
			return nil, err
		}
		c[i] = value
		return c, nil
	}
	return nil, fmt.Errorf("cannot replace %q inside a %s", key, jsonKind(container))
}

// arrayIndex parses an array token. forAdd allows "-" (append) and the
// index one past the end.
func arrayIndex(tok string, n int, forAdd bool) (int, error) {
	if tok == "-" {
		if forAdd {
			return n, nil
		}
		return 0, errors.New(`"-" refers to no element; only add may use it`)
	}
	if tok == "" || (len(tok) > 1 && tok[0] == '0') || strings.TrimLeft(tok, "0123456789") != "" {
		return 0, fmt.Errorf("%q is not an array index", tok)
	}
	i, err := strconv.Atoi(tok)
	if err != nil || i > n || (i == n && !forAdd) {
		return 0, fmt.Errorf("index %s is out of range (length %d)", tok, n)
	}
	return i, nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	}
	return "null"
}
