package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
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
	b.needs_refund, b.paid_at, b.created_at, b.updated_at`

const bookingFrom = ` FROM bookings b`

func scanBooking(row interface{ Scan(...any) error }) (booking.Booking, error) {
	var b booking.Booking
	var addOns, items string
	var paid sql.NullTime
	err := row.Scan(&b.ID, &b.TenantID, &b.Customer.ID, &b.Customer.Name, &b.Customer.Email, &b.Customer.Phone,
		&b.PackageID, &addOns, &items, &b.Date, &b.Status, &b.TotalCents, &b.CommissionCents, &b.CommissionBps,
		&b.Currency, &b.Notes, &b.CheckoutSessionID, &b.PaymentProvider, &b.HoldExpiresAt, &b.AwaitingPayment, &b.ClientAddress,
		&b.NeedsRefund, &paid, &b.CreatedAt, &b.UpdatedAt)
	if err == sql.ErrNoRows {
		return b, apperr.NotFound("booking")
	}
	if err != nil {
		return b, err
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

// PlaceHold takes the date for a new PENDING booking, or says why it cannot.
// Locks come in one order, date then e-mail then address, in every
// transaction that takes them, so two checkouts never deadlock.
func (s *Store) PlaceHold(ctx context.Context, h booking.Hold) (booking.Booking, error) {
	b := h.Booking
	now := h.Now.UTC()
	err := s.inTx(ctx, func(tx *Tx) error {
		if err := s.lockKey(ctx, tx, "date", b.TenantID, b.Date); err != nil {
			return err
		}
		if reason, err := dateReason(ctx, tx, b.TenantID, b.Date, now); err != nil {
			return err
		} else if reason != "" {
			return booking.DateTaken(b.Date, reason)
		}
		if err := s.checkHoldCaps(ctx, tx, h, now); err != nil {
			return err
		}
		custID, err := upsertCustomer(ctx, tx, b.TenantID, b.Customer, now)
		if err != nil {
			return err
		}
		b.Customer.ID, b.Customer.TenantID = custID, b.TenantID
		addOns, _ := json.Marshal(b.AddOnIDs)
		items, _ := json.Marshal(b.LineItems)
		_, err = tx.ExecContext(ctx, `INSERT INTO bookings (id, tenant_id, customer_id, customer_name, customer_email, customer_phone,
			package_id, add_on_ids, line_items, date, status, total_cents, commission_cents, commission_bps, currency, notes,
			hold_expires_at, checkout_session_id, payment_provider, client_address, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'PENDING', $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20)`,
			b.ID, b.TenantID, custID, b.Customer.Name, b.Customer.Email, b.Customer.Phone, b.PackageID, string(addOns),
			string(items), b.Date, b.TotalCents, b.CommissionCents, b.CommissionBps, b.Currency, b.Notes, b.HoldExpiresAt.UTC(),
			nullString(b.CheckoutSessionID), b.PaymentProvider, b.ClientAddress, now)
		if _, unique := uniqueViolation(err); unique {
			// The partial unique index caught a concurrent taker: the last line of defence.
			return booking.DateTaken(b.Date, booking.ReasonHeld)
		}
		if err != nil {
			return fmt.Errorf("insert hold: %w", err)
		}
		return nil
	})
	if err != nil {
		return booking.Booking{}, err
	}
	b.Status, b.CreatedAt, b.UpdatedAt = booking.StatusPending, now, now
	return b, nil
}

// checkHoldCaps refuses a hold when the customer's e-mail, or the client
// address, already has its cap of live unpaid holds at this tenant. Each
// count runs under its own lock, inside the transaction that inserts the
// hold, so concurrent checkouts cannot all slip under the cap.
func (s *Store) checkHoldCaps(ctx context.Context, tx *Tx, h booking.Hold, now time.Time) error {
	b := h.Booking
	caps := []struct {
		by, column, value string
		limit             int
	}{
		{booking.CapByEmail, "customer_email", b.Customer.Email, h.MaxPerEmail},
		{booking.CapByAddress, "client_address", b.ClientAddress, h.MaxPerAddress},
	}
	for _, c := range caps {
		if c.limit <= 0 || c.value == "" {
			continue
		}
		if err := s.lockKey(ctx, tx, "holds", c.column, b.TenantID, c.value); err != nil {
			return err
		}
		// The column name comes from the list above, never from input.
		rows, err := tx.QueryContext(ctx, `SELECT hold_expires_at FROM bookings WHERE tenant_id = $1 AND `+c.column+` = $2
			AND status = 'PENDING' AND hold_expires_at > $3 ORDER BY hold_expires_at LIMIT $4`, b.TenantID, c.value, now, c.limit)
		if err != nil {
			return fmt.Errorf("count live holds by %s: %w", c.by, err)
		}
		var first time.Time
		n := 0
		for rows.Next() {
			var until time.Time
			if err := rows.Scan(&until); err != nil {
				rows.Close()
				return fmt.Errorf("count live holds by %s: %w", c.by, err)
			}
			if n == 0 {
				first = until
			}
			n++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("count live holds by %s: %w", c.by, err)
		}
		if n >= c.limit {
			return booking.TooManyHolds(c.by, c.limit, first.Sub(now))
		}
	}
	return nil
}

// dateReason says why a date cannot be taken, inside a transaction that
// holds the date's lock. A hold that lapsed is expired on the way, so the
// date is free again for whoever asks next.
func dateReason(ctx context.Context, tx *Tx, tenantID, date string, now time.Time) (string, error) {
	var id, status string
	var until sql.NullTime
	var blackouts int
	err := tx.QueryRowContext(ctx, `SELECT
		COALESCE((SELECT id FROM bookings WHERE tenant_id = $1 AND date = $2 AND status IN ('PENDING', 'PAID') LIMIT 1), ''),
		COALESCE((SELECT status FROM bookings WHERE tenant_id = $1 AND date = $2 AND status IN ('PENDING', 'PAID') LIMIT 1), ''),
		(SELECT hold_expires_at FROM bookings WHERE tenant_id = $1 AND date = $2 AND status = 'PENDING' LIMIT 1),
		(SELECT COUNT(*) FROM blackouts WHERE tenant_id = $1 AND date = $2)`, tenantID, date).Scan(&id, &status, &until, &blackouts)
	if err != nil {
		return "", err
	}
	if status == string(booking.StatusPending) && until.Valid && !until.Time.After(now) {
		// The status condition matters: if the hold was paid meanwhile, the
		// row is PAID now and must stay so.
		res, err := tx.ExecContext(ctx, `UPDATE bookings SET status = 'EXPIRED', updated_at = $1
			WHERE tenant_id = $2 AND id = $3 AND status = 'PENDING'`, now, tenantID, id)
		if err != nil {
			return "", fmt.Errorf("expire lapsed hold: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			status = ""
		} else {
			status = string(booking.StatusPaid)
		}
	}
	switch {
	case status == string(booking.StatusPaid):
		return booking.ReasonBooked, nil
	case status != "":
		return booking.ReasonHeld, nil
	case blackouts > 0:
		return booking.ReasonBlackout, nil
	}
	return "", nil
}

// upsertCustomer returns the id of the tenant's customer with c's e-mail,
// creating it if new. An existing customer keeps its details: anyone can
// type any e-mail into a checkout, so a checkout never rewrites them (each
// booking carries its own copy of what its checkout gave).
func upsertCustomer(ctx context.Context, tx *Tx, tenantID string, c booking.Customer, now time.Time) (string, error) {
	var id string
	err := tx.QueryRowContext(ctx, `INSERT INTO customers (id, tenant_id, email, name, phone, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6)
		ON CONFLICT (tenant_id, email) DO UPDATE SET updated_at = excluded.updated_at
		RETURNING id`, newID(), tenantID, c.Email, c.Name, c.Phone, now).Scan(&id)
	if err != nil {
		return "", fmt.Errorf("upsert customer: %w", err)
	}
	return id, nil
}

// AttachSession stores the payment session of a PENDING booking.
func (s *Store) AttachSession(ctx context.Context, tenantID, bookingID, sessionID, provider string, expiresAt time.Time) error {
	res, err := s.write.ExecContext(ctx, `UPDATE bookings SET checkout_session_id = $1, payment_provider = $2, updated_at = $3
		WHERE tenant_id = $4 AND id = $5`, sessionID, provider, s.utcNow(), tenantID, bookingID)
	if err != nil {
		return translate(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.NotFound("booking")
	}
	return nil
}

// ReleaseHold frees the date of a PENDING booking.
func (s *Store) ReleaseHold(ctx context.Context, tenantID, bookingID string, status booking.Status) error {
	_, err := s.write.ExecContext(ctx, `UPDATE bookings SET status = $1, updated_at = $2
		WHERE tenant_id = $3 AND id = $4 AND status = 'PENDING'`, string(status), s.utcNow(), tenantID, bookingID)
	return err
}

// CancelHold is a tenant admin releasing a hold: a PENDING booking becomes
// CANCELED, audited as booking.release, and its date is sellable again. It
// takes the date lock first, as checkouts and payments do, so a payment
// being applied to the same booking either lands before (CONFLICT here) or
// after (it then finds the booking CANCELED and books only a sellable date).
func (s *Store) CancelHold(ctx context.Context, tenantID, bookingID string, now time.Time) (booking.Booking, error) {
	now = now.UTC()
	var out booking.Booking
	err := s.inTx(ctx, func(tx *Tx) error {
		var date string
		err := tx.QueryRowContext(ctx, `SELECT date FROM bookings WHERE tenant_id = $1 AND id = $2`, tenantID, bookingID).Scan(&date)
		if err == sql.ErrNoRows {
			return apperr.NotFound("booking")
		}
		if err != nil {
			return fmt.Errorf("find booking: %w", err)
		}
		if err := s.lockKey(ctx, tx, "date", tenantID, date); err != nil {
			return err
		}
		b, err := scanBooking(tx.QueryRowContext(ctx, `SELECT `+bookingColumns+bookingFrom+` WHERE b.tenant_id = $1 AND b.id = $2`+s.forUpdate(), tenantID, bookingID))
		if err != nil {
			return err
		}
		if b.Status != booking.StatusPending {
			return apperr.Conflict("only a hold (PENDING) can be released; this booking is %s", b.Status)
		}
		if err := releaseHold(ctx, tx, &b, booking.StatusCanceled, now); err != nil {
			return err
		}
		out = b
		return nil
	})
	return out, err
}

// releaseHold moves the PENDING booking b to status and writes the
// booking.release audit entry under the actor of ctx.
func releaseHold(ctx context.Context, tx *Tx, b *booking.Booking, status booking.Status, now time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE bookings SET status = $1, awaiting_payment = FALSE, updated_at = $2
		WHERE tenant_id = $3 AND id = $4 AND status = 'PENDING'`, string(status), now, b.TenantID, b.ID)
	if err != nil {
		return fmt.Errorf("release hold: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return apperr.Conflict("the hold on %s is no longer pending", b.Date)
	}
	before := map[string]any{"date": b.Date, "status": b.Status, "holdExpiresAt": b.HoldExpiresAt.UTC(), "customerEmail": b.Customer.Email}
	b.Status, b.AwaitingPayment, b.UpdatedAt = status, false, now
	return writeAudit(ctx, tx, audit.Entry{TenantID: b.TenantID, At: now, Actor: audit.ActorFrom(ctx),
		Action: "booking.release", Entity: "booking", EntityID: b.ID, Before: mustJSON(before),
		After: mustJSON(map[string]any{"date": b.Date, "status": b.Status})})
}

// BookingByID finds one of the tenant's bookings.
func (s *Store) BookingByID(ctx context.Context, tenantID, id string) (booking.Booking, error) {
	return scanBooking(s.read.QueryRowContext(ctx, `SELECT `+bookingColumns+bookingFrom+` WHERE b.tenant_id = $1 AND b.id = $2`, tenantID, id))
}

// BookingBySession finds the booking of a checkout session.
func (s *Store) BookingBySession(ctx context.Context, sessionID string) (booking.Booking, error) {
	if sessionID == "" {
		return booking.Booking{}, apperr.NotFound("booking")
	}
	return scanBooking(s.read.QueryRowContext(ctx, `SELECT `+bookingColumns+bookingFrom+` WHERE b.checkout_session_id = $1`, sessionID))
}

// ListBookings lists a tenant's bookings by date.
func (s *Store) ListBookings(ctx context.Context, tenantID string, f booking.ListFilter) ([]booking.Booking, error) {
	where := []string{"b.tenant_id = $1"}
	args := []any{tenantID}
	if f.From != "" {
		args = append(args, f.From)
		where = append(where, "b.date >= $"+itoa(len(args)))
	}
	if f.To != "" {
		args = append(args, f.To)
		where = append(where, "b.date <= $"+itoa(len(args)))
	}
	if len(f.Statuses) > 0 {
		var ph []string
		for _, st := range f.Statuses {
			args = append(args, string(st))
			ph = append(ph, "$"+itoa(len(args)))
		}
		where = append(where, "b.status IN ("+strings.Join(ph, ", ")+")")
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	args = append(args, limit, f.Offset)
	q := `SELECT ` + bookingColumns + bookingFrom + ` WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY b.date, b.created_at LIMIT $` + itoa(len(args)-1) + ` OFFSET $` + itoa(len(args))
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []booking.Booking{}
	for rows.Next() {
		b, err := scanBooking(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// TakenDays lists blackouts, paid bookings and pending holds in [from, to].
func (s *Store) TakenDays(ctx context.Context, tenantID, from, to string) ([]booking.TakenDay, error) {
	var out []booking.TakenDay
	rows, err := s.read.QueryContext(ctx, `SELECT date FROM blackouts WHERE tenant_id = $1 AND date >= $2 AND date <= $3`, tenantID, from, to)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		d := booking.TakenDay{Reason: booking.ReasonBlackout}
		if err := rows.Scan(&d.Date); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.read.QueryContext(ctx, `SELECT date, status, hold_expires_at FROM bookings WHERE tenant_id = $1
		AND date >= $2 AND date <= $3 AND status IN ('PENDING', 'PAID')`, tenantID, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var d booking.TakenDay
		var status string
		var until time.Time
		if err := rows.Scan(&d.Date, &status, &until); err != nil {
			return nil, err
		}
		if status == string(booking.StatusPaid) {
			d.Reason = booking.ReasonBooked
		} else {
			d.Reason, d.HeldUntil = booking.ReasonHeld, until.UTC()
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// sessionlessGrace is how long a hold may wait for its payment session. A
// remote provider's session is attached right after the hold commits (the
// provider call times out in seconds); a hold still without one after this
// lost its process between the two, and nobody can ever pay it.
const sessionlessGrace = 2 * time.Minute

// SweepExpiredHolds expires lapsed holds of every tenant, and cancels holds
// that never got a payment session within sessionlessGrace. It is the one
// maintenance query that is not scoped to a tenant: it runs for the platform.
func (s *Store) SweepExpiredHolds(ctx context.Context, now time.Time) ([]string, error) {
	rows, err := s.write.QueryContext(ctx, `UPDATE bookings
		SET status = CASE WHEN checkout_session_id IS NULL THEN 'CANCELED' ELSE 'EXPIRED' END, updated_at = $1
		WHERE status = 'PENDING' AND (hold_expires_at <= $1 OR (checkout_session_id IS NULL AND created_at <= $2))
		RETURNING tenant_id`, now.UTC(), now.Add(-sessionlessGrace).UTC())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	seen := map[string]bool{}
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out, rows.Err()
}

// CountDoubleBookings counts (tenant, date) pairs holding more than one live
// or paid booking. It must always be zero; operators and the load tool ask.
func (s *Store) CountDoubleBookings(ctx context.Context) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT tenant_id, date FROM bookings
		WHERE status IN ('PENDING', 'PAID') GROUP BY tenant_id, date HAVING COUNT(*) > 1) AS doubled`).Scan(&n)
	return n, err
}
