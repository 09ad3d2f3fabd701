package siteconfig

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// Kinds of Change.
const (
	ChangeAdded   = "added"
	ChangeRemoved = "removed"
	ChangeChanged = "changed"
)

// Change is one difference between two configurations. Path uses the same
// dotted form as validation errors (pages.home.sections.0.headline). Before
// and After hold plain JSON values (string, bool, int64, float64,
// map[string]any, []any or nil); Before is nil for "added", After for
// "removed".
type Change struct {
	Path   string `json:"path"`
	Kind   string `json:"kind"`
	Before any    `json:"before"`
	After  any    `json:"after"`
}

// Diff lists every difference from a to b, in document order. It compares the
// canonical JSON forms, so it covers every field without knowing them.
// Arrays are compared index by index; a section whose type changed is
// reported as one change of the whole section.
func Diff(a, b Config) []Change {
	ta := mustOrderedTree(Canonical(a))
	tb := mustOrderedTree(Canonical(b))
	var changes []Change
	diffValues(&changes, "", ta, tb)
	return changes
}

func diffValues(out *[]Change, path string, a, b any) {
	switch av := a.(type) {
	case *object:
		bv, ok := b.(*object)
		if !ok || !scalarEqual(av.vals["type"], bv.vals["type"]) {
			break
		}
		for _, k := range av.keys {
			p := join(path, k)
			if bval, ok := bv.vals[k]; ok {
				diffValues(out, p, av.vals[k], bval)
			} else {
				*out = append(*out, Change{Path: p, Kind: ChangeRemoved, Before: plain(av.vals[k])})
			}
		}
		for _, k := range bv.keys {
			if _, ok := av.vals[k]; !ok {
				*out = append(*out, Change{Path: join(path, k), Kind: ChangeAdded, After: plain(bv.vals[k])})
			}
		}
		return
	case []any:
		bv, ok := b.([]any)
		if !ok {
			break
		}
		for i := range max(len(av), len(bv)) {
			p := join(path, strconv.Itoa(i))
			switch {
			case i >= len(bv):
				*out = append(*out, Change{Path: p, Kind: ChangeRemoved, Before: plain(av[i])})
			case i >= len(av):
				*out = append(*out, Change{Path: p, Kind: ChangeAdded, After: plain(bv[i])})
			default:
				diffValues(out, p, av[i], bv[i])
			}
		}
		return
	default:
		if scalarEqual(a, b) {
			return
		}
	}
	*out = append(*out, Change{Path: path, Kind: ChangeChanged, Before: plain(a), After: plain(b)})
}

// scalarEqual compares two leaf values; containers are never equal here,
// which is what diffValues needs when a leaf meets a container.
func scalarEqual(a, b any) bool {
	switch a.(type) {
	case *object, []any:
		return false
	}
	switch b.(type) {
	case *object, []any:
		return false
	}
	return a == b
}

// object is a JSON object that remembers its key order, so a diff follows
// the document rather than the alphabet.
type object struct {
	keys []string
	vals map[string]any
}

func mustOrderedTree(data []byte) any {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeOrdered(dec)
	if err != nil {
		// data comes from Canonical, which always writes valid JSON.
		panic("siteconfig: decode canonical form: " + err.Error())
	}
	return v
}

func decodeOrdered(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			obj := &object{vals: map[string]any{}}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, ok := kt.(string)
				if !ok {
					return nil, fmt.Errorf("object key %v is not a string", kt)
				}
				v, err := decodeOrdered(dec)
				if err != nil {
					return nil, err
				}
				if _, dup := obj.vals[key]; !dup {
					obj.keys = append(obj.keys, key)
				}
				obj.vals[key] = v
			}
			_, err := dec.Token() // '}'
			return obj, err
		case '[':
			arr := []any{}
			for dec.More() {
				v, err := decodeOrdered(dec)
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			}
			_, err := dec.Token() // ']'
			return arr, err
		}
		return nil, fmt.Errorf("unexpected delimiter %v", t)
	}
	return tok, nil
}

// plain converts an ordered tree to ordinary JSON values for Change.
func plain(v any) any {
	switch t := v.(type) {
	case *object:
		m := make(map[string]any, len(t.keys))
		for _, k := range t.keys {
			m[k] = plain(t.vals[k])
		}
		return m
	case []any:
		out := make([]any, len(t))
		for i, el := range t {
			out[i] = plain(el)
		}
		return out
	case json.Number:
		if n, err := t.Int64(); err == nil {
			return n
		}
		f, _ := t.Float64()
		return f
	}
	return v
}
