-- The dashboard's month figures count payments by when they arrived
-- (paid_at in the tenant's zone), not by the wedding date.
CREATE INDEX bookings_tenant_paid ON bookings (tenant_id, paid_at) WHERE status = 'PAID';
