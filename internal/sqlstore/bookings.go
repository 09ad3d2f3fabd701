package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/booking"
)

// bookingColumns reads the customer from the booking row itself: the
// details given at its own checkout, which a later checkout with the same
// e-mail must not change (the customers row only groups a tenant's
// bookings by e-mail).
const bookingColumns = `b.id, b.tenant_id, b.customer_id, b.customer_name, b.customer_email, b.customer_phone, b.package_id, b.add_on_ids, b.line_items,
	b.date, b.status, b.total_cents, b.commission_cents, b.commission_bps, b.currency, b.notes,
	COALESCE(b.checkout_session_id, ''), b.payment_provider, b.hold_expires_at, b.awaiting_payment, b.client_address,
	b.needs_refund, b.paid_at, b.created_at, b.updated_at, b.deposit_cents, b.balance_due_date,
	COALESCE(b.balance_session_id, ''), b.paid_cents, b.refunded_cents, b.fees_cents, b.disputed,
	COALESCE(b.venue_id, ''), b.venue_name, b.venue_address, b.cancel_reason, b.canceled_by`

const bookingFrom = ` FROM bookings b`

func scanBooking(row interface{ Scan(...any) error }) (booking.Booking, error) {
	var b booking.Booking
	var addOns, items string
	var paid sql.NullTime
	err := row.Scan(&b.ID, &b.TenantID, &b.Customer.ID, &b.Customer.Name, &b.Customer.Email, &b.Customer.Phone,
		&b.PackageID, &addOns, &items, &b.Date, &b.Status, &b.TotalCents, &b.CommissionCents, &b.CommissionBps,
		&b.Currency, &b.Notes, &b.CheckoutSessionID, &b.PaymentProvider, &b.HoldExpiresAt, &b.AwaitingPayment, &b.ClientAddress,
		&b.NeedsRefund, &paid, &b.CreatedAt, &b.UpdatedAt, &b.DepositCents, &b.BalanceDueDate,
		&b.BalanceSessionID, &b.PaidCents, &b.RefundedCents, &b.FeesCents, &b.Disputed,
		&b.VenueID, &b.VenueName, &b.VenueAddress, &b.CancelReason, &b.CanceledBy)
	if err == sql.ErrNoRows {
		return b, apperr.NotFound("booking")
	}
	if err != nil {
		return b, fmt.Errorf("scan booking: %w", err)
	}
	b.Customer.TenantID = b.TenantID
	if paid.Valid {
		t := paid.Time
		b.PaidAt = &t
	}
	if err := json.Unmarshal([]byte(addOns), &b.AddOnIDs); err != nil {
		return b, fmt.Errorf("booking %s add-ons: %w", b.ID, err)
	}
	if err := json.Unmarshal([]byte(items), &b.LineItems); err != nil {
		return b, fmt.Errorf("booking %s line items: %w", b.ID, err)
	}
	return b, nil
}

// BookingByID finds one of the tenant's bookings.
func (s *Store) BookingByID(ctx context.Context, tenantID, id string) (booking.Booking, error) {
	b, err := scanBooking(s.read.QueryRowContext(ctx, `SELECT `+bookingColumns+bookingFrom+` WHERE b.tenant_id = $1 AND b.id = $2`, tenantID, id))
	if err != nil {
		return b, fmt.Errorf("store: booking by id: %w", err)
	}
	return b, nil
}

// BookingBySession finds the booking of a checkout session.
func (s *Store) BookingBySession(ctx context.Context, sessionID string) (booking.Booking, error) {
	if sessionID == "" {
		return booking.Booking{}, apperr.NotFound("booking")
	}
	b, err := scanBooking(s.read.QueryRowContext(ctx, `SELECT `+bookingColumns+bookingFrom+` WHERE b.checkout_session_id = $1 OR b.balance_session_id = $1`, sessionID))
	if err != nil {
		return b, fmt.Errorf("store: booking by session: %w", err)
	}
	return b, nil
}

// ListBookings lists a tenant's bookings by date, then creation; a zero
// limit lists them all.
func (s *Store) ListBookings(ctx context.Context, tenantID string, f booking.ListFilter) ([]booking.Booking, error) {
	w := whereAll("b.tenant_id = ?", tenantID)
	if f.From != "" {
		w.and("b.date >= ?", f.From)
	}
	if f.To != "" {
		w.and("b.date <= ?", f.To)
	}
	if len(f.Statuses) > 0 {
		w.in("b.status", stringArgs(f.Statuses)...)
	}
	page := ""
	if f.Limit > 0 {
		page = w.page(f.Limit, f.Offset)
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+bookingColumns+bookingFrom+w.sql()+` ORDER BY b.date, b.created_at`+page, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: list bookings: %w", err)
	}
	defer rows.Close()
	out := []booking.Booking{}
	for rows.Next() {
		b, err := scanBooking(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list bookings: %w", err)
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list bookings: %w", err)
	}
	return out, nil
}

// TakenDays lists blackouts, paid bookings and pending holds in [from, to].
func (s *Store) TakenDays(ctx context.Context, tenantID, from, to string) ([]booking.TakenDay, error) {
	out, err := s.blackoutDays(ctx, tenantID, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: taken days: %w", err)
	}
	rows, err := s.read.QueryContext(ctx, `SELECT date, status, hold_expires_at FROM bookings WHERE tenant_id = $1
		AND date >= $2 AND date <= $3 AND status IN ('PENDING', 'DEPOSIT_PAID', 'PAID')`, tenantID, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: taken days: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d booking.TakenDay
		var status string
		var until time.Time
		if err := rows.Scan(&d.Date, &status, &until); err != nil {
			return nil, fmt.Errorf("store: taken days: %w", err)
		}
		if status != string(booking.StatusPending) {
			d.Reason = booking.ReasonBooked
		} else {
			d.Reason, d.HeldUntil = booking.ReasonHeld, until.UTC()
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: taken days: %w", err)
	}
	return out, nil
}

// blackoutDays lists the blacked-out days in [from, to] as taken days.
func (s *Store) blackoutDays(ctx context.Context, tenantID, from, to string) ([]booking.TakenDay, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT date FROM blackouts WHERE tenant_id = $1 AND date >= $2 AND date <= $3`, tenantID, from, to)
	if err != nil {
		return nil, fmt.Errorf("blackout days: %w", err)
	}
	defer rows.Close()
	var out []booking.TakenDay
	for rows.Next() {
		d := booking.TakenDay{Reason: booking.ReasonBlackout}
		if err := rows.Scan(&d.Date); err != nil {
			return nil, fmt.Errorf("blackout days: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("blackout days: %w", err)
	}
	return out, nil
}

// AttachSession stores the payment session of a booking.
func (s *Store) AttachSession(ctx context.Context, tenantID, bookingID, sessionID, provider string, expiresAt time.Time) error {
	res, err := s.write.ExecContext(ctx, `UPDATE bookings SET checkout_session_id = $1, payment_provider = $2, updated_at = $3
		WHERE tenant_id = $4 AND id = $5`, sessionID, provider, s.utcNow(), tenantID, bookingID)
	if err != nil {
		return fmt.Errorf("store: attach session: %w", translate(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.NotFound("booking")
	}
	return nil
}

// SweepHolds expires PENDING bookings whose hold ended at or before
// lapsed, and cancels those still without a payment session created at or
// before sessionless, for every tenant (the one maintenance query not scoped
// to a tenant); it returns the tenants touched.
func (s *Store) SweepHolds(ctx context.Context, lapsed, sessionless time.Time) ([]string, error) {
	rows, err := s.write.QueryContext(ctx, `UPDATE bookings
		SET status = CASE WHEN checkout_session_id IS NULL THEN 'CANCELED' ELSE 'EXPIRED' END, updated_at = $1
		WHERE status = 'PENDING' AND (hold_expires_at <= $1 OR (checkout_session_id IS NULL AND created_at <= $2))
		RETURNING tenant_id`, lapsed.UTC(), sessionless.UTC())
	if err != nil {
		return nil, fmt.Errorf("store: sweep holds: %w", err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("store: sweep holds: %w", err)
		}
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: sweep holds: %w", err)
	}
	return out, nil
}

// CountDoubleBookings counts (tenant, date) pairs holding more than one live
// or paid booking. It must always be zero; operators and the load tool ask.
func (s *Store) CountDoubleBookings(ctx context.Context) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT tenant_id, date FROM bookings
		WHERE status IN ('PENDING', 'DEPOSIT_PAID', 'PAID') GROUP BY tenant_id, date HAVING COUNT(*) > 1) AS doubled`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count double bookings: %w", err)
	}
	return n, nil
}

// WithDateLock runs fn in one write transaction holding the (tenant, date)
// lock: a PostgreSQL advisory transaction lock, or SQLite's single writer
// (its transactions begin IMMEDIATE, one at a time). fn's error rolls the
// transaction back and is returned unwrapped: it is the domain's.
func (s *Store) WithDateLock(ctx context.Context, tenantID, date string, fn func(tx booking.Tx) error) error {
	var fnErr error
	err := s.inTx(ctx, func(tx *Tx) error {
		if err := s.lockKey(ctx, tx, "date", tenantID, date); err != nil {
			return fmt.Errorf("store: lock date: %w", err)
		}
		fnErr = fn(bookingTx{s: s, tx: tx})
		return fnErr
	})
	if err != nil && fnErr == nil {
		return fmt.Errorf("store: date transaction: %w", err)
	}
	return err // fn's own error, as fn returned it
}

// bookingTx is booking.Tx over one transaction of the store.
type bookingTx struct {
	s  *Store
	tx *Tx
}

var _ booking.Tx = bookingTx{}

// LiveBooking reads and locks the tenant's live booking on date.
func (t bookingTx) LiveBooking(ctx context.Context, tenantID, date string) (booking.Booking, bool, error) {
	b, err := scanBooking(t.tx.QueryRowContext(ctx, `SELECT `+bookingColumns+bookingFrom+` WHERE b.tenant_id = $1 AND b.date = $2
		AND b.status IN ('PENDING', 'DEPOSIT_PAID', 'PAID')`+t.s.forUpdate(), tenantID, date))
	if apperr.Is(err, apperr.CodeNotFound) {
		return b, false, nil
	}
	if err != nil {
		return b, false, fmt.Errorf("store: live booking: %w", err)
	}
	return b, true, nil
}

// BookingByID reads and locks one of the tenant's bookings.
func (t bookingTx) BookingByID(ctx context.Context, tenantID, id string) (booking.Booking, error) {
	b, err := scanBooking(t.tx.QueryRowContext(ctx, `SELECT `+bookingColumns+bookingFrom+` WHERE b.tenant_id = $1 AND b.id = $2`+t.s.forUpdate(), tenantID, id))
	if err != nil {
		return b, fmt.Errorf("store: lock booking: %w", err)
	}
	return b, nil
}

// BookingBySession reads and locks the booking of a checkout session.
func (t bookingTx) BookingBySession(ctx context.Context, sessionID string) (booking.Booking, error) {
	b, err := scanBooking(t.tx.QueryRowContext(ctx, `SELECT `+bookingColumns+bookingFrom+` WHERE b.checkout_session_id = $1 OR b.balance_session_id = $1`+t.s.forUpdateOf("b"), sessionID))
	if err != nil {
		return b, fmt.Errorf("store: lock booking of session: %w", err)
	}
	return b, nil
}

// holdCapColumns names the bookings column each hold cap counts; column
// names come from here, never from input.
var holdCapColumns = map[string]string{booking.CapByEmail: "customer_email", booking.CapByAddress: "client_address"}

// LiveHoldExpiries locks (tenant, by, value), then lists the expiries of
// the live holds that share value.
func (t bookingTx) LiveHoldExpiries(ctx context.Context, tenantID, by, value string, now time.Time, limit int) ([]time.Time, error) {
	column, ok := holdCapColumns[by]
	if !ok {
		return nil, fmt.Errorf("store: live holds: unknown cap %q", by)
	}
	if err := t.s.lockKey(ctx, t.tx, "holds", column, tenantID, value); err != nil {
		return nil, fmt.Errorf("store: lock holds by %s: %w", by, err)
	}
	rows, err := t.tx.QueryContext(ctx, `SELECT hold_expires_at FROM bookings WHERE tenant_id = $1 AND `+column+` = $2
		AND status = 'PENDING' AND hold_expires_at > $3 ORDER BY hold_expires_at LIMIT $4`, tenantID, value, now.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("store: live holds by %s: %w", by, err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var until time.Time
		if err := rows.Scan(&until); err != nil {
			return nil, fmt.Errorf("store: live holds by %s: %w", by, err)
		}
		out = append(out, until.UTC())
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: live holds by %s: %w", by, err)
	}
	return out, nil
}

// InsertHold inserts b as PENDING. The customers row only groups a
// tenant's bookings by e-mail: an existing one keeps its details, since
// anyone can type any e-mail into a checkout (each booking carries its own
// copy of what its checkout gave).
func (t bookingTx) InsertHold(ctx context.Context, b booking.Booking) (booking.Booking, error) {
	now := b.CreatedAt.UTC()
	var custID string
	err := t.tx.QueryRowContext(ctx, `INSERT INTO customers (id, tenant_id, email, name, phone, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6)
		ON CONFLICT (tenant_id, email) DO UPDATE SET updated_at = excluded.updated_at
		RETURNING id`, newID(), b.TenantID, b.Customer.Email, b.Customer.Name, b.Customer.Phone, now).Scan(&custID)
	if err != nil {
		return b, fmt.Errorf("store: upsert customer: %w", err)
	}
	b.Customer.ID, b.Customer.TenantID = custID, b.TenantID
	addOns, _ := json.Marshal(b.AddOnIDs)
	items, _ := json.Marshal(b.LineItems)
	_, err = t.tx.ExecContext(ctx, `INSERT INTO bookings (id, tenant_id, customer_id, customer_name, customer_email, customer_phone,
		package_id, add_on_ids, line_items, date, status, total_cents, commission_cents, commission_bps, currency, notes,
		hold_expires_at, checkout_session_id, payment_provider, client_address, created_at, updated_at, deposit_cents, balance_due_date,
		venue_id, venue_name, venue_address)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'PENDING', $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20, $21, $22,
		$23, $24, $25)`,
		b.ID, b.TenantID, custID, b.Customer.Name, b.Customer.Email, b.Customer.Phone, b.PackageID, string(addOns),
		string(items), b.Date, b.TotalCents, b.CommissionCents, b.CommissionBps, b.Currency, b.Notes, b.HoldExpiresAt.UTC(),
		nullString(b.CheckoutSessionID), b.PaymentProvider, b.ClientAddress, now, b.DepositCents, b.BalanceDueDate,
		nullString(b.VenueID), b.VenueName, b.VenueAddress)
	if _, unique := uniqueViolation(err); unique {
		return b, fmt.Errorf("store: insert hold: %w", booking.ErrDateOccupied)
	}
	if err != nil {
		return b, fmt.Errorf("store: insert hold: %w", err)
	}
	return b, nil
}

// UpdateBooking writes b's lifecycle columns if its status is still from.
func (t bookingTx) UpdateBooking(ctx context.Context, b booking.Booking, from booking.Status) error {
	var paid any
	if b.PaidAt != nil {
		paid = b.PaidAt.UTC()
	}
	res, err := t.tx.ExecContext(ctx, `UPDATE bookings SET status = $1, hold_expires_at = $2, awaiting_payment = $3,
		needs_refund = $4, paid_at = $5, updated_at = $6, date = $10, balance_due_date = $11, paid_cents = $12,
		refunded_cents = $13, fees_cents = $14, commission_cents = $15, disputed = $16, cancel_reason = $17, canceled_by = $18
		WHERE tenant_id = $7 AND id = $8 AND status = $9`,
		string(b.Status), b.HoldExpiresAt.UTC(), b.AwaitingPayment, b.NeedsRefund, paid, b.UpdatedAt.UTC(), b.TenantID, b.ID, string(from),
		b.Date, b.BalanceDueDate, b.PaidCents, b.RefundedCents, b.FeesCents, b.CommissionCents, b.Disputed, b.CancelReason, b.CanceledBy)
	if _, unique := uniqueViolation(err); unique {
		return fmt.Errorf("store: update booking: %w", booking.ErrDateOccupied)
	}
	if err != nil {
		return fmt.Errorf("store: update booking: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("store: update booking %s from %s: %w", b.ID, from, booking.ErrStale)
	}
	return nil
}

// Audit writes an audit entry in the transaction.
func (t bookingTx) Audit(ctx context.Context, e audit.Entry) error {
	if err := writeAudit(ctx, t.tx, e); err != nil {
		return fmt.Errorf("store: audit %s: %w", e.Action, err)
	}
	return nil
}
