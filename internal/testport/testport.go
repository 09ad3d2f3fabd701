// Package testport picks TCP ports for servers a test starts in another
// process (Pebble, `mais serve`, PostgreSQL) or configures before it
// listens.
//
// Such a port is chosen, let go and bound a moment later; a port from the
// kernel's ephemeral range can be handed in that moment to any listener
// on port 0 or any outgoing connection of the parallel tests, and the
// server then fails with "address already in use". Ports come from below
// that range instead (Linux: 32768–60999), where only other picks of this
// package land, at random, and a port is never handed out twice by one
// test binary.
package testport

import (
	"math/rand/v2"
	"net"
	"strconv"
	"sync"
	"testing"
)

// Range is where ports are picked: [Low, High), below the ephemeral range.
const (
	Low  = 20000
	High = 32000
)

// given holds the ports this test binary was handed: two tests picking
// before either binds must not get the same one. It is the package's only
// state, and only ever grows.
var given struct {
	sync.Mutex
	ports map[int]bool
}

// Free returns a port in Range on 127.0.0.1 that nothing listens on now
// and that no other caller in this test binary was given.
func Free(tb testing.TB) int {
	tb.Helper()
	given.Lock()
	defer given.Unlock()
	if given.ports == nil {
		given.ports = map[int]bool{}
	}
	for range 100 {
		port := Low + rand.IntN(High-Low)
		if given.ports[port] {
			continue
		}
		ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
		if err != nil {
			continue
		}
		ln.Close()
		given.ports[port] = true
		return port
	}
	tb.Fatalf("testport: no free port in [%d, %d) after 100 tries", Low, High)
	return 0
}
