package cache

import (
	"fmt"
	"sync"
)

// Decoded remembers what the values most recently read from a cache decode
// to, so that a value read again is not decoded again. A cache hands back
// the very slice it stored until the value changes, so a value is known by
// its bytes' address and length; a changed value is a new slice and is
// decoded afresh. The map's keys point into the values, which keeps them
// alive: an address cannot be reused while it is remembered. Decoded
// values are shared between callers and must not be written to.
//
// The zero Decoded is ready to use; it must not be copied after first use.
type Decoded[T any] struct {
	mu    sync.Mutex
	byRaw map[*byte]decoded[T]
}

type decoded[T any] struct {
	n int
	v T
}

// decodedMax bounds a Decoded; past it, it starts over.
const decodedMax = 4096

// Get returns decode(raw), from memory when raw was decoded before. An
// empty raw is an error: no cache stores one.
func (d *Decoded[T]) Get(raw []byte, decode func([]byte) (T, error)) (T, error) {
	var zero T
	if len(raw) == 0 {
		return zero, fmt.Errorf("cache: decode: empty value")
	}
	d.mu.Lock()
	e, ok := d.byRaw[&raw[0]]
	d.mu.Unlock()
	if ok && e.n == len(raw) {
		return e.v, nil
	}
	v, err := decode(raw)
	if err != nil {
		return zero, err
	}
	d.mu.Lock()
	if d.byRaw == nil || len(d.byRaw) >= decodedMax {
		d.byRaw = make(map[*byte]decoded[T])
	}
	d.byRaw[&raw[0]] = decoded[T]{n: len(raw), v: v}
	d.mu.Unlock()
	return v, nil
}
