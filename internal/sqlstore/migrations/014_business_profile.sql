-- Issue 15: the business profile (docs/API.md §14). The business's name and
-- e-mail are the tenants' name and email columns already; these are the
-- other ways to reach it, shown on its storefront, in its structured data
-- and in its e-mails. '' = not given.
ALTER TABLE tenants ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE tenants ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE tenants ADD COLUMN instagram_handle TEXT NOT NULL DEFAULT '';
ALTER TABLE tenants ADD COLUMN website TEXT NOT NULL DEFAULT '';
