package testport_test

import (
	"net"
	"strconv"
	"testing"

	"mais/internal/testport"
)

// TestFree: a picked port is below the kernel's ephemeral range and can
// be bound; picks differ.
func TestFree(t *testing.T) {
	seen := map[int]bool{}
	for range 20 {
		p := testport.Free(t)
		if p < testport.Low || p >= testport.High {
			t.Fatalf("port %d outside [%d, %d)", p, testport.Low, testport.High)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p))
		if err != nil {
			t.Fatalf("port %d cannot be bound: %v", p, err)
		}
		ln.Close()
		seen[p] = true
	}
	if len(seen) < 10 {
		t.Errorf("20 picks gave only %d ports", len(seen))
	}
}
