package booking

import (
	"fmt"
	"net/netip"
	"time"

	"mais/internal/apperr"
)

// MaxLiveHolds is how many live unpaid holds one customer e-mail, and one
// client address, may have per tenant (contract §5). The next checkout is
// TOO_MANY_REQUESTS until one of them is paid, released or lapses, so one
// anonymous client cannot hold every sellable date of a business.
const MaxLiveHolds = 3

// Who a hold cap counts.
const (
	CapByEmail   = "e-mail"
	CapByAddress = "address"
)

// HoldCapError is a checkout refused because a hold cap is reached. It
// unwraps to the TOO_MANY_REQUESTS *apperr.Error the HTTP layers answer
// with (Retry-After included); forms look for it to word their message.
type HoldCapError struct {
	By         string // CapByEmail or CapByAddress
	Limit      int
	RetryAfter time.Duration
	err        *apperr.Error
}

func (e *HoldCapError) Error() string { return e.err.Error() }
func (e *HoldCapError) Unwrap() error { return e.err }

// TooManyHolds is the error of a checkout over a hold cap. retryAfter is
// how long until the first of the counted holds lapses (at least one second
// is announced).
func TooManyHolds(by string, limit int, retryAfter time.Duration) error {
	secs := max(int((retryAfter+time.Second-1)/time.Second), 1)
	who := "this e-mail address"
	if by == CapByAddress {
		who = "this connection"
	}
	return &HoldCapError{By: by, Limit: limit, RetryAfter: time.Duration(secs) * time.Second, err: &apperr.Error{
		Code: apperr.CodeTooManyRequests, RetryAfterSeconds: secs,
		Message: fmt.Sprintf("%s already holds %d dates that are not paid yet; pay for one or wait until a hold ends before holding another", who, limit)}}
}

// AddressKey is what the per-address cap counts for a client address: an
// IPv4 address itself, or the /64 network of an IPv6 address (one
// subscriber line gets a whole /64, so its single addresses cost nothing
// to change). Anything else is kept as given.
func AddressKey(addr string) string {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return addr
	}
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, err := a.WithZone("").Prefix(64)
	if err != nil {
		return a.String()
	}
	return p.String()
}
