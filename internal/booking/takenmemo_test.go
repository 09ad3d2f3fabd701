package booking

import (
	"bytes"
	"testing"
)

// TestTakenMemo: a cached month handed back as the same slice is decoded
// once; a new value (another slice, even with the same length) is decoded
// afresh, so the memo can never serve a month that changed.
func TestTakenMemo(t *testing.T) {
	var m takenMemo
	raw := []byte(`[{"d":"2027-06-12","r":"booked"}]`)
	first, err := m.takenDays(raw)
	if err != nil || len(first) != 1 || first[0].Date != "2027-06-12" || first[0].Reason != ReasonBooked {
		t.Fatalf("first read = %+v, %v", first, err)
	}
	again, _ := m.takenDays(raw)
	if &again[0] != &first[0] {
		t.Error("the same cached slice was decoded again")
	}
	changed := bytes.Replace(raw, []byte("booked"), []byte("heldXX"), 1) // same length, new slice
	got, err := m.takenDays(changed)
	if err != nil || got[0].Reason != "heldXX" {
		t.Fatalf("a changed month read as %+v, %v", got, err)
	}
	if _, err := m.takenDays(nil); err == nil {
		t.Error("an empty cached value decoded without an error")
	}
	if _, err := m.takenDays([]byte(`{`)); err == nil {
		t.Error("a broken cached value decoded without an error")
	}
}
