package textin

import (
	"bytes"
	"encoding/json"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"mais/internal/apperr"
)

// Struct checks every string reachable from v (a decoded request body:
// struct fields, pointers, slices, maps and interfaces) and returns the
// problems by JSON path: field names from their json tags joined with dots,
// elements by index ("customer.name", "addOnIds.2"). Strings are one-line
// unless their field, or a field above them, is tagged `text:"multiline"`.
// A json.RawMessage is walked as JSON (see JSON) with multi-line strings,
// since its own parser decides what each of its strings may hold.
func Struct(v any) apperr.FieldErrors {
	fields := apperr.FieldErrors{}
	walk(fields, "", reflect.ValueOf(v), Line)
	return fields
}

var rawMessageType = reflect.TypeFor[json.RawMessage]()

func walk(fields apperr.FieldErrors, path string, v reflect.Value, k Kind) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walk(fields, path, v.Elem(), k)
		}
	case reflect.String:
		Check(fields, orBody(path), v.String(), k)
	case reflect.Struct:
		walkStruct(fields, path, v, k)
	case reflect.Slice:
		if v.Type() == rawMessageType {
			for p, why := range JSON(v.Bytes(), path, Multiline) {
				fields.Add(p, why)
			}
			return
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return // []byte is base64 in JSON, not text
		}
		fallthrough
	case reflect.Array:
		for i := range v.Len() {
			walk(fields, join(path, strconv.Itoa(i)), v.Index(i), k)
		}
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return
		}
		for it := v.MapRange(); it.Next(); {
			key := it.Key().String()
			if why := Problem(key, Line); why != "" {
				fields.Add(orBody(path), "has a key that "+why)
				continue
			}
			walk(fields, join(path, key), it.Value(), k)
		}
	}
}

func walkStruct(fields apperr.FieldErrors, path string, v reflect.Value, k Kind) {
	t := v.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		tag, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if tag == "-" {
			continue
		}
		fk := k
		switch sf.Tag.Get("text") {
		case "multiline":
			fk = Multiline
		case "line":
			fk = Line
		}
		sub := path
		if !sf.Anonymous || tag != "" {
			name := tag
			if name == "" {
				name = sf.Name
			}
			sub = join(path, name)
		}
		walk(fields, sub, v.Field(i), fk)
	}
}

// JSON checks raw JSON text: every object key must be one-line text and
// every string value text of kind k; bytes that are not UTF-8 are found in
// the raw input, since encoding/json silently turns them into U+FFFD. Paths
// start at prefix and use the dots of Struct. A syntax error ends the walk
// quietly: reporting it is the parser's job.
func JSON(data []byte, prefix string, k Kind) apperr.FieldErrors {
	fields := apperr.FieldErrors{}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var stack []frame
	var last int64
	for {
		tok, err := dec.Token()
		if err != nil {
			return fields
		}
		off := dec.InputOffset()
		raw := data[last:off]
		last = off
		top := len(stack) - 1
		switch tok := tok.(type) {
		case json.Delim:
			if tok == '{' || tok == '[' {
				stack = append(stack, frame{object: tok == '{'})
				continue
			}
			stack = stack[:top]
			valueDone(stack)
		case string:
			if top >= 0 && stack[top].object && !stack[top].inValue {
				why := Problem(tok, Line)
				if why == "" && !utf8.Valid(raw) {
					why = ReasonUTF8
				}
				if why != "" {
					fields.Add(orBody(framePath(prefix, stack)), "has a field name that "+why)
				}
				stack[top].key, stack[top].inValue = tok, true
				continue
			}
			why := Problem(tok, k)
			if why == "" && !utf8.Valid(raw) {
				why = ReasonUTF8
			}
			if why != "" {
				fields.Add(orBody(framePath(prefix, stack)), why)
			}
			valueDone(stack)
		default:
			valueDone(stack)
		}
	}
}

// frame is one open object or array of the JSON walk.
type frame struct {
	object  bool
	inValue bool   // object: the key has been read, its value is next
	key     string // object: the current key
	index   int    // array: the index of the next element
}

func valueDone(stack []frame) {
	if len(stack) == 0 {
		return
	}
	f := &stack[len(stack)-1]
	if f.object {
		f.inValue = false
	} else {
		f.index++
	}
}

// framePath is the path of the value being read.
func framePath(prefix string, stack []frame) string {
	p := prefix
	for _, f := range stack {
		switch {
		case f.object && f.inValue:
			p = join(p, f.key)
		case !f.object:
			p = join(p, strconv.Itoa(f.index))
		}
	}
	return p
}

// Values checks form or query values: each name must be one-line text and
// each value text of the kind kindOf gives for its name (nil: all one-line).
// Problems are reported under the field's name; a name that is not text is
// reported under group ("form", "query").
func Values(group string, v url.Values, kindOf func(name string) Kind) apperr.FieldErrors {
	fields := apperr.FieldErrors{}
	for name, list := range v {
		if why := Problem(name, Line); why != "" {
			fields.Add(group, "has a field name that "+why)
			continue
		}
		k := Line
		if kindOf != nil {
			k = kindOf(name)
		}
		for _, s := range list {
			Check(fields, name, s, k)
		}
	}
	return fields
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// orBody names a problem with no path (the whole body is one string).
func orBody(path string) string {
	if path == "" {
		return "body"
	}
	return path
}
