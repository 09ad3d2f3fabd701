package booking

import (
	"fmt"
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
