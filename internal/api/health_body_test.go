package api

import (
	"encoding/json"
	"testing"
	"time"
)

// TestHealthBodyPerSecond: /health's answer is encoded once per second and
// is the right one for the second asked about, never a stale one.
func TestHealthBodyPerSecond(t *testing.T) {
	started := time.Date(2027, 3, 10, 15, 0, 0, 0, time.UTC)
	s := &Server{Started: started}
	decode := func(b []byte) healthJSON {
		t.Helper()
		var h healthJSON
		if err := json.Unmarshal(b, &h); err != nil {
			t.Fatalf("health body %q: %v", b, err)
		}
		return h
	}
	at := started.Add(90*time.Second + 200*time.Millisecond)
	first := s.healthBody(at)
	if h := decode(first); h.Status != "healthy" || h.Timestamp != "2027-03-10T15:01:30Z" || h.Uptime != 90 {
		t.Fatalf("health at +90.2s = %+v", h)
	}
	if again := s.healthBody(at.Add(700 * time.Millisecond)); &again[0] != &first[0] {
		t.Error("a second request in the same second encoded the body again")
	}
	next := s.healthBody(at.Add(time.Second))
	if h := decode(next); h.Timestamp != "2027-03-10T15:01:31Z" || h.Uptime != 91 {
		t.Errorf("health one second later = %+v, want the new second", h)
	}
	if h := decode(first); h.Timestamp != "2027-03-10T15:01:30Z" {
		t.Errorf("the earlier body was changed in place: %+v", h)
	}
}
