-- Issue 17: a tenant's venues, the venue a booking is for, add-on photos and
-- the origins that may call a tenant's public API from a browser.

CREATE TABLE venues (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants(id),
    name       TEXT NOT NULL,
    address    TEXT NOT NULL DEFAULT '',
    capacity   INTEGER CHECK (capacity IS NULL OR capacity > 0),
    created_at {{TIMESTAMP}} NOT NULL,
    updated_at {{TIMESTAMP}} NOT NULL,
    UNIQUE (tenant_id, name)
);
CREATE INDEX venues_tenant ON venues (tenant_id, name);

-- The venue as chosen at checkout, frozen like the line items: venue_id is
-- the tenant's venue (NULL when the couple typed a name of their own or gave
-- none), venue_name and venue_address are copies that a later edit or
-- deletion of the venue does not change.
ALTER TABLE bookings ADD COLUMN venue_id TEXT;
ALTER TABLE bookings ADD COLUMN venue_name TEXT NOT NULL DEFAULT '';
ALTER TABLE bookings ADD COLUMN venue_address TEXT NOT NULL DEFAULT '';

ALTER TABLE add_ons ADD COLUMN photo_url TEXT NOT NULL DEFAULT '';

-- A JSON array of origins ("https://shop.example"); '' = any origin.
ALTER TABLE tenants ADD COLUMN cors_origins TEXT NOT NULL DEFAULT '';
