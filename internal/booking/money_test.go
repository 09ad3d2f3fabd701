package booking

import "testing"

func TestDepositCents(t *testing.T) {
	for _, c := range []struct {
		total   int64
		percent int
		want    int64
	}{
		{10000, 0, 0}, {10000, 100, 10000}, {10000, 25, 2500},
		{10001, 25, 2501}, // 2500.25 rounds up to the cent
		{1, 1, 1}, {1, 50, 1}, {0, 50, 0}, {99, 1, 1}, {100, 1, 1}, {101, 1, 2},
		{333333, 33, 110000}, // 109999.89 → 110000
	} {
		if got := DepositCents(c.total, c.percent); got != c.want {
			t.Errorf("DepositCents(%d, %d%%) = %d, want %d", c.total, c.percent, got, c.want)
		}
	}
}

func TestDueAtCheckout(t *testing.T) {
	const today = "2028-01-01"
	for _, c := range []struct {
		name    string
		total   int64
		percent int
		date    string
		days    int
		want    Due
	}{
		{"far away: deposit now", 10001, 25, "2028-11-04", 30, Due{NowCents: 2501, DepositCents: 2501, BalanceCents: 7500, BalanceDueDate: "2028-10-05"}},
		{"exactly balanceDueDays away: in full", 10000, 25, "2028-01-31", 30, Due{NowCents: 10000, DepositCents: 2500}},
		{"one day more: deposit", 10000, 25, "2028-02-01", 30, Due{NowCents: 2500, DepositCents: 2500, BalanceCents: 7500, BalanceDueDate: "2028-01-02"}},
		{"0 %: in full", 10000, 0, "2028-11-04", 30, Due{NowCents: 10000}},
		{"100 %: in full", 10000, 100, "2028-11-04", 30, Due{NowCents: 10000, DepositCents: 10000}},
		{"1 cent at 50 %: the deposit is the total", 1, 50, "2028-11-04", 30, Due{NowCents: 1, DepositCents: 1}},
		{"2 cents at 1 %", 2, 1, "2028-11-04", 30, Due{NowCents: 1, DepositCents: 1, BalanceCents: 1, BalanceDueDate: "2028-10-05"}},
		{"balance due 0 days before", 10000, 10, "2028-01-02", 0, Due{NowCents: 1000, DepositCents: 1000, BalanceCents: 9000, BalanceDueDate: "2028-01-02"}},
		{"today with 0 days: in full", 10000, 10, today, 0, Due{NowCents: 10000, DepositCents: 1000}},
	} {
		if got := DueAtCheckout(c.total, c.percent, c.date, today, c.days); got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestFeeShares(t *testing.T) {
	// The fees of one booking add up to exactly its commission, whatever
	// the split and the rounding.
	for _, c := range []struct {
		total   int64
		bps     int
		percent int
	}{
		{10001, 1250, 25}, {1, 1250, 50}, {2, 1250, 1}, {3, 3333, 33}, {999999, 1, 99},
		{100, 10000, 50}, {7, 5000, 10}, {10000, 0, 30}, {12345, 1250, 100}, {12345, 1250, 0},
	} {
		commission := Commission(c.total, c.bps)
		l := Ledger{TotalCents: c.total, CommissionBps: c.bps}
		due := DueAtCheckout(c.total, c.percent, "2028-11-04", "2028-01-01", 30)
		fee1 := l.ChargeFee(due.NowCents)
		if want := FeeShare(commission, due.NowCents, c.total); fee1 != want {
			t.Errorf("%+v: first charge fee %d, want the share %d", c, fee1, want)
		}
		l = l.Charge(due.NowCents, fee1)
		var fee2 int64
		if due.BalanceCents > 0 {
			fee2 = l.ChargeFee(due.BalanceCents)
			l = l.Charge(due.BalanceCents, fee2)
		}
		if fee1+fee2 != commission || l.FeesCents != commission || l.PaidCents != c.total {
			t.Errorf("%+v: fees %d + %d, want %d in all (ledger %+v)", c, fee1, fee2, commission, l)
		}
		if fee1 > due.NowCents || fee2 > due.BalanceCents || fee1 < 0 || fee2 < 0 {
			t.Errorf("%+v: a fee larger than its charge or negative: %d, %d", c, fee1, fee2)
		}
	}
	if got := FeeShare(1251, 2501, 10001); got != 313 { // 312.84 → 313
		t.Errorf("FeeShare(1251, 2501, 10001) = %d, want 313", got)
	}
}

func TestRefundsAndCommission(t *testing.T) {
	// 12.5 % of 10001 is 1251; paid in full.
	l := Ledger{TotalCents: 10001, CommissionBps: 1250}
	l = l.Charge(10001, l.ChargeFee(10001))
	if l.FeesCents != 1251 || l.Commission() != 1251 {
		t.Fatalf("paid: %+v", l)
	}
	// A refund of 1 cent: commission ⌈10000 × 12.5 %⌉ = 1250, 1 cent of fee back.
	fee := l.RefundFee(1)
	l = l.Refund(1, fee)
	if fee != 1 || l.Commission() != 1250 || l.FeesCents != 1250 {
		t.Fatalf("after 1 cent: fee %d, %+v", fee, l)
	}
	// A refund of a refund: another 4000, then the rest.
	fee = l.RefundFee(4000)
	l = l.Refund(4000, fee)
	if want := Commission(6000, 1250); l.Commission() != want || l.FeesCents != want || fee != 1250-want {
		t.Fatalf("after 4001: fee %d, %+v, want commission %d", fee, l, want)
	}
	fee = l.RefundFee(l.Refundable())
	l = l.Refund(l.Refundable(), fee)
	if l.Commission() != 0 || l.FeesCents != 0 || l.Refundable() != 0 {
		t.Fatalf("refunded in full: fee %d, %+v", fee, l)
	}

	// Deposit paid (2501 with fee 313), 1000 refunded: commission on 1501
	// is 188, so 125 of fee goes back; the balance then carries the rest
	// of the commission on what is kept.
	l = Ledger{TotalCents: 10001, CommissionBps: 1250}
	l = l.Charge(2501, l.ChargeFee(2501))
	fee = l.RefundFee(1000)
	l = l.Refund(1000, fee)
	if fee != 125 || l.FeesCents != 188 {
		t.Fatalf("deposit refund: fee %d, %+v", fee, l)
	}
	bal := l.ChargeFee(7500)
	l = l.Charge(7500, bal)
	if want := Commission(10001-1000, 1250); l.FeesCents != want || l.Commission() != want {
		t.Fatalf("balance after a refund: fee %d, %+v, want %d", bal, l, want)
	}
	// 0 % commission: no fee ever.
	z := Ledger{TotalCents: 500}
	if z.ChargeFee(500) != 0 || z.RefundFee(500) != 0 {
		t.Fatal("fees at 0 %")
	}
}

func TestRefundOnCancel(t *testing.T) {
	strict := Policy{FreeCancellationDays: 90}
	lenient := Policy{FreeCancellationDays: 90, DepositRefundable: true}
	paidDeposit := Ledger{TotalCents: 10001, PaidCents: 2501}
	paidAll := Ledger{TotalCents: 10001, PaidCents: 10001}
	for _, c := range []struct {
		name    string
		l       Ledger
		deposit int64
		days    int
		p       Policy
		want    int64
	}{
		{"early: all back", paidAll, 2501, 90, strict, 10001},
		{"late: all but the deposit", paidAll, 2501, 89, strict, 7500},
		{"late, deposit only paid: nothing", paidDeposit, 2501, 10, strict, 0},
		{"late, refundable deposit", paidDeposit, 2501, 10, lenient, 2501},
		{"early, deposit only", paidDeposit, 2501, 120, strict, 2501},
		{"late, partly refunded before", Ledger{TotalCents: 10001, PaidCents: 10001, RefundedCents: 7000}, 2501, 5, strict, 500},
		{"late, refunded past the deposit", Ledger{TotalCents: 10001, PaidCents: 10001, RefundedCents: 9000}, 2501, 5, strict, 0},
		{"no deposit policy, late", paidAll, 0, 1, strict, 10001},
		{"nothing paid", Ledger{TotalCents: 10001}, 2501, 200, strict, 0},
		{"1 cent paid, late", Ledger{TotalCents: 1, PaidCents: 1}, 1, 0, strict, 0},
	} {
		if got := RefundOnCancel(c.l, c.deposit, c.days, c.p); got != c.want {
			t.Errorf("%s: refund %d, want %d", c.name, got, c.want)
		}
	}
}
