package booking

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/google/uuid"

	"mais/internal/tenant"
)

// Reminders are the messages a booking earns as its days come: the balance
// due within 7 days, the balance past due (from the day after the due
// date), the event within 7 days. Each is sent once per booking and date,
// however many processes run and however often they scan: its dedupe key
// in the outbox (Mail) is unique, and the message is queued in the date's
// transaction after the booking is read again. Nothing lives in the
// process: a scan finds what is due from the bookings themselves, so a
// restart or a day of downtime only delays a reminder, and the job's lease
// and last run are rows of the store.

// ReminderStore is what the reminder scheduler needs of storage.
type ReminderStore interface {
	// RemindableBookings lists, across tenants, the DEPOSIT_PAID and PAID
	// bookings whose event date is in [from, to], or whose balance due date
	// is at most to while the event is on or after from (YYYY-MM-DD).
	RemindableBookings(ctx context.Context, from, to string) ([]Booking, error)
	// LeaseJob gives the job name to owner until until, if no other owner
	// holds it at now and the job last finished at or before ranBefore; ok
	// says whether owner holds it.
	LeaseJob(ctx context.Context, name, owner string, now, until, ranBefore time.Time) (ok bool, err error)
	// FinishJob records that owner finished name at now and frees it.
	FinishJob(ctx context.Context, name, owner string, now time.Time) error
}

// reminderJob is the scheduler's row in the store.
const reminderJob = "booking-reminders"

// reminderWindow is how far ahead reminders look: 7 days.
const reminderWindow = 7

// RemindersDue lists the reminders b has earned on today (YYYY-MM-DD in
// the tenant's zone): MailEventSoon when the event is 1–7 days away,
// MailBalanceDue when a balance is due in 0–7 days, MailBalanceOverdue
// once the due date has passed. Nothing for a booking that does not hold
// its date with money, or whose day has come.
func RemindersDue(b Booking, today string) []string {
	if !paidForDate(b.Status) || b.Date <= today {
		return nil
	}
	var out []string
	if d := daysFrom(today, b.Date); d >= 1 && d <= reminderWindow {
		out = append(out, MailEventSoon)
	}
	f := moneyFacts(b)
	if b.Status == StatusDepositPaid && f.balance > 0 && f.dueDate != "" {
		switch d := daysFrom(today, f.dueDate); {
		case d < 0:
			out = append(out, MailBalanceOverdue)
		case d <= reminderWindow:
			out = append(out, MailBalanceDue)
		}
	}
	return out
}

// daysFrom is the number of days from a to b (dates YYYY-MM-DD).
func daysFrom(a, b string) int {
	ta, err1 := time.Parse(dateLayout, a)
	tb, err2 := time.Parse(dateLayout, b)
	if err1 != nil || err2 != nil {
		return 1 << 30
	}
	return int(tb.Sub(ta).Hours() / 24)
}

// Reminders is the scheduler: every Tick it asks the store for the job's
// lease, and the process that gets it (at most once per Every, across all
// processes) scans and queues what is due.
type Reminders struct {
	Service *Service
	Store   ReminderStore
	Logger  *slog.Logger
	// Every is how often a scan runs across all processes (default 1 h);
	// Tick how often each process asks (default 1 min).
	Every, Tick time.Duration
	// Owner names this process in the lease (default: a random id).
	Owner string
}

func (r *Reminders) owner() string {
	if r.Owner == "" {
		r.Owner = uuid.NewString()
	}
	return r.Owner
}

// Run scans for due reminders until ctx ends.
func (r *Reminders) Run(ctx context.Context) {
	tick := r.Tick
	if tick <= 0 {
		tick = time.Minute
	}
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		if _, err := r.RunOnce(ctx); err != nil && ctx.Err() == nil {
			r.Logger.WarnContext(ctx, "booking reminders", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunOnce scans if this process gets the job's lease and the last scan is
// at least Every old; it returns how many reminders it queued (or found
// queued already).
func (r *Reminders) RunOnce(ctx context.Context) (int, error) {
	every := r.Every
	if every <= 0 {
		every = time.Hour
	}
	now := r.Service.now()
	ok, err := r.Store.LeaseJob(ctx, reminderJob, r.owner(), now, now.Add(10*time.Minute), now.Add(-every))
	if err != nil || !ok {
		return 0, err
	}
	n, err := r.Scan(ctx)
	if err != nil {
		return n, err
	}
	return n, r.Store.FinishJob(ctx, reminderJob, r.owner(), r.Service.now())
}

// Scan queues every reminder due now, without the lease: safe to run in
// several processes at once (each message is queued once).
func (r *Reminders) Scan(ctx context.Context) (int, error) {
	now := r.Service.now()
	// Tenants' days differ from UTC's by up to a day either way.
	from := now.AddDate(0, 0, -1).Format(dateLayout)
	to := now.AddDate(0, 0, reminderWindow+1).Format(dateLayout)
	bs, err := r.Store.RemindableBookings(ctx, from, to)
	if err != nil {
		return 0, fmt.Errorf("reminders: list bookings: %w", err)
	}
	tenants := map[string]tenant.Tenant{}
	queued := 0
	for _, b := range bs {
		t, ok := tenants[b.TenantID]
		if !ok {
			if t, err = r.Service.Tenants.TenantByID(ctx, b.TenantID); err != nil {
				return queued, fmt.Errorf("reminders: tenant of %s: %w", b.ID, err)
			}
			tenants[b.TenantID] = t
		}
		if !t.Active {
			continue
		}
		today := Today(now, t.Location())
		for _, kind := range RemindersDue(b, today) {
			sent, err := r.remind(ctx, t, b, kind, today)
			if err != nil {
				return queued, err
			}
			if sent {
				queued++
			}
		}
	}
	if queued > 0 && r.Service.Outbox != nil {
		r.Service.Outbox.Wake()
	}
	return queued, nil
}

// remind queues kind for b in its date's transaction, after reading b
// again: a balance paid or a date moved since the listing sends nothing.
func (r *Reminders) remind(ctx context.Context, t tenant.Tenant, listed Booking, kind, today string) (bool, error) {
	queued := false
	err := r.Service.Store.WithDateLock(ctx, t.ID, listed.Date, func(tx Tx) error {
		b, err := tx.BookingByID(ctx, t.ID, listed.ID)
		if err != nil {
			return err
		}
		if b.Date != listed.Date || !slices.Contains(RemindersDue(b, today), kind) {
			return nil
		}
		m, err := r.Service.Mail(kind, t, b, MailExtra{})
		if err != nil || m.To == "" {
			return err
		}
		queued = true
		return tx.EnqueueEmails(ctx, []Email{m}, r.Service.now())
	})
	if err != nil {
		return false, fmt.Errorf("reminders: %s for %s: %w", kind, listed.ID, err)
	}
	return queued, nil
}
