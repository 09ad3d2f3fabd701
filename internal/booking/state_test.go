package booking

import (
	"errors"
	"strings"
	"testing"

	"mais/internal/apperr"
)

// TestTransition walks every status × action × sellable of the state
// machine, without a database.
func TestTransition(t *testing.T) {
	type want struct {
		next    Status
		outcome Outcome
		code    string // apperr code of a refused action; "" accepted
		paid    bool
		refund  bool
		await   bool
		notify  bool
		audit   bool
		charge  bool
	}
	nc := func(s Status) want { return want{next: s, outcome: OutcomeNoChange} }
	booked := want{next: StatusPaid, outcome: OutcomeBooked, paid: true, notify: true, charge: true}
	deposit := want{next: StatusDepositPaid, outcome: OutcomeBooked, paid: true, notify: true, charge: true}
	conflict := want{next: StatusConflict, outcome: OutcomeConflict, paid: true, refund: true, notify: true, charge: true}
	owed := func(s Status) want { return want{next: s, outcome: OutcomeConflict, refund: true, charge: true} }
	canceled := want{next: StatusCanceled, outcome: OutcomeCanceled, notify: true, audit: true}
	moved := func(s Status) want { return want{next: s, outcome: OutcomeRescheduled, notify: true, audit: true} }
	refused := func(s Status) want { return want{next: s, outcome: OutcomeNoChange, code: apperr.CodeConflict} }
	all := []Status{StatusPending, StatusDepositPaid, StatusPaid, StatusExpired, StatusCanceled, StatusConflict}
	both := func(w want) [2]want { return [2]want{w, w} }
	// cases[action][status] = {sellable, not sellable}
	cases := map[Action]map[Status][2]want{
		ActionPay: {
			StatusPending:     {booked, conflict},
			StatusExpired:     {booked, conflict},
			StatusCanceled:    {booked, conflict},
			StatusPaid:        {nc(StatusPaid), nc(StatusPaid)},
			StatusConflict:    {nc(StatusConflict), nc(StatusConflict)},
			StatusDepositPaid: both(nc(StatusDepositPaid)),
		},
		ActionPayDeposit: {
			StatusPending:     {deposit, conflict},
			StatusExpired:     {deposit, conflict},
			StatusCanceled:    {deposit, conflict},
			StatusDepositPaid: both(nc(StatusDepositPaid)),
			StatusPaid:        both(nc(StatusPaid)),
			StatusConflict:    both(nc(StatusConflict)),
		},
		ActionPayBalance: {
			StatusDepositPaid: both(booked),
			StatusPending:     both(nc(StatusPending)),
			StatusPaid:        both(nc(StatusPaid)),
			StatusExpired:     both(owed(StatusExpired)),
			StatusCanceled:    both(owed(StatusCanceled)),
			StatusConflict:    both(owed(StatusConflict)),
		},
		ActionCancelBooking: {
			StatusPending:     both(canceled),
			StatusDepositPaid: both(canceled),
			StatusPaid:        both(canceled),
			StatusConflict:    both(canceled),
			StatusExpired:     both(nc(StatusExpired)),
			StatusCanceled:    both(nc(StatusCanceled)),
		},
		ActionReschedule: {
			StatusDepositPaid: both(moved(StatusDepositPaid)),
			StatusPaid:        both(moved(StatusPaid)),
			StatusPending:     both(refused(StatusPending)),
			StatusExpired:     both(refused(StatusExpired)),
			StatusCanceled:    both(refused(StatusCanceled)),
			StatusConflict:    both(refused(StatusConflict)),
		},
		ActionAwait: {
			StatusDepositPaid: both(nc(StatusDepositPaid)),
			StatusPending:     {{next: StatusPending, outcome: OutcomeAwaiting, await: true}, {next: StatusPending, outcome: OutcomeAwaiting, await: true}},
			StatusPaid:        {nc(StatusPaid), nc(StatusPaid)},
			StatusExpired:     {nc(StatusExpired), nc(StatusExpired)},
			StatusCanceled:    {nc(StatusCanceled), nc(StatusCanceled)},
			StatusConflict:    {nc(StatusConflict), nc(StatusConflict)},
		},
		ActionExpire: {
			StatusDepositPaid: both(nc(StatusDepositPaid)),
			StatusPending:     {{next: StatusExpired, outcome: OutcomeReleased, notify: true}, {next: StatusExpired, outcome: OutcomeReleased, notify: true}},
			StatusPaid:        {nc(StatusPaid), nc(StatusPaid)},
			StatusExpired:     {nc(StatusExpired), nc(StatusExpired)},
			StatusCanceled:    {nc(StatusCanceled), nc(StatusCanceled)},
			StatusConflict:    {nc(StatusConflict), nc(StatusConflict)},
		},
		ActionCancel: {
			StatusDepositPaid: both(nc(StatusDepositPaid)),
			StatusPending:     {{next: StatusCanceled, outcome: OutcomeReleased, notify: true}, {next: StatusCanceled, outcome: OutcomeReleased, notify: true}},
			StatusPaid:        {nc(StatusPaid), nc(StatusPaid)},
			StatusExpired:     {nc(StatusExpired), nc(StatusExpired)},
			StatusCanceled:    {nc(StatusCanceled), nc(StatusCanceled)},
			StatusConflict:    {nc(StatusConflict), nc(StatusConflict)},
		},
		ActionAdminRelease: {
			StatusDepositPaid: both(refused(StatusDepositPaid)),
			StatusPending:     {{next: StatusCanceled, outcome: OutcomeReleased, audit: true}, {next: StatusCanceled, outcome: OutcomeReleased, audit: true}},
			StatusPaid:        {refused(StatusPaid), refused(StatusPaid)},
			StatusExpired:     {refused(StatusExpired), refused(StatusExpired)},
			StatusCanceled:    {refused(StatusCanceled), refused(StatusCanceled)},
			StatusConflict:    {refused(StatusConflict), refused(StatusConflict)},
		},
		ActionBlackout: {
			StatusDepositPaid: both(refused(StatusDepositPaid)),
			StatusPending:     {{next: StatusCanceled, outcome: OutcomeReleased, audit: true}, {next: StatusCanceled, outcome: OutcomeReleased, audit: true}},
			StatusPaid:        {refused(StatusPaid), refused(StatusPaid)},
			StatusExpired:     {nc(StatusExpired), nc(StatusExpired)},
			StatusCanceled:    {nc(StatusCanceled), nc(StatusCanceled)},
			StatusConflict:    {nc(StatusConflict), nc(StatusConflict)},
		},
	}
	for a := ActionPay; a <= ActionReschedule; a++ {
		byStatus, ok := cases[a]
		if !ok || len(byStatus) != len(all) {
			t.Fatalf("%v: the table must cover every status", a)
		}
		for _, st := range all {
			for i, sellable := range []bool{true, false} {
				w := byStatus[st][i]
				next, fx, err := Transition(st, a, sellable)
				name := string(st) + " --" + a.String() + "--> "
				if w.code != "" {
					if !apperr.Is(err, w.code) {
						t.Errorf("%s(sellable=%v): err %v, want %s", name, sellable, err, w.code)
					}
				} else if err != nil {
					t.Errorf("%s(sellable=%v): %v", name, sellable, err)
				}
				got := want{next: next, outcome: fx.Outcome, code: w.code, paid: fx.Paid, refund: fx.NeedsRefund,
					await: fx.Awaiting, notify: fx.Notify, audit: fx.Audit, charge: fx.Charge}
				if got != w {
					t.Errorf("%s(sellable=%v) = %+v, want %+v", name, sellable, got, w)
				}
				if fx.Changed() != (w.outcome != OutcomeNoChange) {
					t.Errorf("%s(sellable=%v): Changed() = %v", name, sellable, fx.Changed())
				}
			}
		}
	}
	if _, _, err := Transition("BOGUS", ActionPay, true); err == nil {
		t.Error("an unknown status must be refused")
	}
	if _, _, err := Transition(StatusPending, Action(99), true); err == nil {
		t.Error("an unknown action must be refused")
	}
}

// TestParseListFilter: one home for the listing's rules.
func TestParseListFilter(t *testing.T) {
	f, err := ParseListFilter("", "", "", "", "")
	if err != nil || f.Limit != DefaultPageSize || f.Offset != 0 || f.Statuses != nil {
		t.Fatalf("defaults: %+v %v", f, err)
	}
	f, err = ParseListFilter("2028-11-01", "2028-11-30", "paid, Pending", "50", "10")
	if err != nil || len(f.Statuses) != 2 || f.Statuses[0] != StatusPaid || f.Statuses[1] != StatusPending || f.Limit != 50 || f.Offset != 10 {
		t.Fatalf("parsed: %+v %v", f, err)
	}
	for _, bad := range []struct{ from, to, status, limit, offset, field string }{
		{"2028-02-30", "", "", "", "", "from"},
		{"", "nope", "", "", "", "to"},
		{"2028-11-30", "2028-11-01", "", "", "", "to"},
		{"", "", "PAID,LOST", "", "", "status"},
		{"", "", "", "0", "", "limit"},
		{"", "", "", "501", "", "limit"},
		{"", "", "", "", "-1", "offset"},
		{"", "", "", "", "x", "offset"},
	} {
		_, err := ParseListFilter(bad.from, bad.to, bad.status, bad.limit, bad.offset)
		var e *apperr.Error
		if !apperr.Is(err, apperr.CodeValidation) || !errors.As(err, &e) || e.Fields[bad.field] == "" {
			t.Errorf("%+v: %v, want VALIDATION_ERROR on %s", bad, err, bad.field)
		}
	}
	// The refusal lists every status a filter may name (DEPOSIT_PAID was
	// missing), and each of them is accepted.
	var e *apperr.Error
	if _, err := ParseListFilter("", "", "LOST", "", ""); !errors.As(err, &e) {
		t.Fatalf("LOST: %v", err)
	}
	for _, st := range Statuses {
		if !strings.Contains(e.Fields["status"], string(st)) {
			t.Errorf("the status message %q does not name %s", e.Fields["status"], st)
		}
		if f, err := ParseListFilter("", "", strings.ToLower(string(st)), "", ""); err != nil || len(f.Statuses) != 1 || f.Statuses[0] != st {
			t.Errorf("%s: %+v %v", st, f, err)
		}
	}
	if err := (ListFilter{Statuses: []Status{"LOST"}, Limit: 10}).check(); !apperr.Is(err, apperr.CodeValidation) {
		t.Errorf("a filter built in code is checked too: %v", err)
	}
}
