package booking

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/catalog"
)

// This file is what a blackout is: a date the tenant does not sell. A paid
// date cannot be blacked out (CONFLICT: cancel the booking first); a date
// held by an unpaid checkout can, and the hold is released (CANCELED,
// audited) in the same transaction; a hold that lapsed is expired on the
// way. Should a released hold's payment still arrive, it finds the date
// blacked out and is flagged for refund (pay.go). Every admin surface (JSON
// API, dashboard) calls the methods here.

// MaxBlackoutReason bounds the note on a blacked-out date.
const MaxBlackoutReason = 200

// NewBlackout validates a tenant admin's request to stop selling a date.
// today is the tenant's calendar day (YYYY-MM-DD, see Today): a date
// before it is refused as at checkout, since a day that has gone can be
// neither sold nor blacked out, and a mistyped year would otherwise be
// stored without a word.
func NewBlackout(tenantID, date, reason, today string) (Blackout, error) {
	fields := apperr.FieldErrors{}
	if date == "" {
		fields.Add("date", "is required (YYYY-MM-DD)")
	} else if _, err := ParseDate("date", date); err != nil {
		fields.Add("date", "must be a real date written YYYY-MM-DD")
	} else if date < today { // YYYY-MM-DD orders as text
		fields.Add("date", "is in the past")
	}
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) > MaxBlackoutReason || catalog.HasControl(reason) {
		fields.Add("reason", "must be at most 200 characters of plain text")
	}
	return Blackout{TenantID: tenantID, Date: date, Reason: reason}, fields.Err()
}

// CreateBlackout validates and stores a blackout of date for the tenant,
// audited as blackout.create under the actor of ctx. → the blackout, with
// ReleasedHoldID naming the hold it released, if any. Errors: VALIDATION_
// ERROR (date: not a date, or before today in the tenant's time zone;
// reason), CONFLICT for a paid date or a date already blacked out,
// NOT_FOUND for an unknown tenant.
func (s *Service) CreateBlackout(ctx context.Context, tenantID, date, reason string) (Blackout, error) {
	t, err := s.Tenants.TenantByID(ctx, tenantID)
	if err != nil {
		return Blackout{}, fmt.Errorf("create blackout: tenant %s: %w", tenantID, err)
	}
	now := s.now()
	b, err := NewBlackout(tenantID, date, reason, Today(now, t.Location()))
	if err != nil {
		return Blackout{}, err
	}
	b.ID, b.CreatedAt = newID(), now
	err = s.Store.WithDateLock(ctx, tenantID, b.Date, func(tx Tx) error {
		live, ok, err := tx.LiveBooking(ctx, tenantID, b.Date)
		if err != nil {
			return err
		}
		if ok {
			action := ActionBlackout
			if lapsed(live, now) {
				action = ActionExpire
			}
			fx, err := apply(ctx, tx, &live, action, false, now)
			if err != nil {
				return err
			}
			if action == ActionBlackout && fx.Changed() {
				b.ReleasedHoldID = live.ID
			}
		}
		if err := tx.InsertBlackout(ctx, b); err != nil {
			return err
		}
		after := map[string]string{"date": b.Date, "reason": b.Reason}
		if b.ReleasedHoldID != "" {
			after["releasedHoldId"] = b.ReleasedHoldID
		}
		return tx.Audit(ctx, audit.Entry{TenantID: tenantID, At: now, Actor: audit.ActorFrom(ctx),
			Action: audit.ActionBlackoutCreate, Entity: audit.EntityBlackout, EntityID: b.ID, After: mustJSON(after)})
	})
	if err != nil {
		return Blackout{}, err
	}
	ev := Event{Kind: EventDateBlackedOut, TenantID: tenantID, BookingID: b.ReleasedHoldID, Date: b.Date}
	if b.ReleasedHoldID != "" {
		ev.Status = StatusCanceled // ActionBlackout's release
	}
	s.publish(ctx, ev)
	return b, nil
}

// DeleteBlackout sells a blacked-out date again, audited as blackout.delete.
// Another tenant's id is NOT_FOUND.
func (s *Service) DeleteBlackout(ctx context.Context, tenantID, id string) error {
	b, err := s.Store.BlackoutByID(ctx, tenantID, id)
	if err != nil {
		return err
	}
	err = s.Store.WithDateLock(ctx, tenantID, b.Date, func(tx Tx) error {
		if err := tx.DeleteBlackout(ctx, tenantID, id); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.Entry{TenantID: tenantID, At: s.now(), Actor: audit.ActorFrom(ctx),
			Action: audit.ActionBlackoutDelete, Entity: audit.EntityBlackout, EntityID: id, Before: mustJSON(map[string]string{"date": b.Date, "reason": b.Reason})})
	})
	if err != nil {
		return err
	}
	s.publish(ctx, Event{Kind: EventDateReleased, TenantID: tenantID, Date: b.Date})
	return nil
}

// ListBlackouts lists the tenant's blackouts in [from, to] by date; either
// end may be empty (open). A bound that is not a date is VALIDATION_ERROR
// naming it.
func (s *Service) ListBlackouts(ctx context.Context, tenantID, from, to string) ([]Blackout, error) {
	fields := apperr.FieldErrors{}
	for name, v := range map[string]string{"from": from, "to": to} {
		if v != "" {
			if _, err := ParseDate(name, v); err != nil {
				fields.Add(name, "must be a real date written YYYY-MM-DD")
			}
		}
	}
	if err := fields.Err(); err != nil {
		return nil, err
	}
	return s.Store.ListBlackouts(ctx, tenantID, from, to)
}
