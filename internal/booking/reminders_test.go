package booking

import (
	"fmt"
	"strings"
	"testing"
)

func TestRemindersDue(t *testing.T) {
	dep := Booking{Status: StatusDepositPaid, Date: "2028-09-10", TotalCents: 10000, PaidCents: 3000, BalanceDueDate: "2028-08-11"}
	paid := Booking{Status: StatusPaid, Date: "2028-09-10", TotalCents: 10000, PaidCents: 10000}
	for _, c := range []struct {
		b     Booking
		today string
		want  []string
	}{
		{dep, "2028-08-03", nil},
		{dep, "2028-08-04", []string{MailBalanceDue}},
		{dep, "2028-08-11", []string{MailBalanceDue}}, // due today
		{dep, "2028-08-12", []string{MailBalanceOverdue}},
		{dep, "2028-09-03", []string{MailEventSoon, MailBalanceOverdue}},
		{dep, "2028-09-10", nil}, // the day itself
		{paid, "2028-09-02", nil},
		{paid, "2028-09-03", []string{MailEventSoon}},
		{paid, "2028-09-09", []string{MailEventSoon}},
		{Booking{Status: StatusPending, Date: "2028-09-10"}, "2028-09-05", nil},
		{Booking{Status: StatusCanceled, Date: "2028-09-10"}, "2028-09-05", nil},
		{Booking{Status: StatusConflict, Date: "2028-09-10"}, "2028-09-05", nil},
	} {
		if got := RemindersDue(c.b, c.today); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s on %s (due %s): %v, want %v", c.b.Status, c.today, c.b.BalanceDueDate, got, c.want)
		}
	}
}

// A deposit's confirmation says what was paid and what is due when.
func TestDepositConfirmation(t *testing.T) {
	b := sampleBooking()
	b.Status, b.PaidCents, b.DepositCents, b.BalanceDueDate = StatusDepositPaid, 126000, 126000, "2028-10-05"
	m, err := compose(MailConfirmation, sampleContext(), b, MailExtra{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"deposit of $1,260.00", "balance of $2,940.00 is due by Thursday, October 5, 2028"} {
		if !strings.Contains(m.TextBody, want) {
			t.Errorf("%q missing:\n%s", want, m.TextBody)
		}
	}
	if !strings.Contains(m.Subject, "reserved") {
		t.Errorf("subject %q", m.Subject)
	}
}
