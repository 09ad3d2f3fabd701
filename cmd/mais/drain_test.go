package main

import (
	"testing"
	"time"
)

func TestDrainDelay(t *testing.T) {
	for v, want := range map[string]time.Duration{"": 0, "5s": 5 * time.Second, " 250ms ": 250 * time.Millisecond} {
		got, err := drainDelay(func(string) string { return v })
		if err != nil || got != want {
			t.Errorf("MAIS_DRAIN_DELAY=%q: %v, %v; want %v", v, got, err, want)
		}
	}
	for _, v := range []string{"soon", "-1s", "2m"} {
		if _, err := drainDelay(func(string) string { return v }); err == nil {
			t.Errorf("MAIS_DRAIN_DELAY=%q accepted", v)
		}
	}
}
