package cache_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"mais/internal/cache"
)

// TestDecoded: a value handed back as the same slice is decoded once; a
// new value (another slice, even of the same length) is decoded afresh, so
// a changed value is never served from memory.
func TestDecoded(t *testing.T) {
	var d cache.Decoded[[]string]
	calls := 0
	decode := func(b []byte) ([]string, error) {
		calls++
		var v []string
		err := json.Unmarshal(b, &v)
		return v, err
	}
	raw := []byte(`["booked"]`)
	first, err := d.Get(raw, decode)
	if err != nil || len(first) != 1 || first[0] != "booked" {
		t.Fatalf("first read = %v, %v", first, err)
	}
	if _, err := d.Get(raw, decode); err != nil || calls != 1 {
		t.Errorf("the same slice read again: %d decodes, %v; want 1", calls, err)
	}
	changed := bytes.Replace(raw, []byte("booked"), []byte("heldXX"), 1) // same length, new slice
	if got, err := d.Get(changed, decode); err != nil || got[0] != "heldXX" || calls != 2 {
		t.Fatalf("a changed value read as %v (%d decodes), %v", got, calls, err)
	}
	if _, err := d.Get(nil, decode); err == nil {
		t.Error("an empty value decoded without an error")
	}
	if _, err := d.Get([]byte(`{`), decode); err == nil {
		t.Error("a broken value decoded without an error")
	}
}
