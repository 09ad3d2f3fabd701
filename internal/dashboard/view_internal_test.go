package dashboard

import "testing"

// TestTitleWord: statuses are written as words; DEPOSIT_PAID read
// "Deposit_paid" in the bookings filter (fresh tester).
func TestTitleWord(t *testing.T) {
	for in, want := range map[string]string{"": "", "draft": "Draft", "PAID": "Paid", "DEPOSIT_PAID": "Deposit paid", "needs_refund": "Needs refund"} {
		if got := titleWord(in); got != want {
			t.Errorf("titleWord(%q) = %q, want %q", in, got, want)
		}
	}
}
