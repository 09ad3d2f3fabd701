-- Who canceled a booking and why (issue 13): the couple's words from the
-- manage page, or the business's note, shown on the dashboard's booking
-- page. canceled_by is 'couple', 'business' or '' (not canceled by either:
-- an abandoned checkout, an expired hold, or a booking canceled before
-- this column existed).
ALTER TABLE bookings ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE bookings ADD COLUMN canceled_by TEXT NOT NULL DEFAULT '';
