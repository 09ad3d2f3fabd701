-- A booking keeps the customer details given at its own checkout: customers
-- are upserted by e-mail, so reading them through a join let any later
-- checkout with the same e-mail rewrite an earlier (paid) booking.
ALTER TABLE bookings ADD COLUMN customer_name TEXT NOT NULL DEFAULT '';
ALTER TABLE bookings ADD COLUMN customer_email TEXT NOT NULL DEFAULT '';
ALTER TABLE bookings ADD COLUMN customer_phone TEXT NOT NULL DEFAULT '';
UPDATE bookings SET
    customer_name = COALESCE((SELECT c.name FROM customers c WHERE c.id = bookings.customer_id AND c.tenant_id = bookings.tenant_id), ''),
    customer_email = COALESCE((SELECT c.email FROM customers c WHERE c.id = bookings.customer_id AND c.tenant_id = bookings.tenant_id), ''),
    customer_phone = COALESCE((SELECT c.phone FROM customers c WHERE c.id = bookings.customer_id AND c.tenant_id = bookings.tenant_id), '');

-- The client address a hold was placed from, for the per-address cap on
-- live holds ('' when unknown or not capped).
ALTER TABLE bookings ADD COLUMN client_address TEXT NOT NULL DEFAULT '';
-- Stripe said the checkout completed unpaid (a bank debit on its way).
ALTER TABLE bookings ADD COLUMN awaiting_payment {{BOOL}} NOT NULL DEFAULT {{FALSE}};

-- Live holds are counted per e-mail and per address inside the hold transaction.
CREATE INDEX bookings_pending_email ON bookings (tenant_id, customer_email) WHERE status = 'PENDING';
CREATE INDEX bookings_pending_address ON bookings (tenant_id, client_address) WHERE status = 'PENDING' AND client_address <> '';
