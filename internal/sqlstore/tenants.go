package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/tenant"
)

const tenantColumns = `id, slug, name, email, api_key_public, api_key_secret_hash, commission_bps, active,
	COALESCE(custom_domain, ''), time_zone, hold_minutes, stripe_account_id, secrets_sealed, google_calendar_id,
	deposit_percent, balance_due_days, booking_horizon_days, free_cancellation_days, deposit_refundable,
	reschedule_cutoff_days, currency, locale, created_at, updated_at, cors_origins,
	phone, address, instagram_handle, website, email_public`

func scanTenant(row interface{ Scan(...any) error }) (tenant.Tenant, error) {
	var t tenant.Tenant
	var origins string
	err := row.Scan(&t.ID, &t.Slug, &t.Name, &t.Email, &t.APIKeyPublic, &t.APIKeySecretHash, &t.CommissionBps,
		&t.Active, &t.CustomDomain, &t.TimeZone, &t.HoldMinutes, &t.StripeAccountID, &t.SecretsSealed,
		&t.GoogleCalendarID, &t.DepositPercent, &t.BalanceDueDays, &t.BookingHorizonDays, &t.FreeCancellationDays,
		&t.DepositRefundable, &t.RescheduleCutoffDays, &t.Currency, &t.Locale, &t.CreatedAt, &t.UpdatedAt, &origins,
		&t.Phone, &t.Address, &t.InstagramHandle, &t.Website, &t.EmailPublic)
	if err == sql.ErrNoRows {
		return t, apperr.NotFound("tenant")
	}
	if err != nil {
		return t, fmt.Errorf("scan tenant: %w", err)
	}
	if origins != "" {
		if err := json.Unmarshal([]byte(origins), &t.CORSOrigins); err != nil {
			return t, fmt.Errorf("tenant %s cors_origins: %w", t.ID, err)
		}
	}
	return t.WithZone(), nil
}

// CreateTenant stores a tenant, its first admin and its published default
// site in one transaction: a tenant never exists half-made.
func (s *Store) CreateTenant(ctx context.Context, n tenant.New) error {
	t := n.Tenant
	err := s.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO tenants (id, slug, name, email, api_key_public, api_key_secret_hash,
			commission_bps, active, custom_domain, time_zone, hold_minutes, stripe_account_id, secrets_sealed,
			google_calendar_id, created_at, updated_at, phone, address, instagram_handle, website, email_public)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
			t.ID, t.Slug, t.Name, t.Email, t.APIKeyPublic, t.APIKeySecretHash, t.CommissionBps, t.Active,
			nullString(t.CustomDomain), t.TimeZone, t.HoldMinutes, t.StripeAccountID, t.SecretsSealed,
			t.GoogleCalendarID, t.CreatedAt.UTC(), t.UpdatedAt.UTC(), t.Phone, t.Address, t.InstagramHandle, t.Website,
			t.EmailPublic)
		if err != nil {
			return conflictOn(err, fmt.Sprintf("the slug %q is taken", t.Slug), "slug", "custom_domain", "api_key")
		}
		if err := s.setPlatformDomain(ctx, tx, t.ID, "", t.CustomDomain, t.CreatedAt); err != nil {
			return err
		}
		if n.AdminEmail != "" {
			_, err = tx.ExecContext(ctx, `INSERT INTO users (id, email, password_hash, role, tenant_id, created_at, updated_at)
				VALUES ($1, $2, $3, 'TENANT_ADMIN', $4, $5, $5)`,
				n.AdminUserID, n.AdminEmail, n.AdminPasswordHash, t.ID, t.CreatedAt.UTC())
			if err != nil {
				return conflictOn(err, fmt.Sprintf("a user with e-mail %s already exists", n.AdminEmail), "email")
			}
		}
		if len(n.SiteConfig) > 0 {
			_, err = tx.ExecContext(ctx, `INSERT INTO config_versions (id, tenant_id, status, config, note, created_by,
				created_at, updated_at, published_at) VALUES ($1, $2, 'published', $3, 'Default site', 'system', $4, $4, $4)`,
				n.SiteConfigID, t.ID, string(n.SiteConfig), t.CreatedAt.UTC())
			if err != nil {
				return fmt.Errorf("default site: %w", err)
			}
		}
		return writeAudit(ctx, tx, audit.Entry{
			TenantID: t.ID, At: t.CreatedAt, Actor: audit.System, Action: audit.ActionTenantCreate,
			Entity: audit.EntityTenant, EntityID: t.ID, After: mustJSON(publicTenant(t)),
		})
	})
	if err != nil {
		return fmt.Errorf("store: create tenant %s: %w", t.Slug, err)
	}
	return nil
}

// tenantWhere reads the tenant matching where; op names the lookup in a
// wrapped error (NOT_FOUND stays NOT_FOUND through the wrap).
func (s *Store) tenantWhere(ctx context.Context, q querier, op, where string, arg any) (tenant.Tenant, error) {
	t, err := scanTenant(q.QueryRowContext(ctx, `SELECT `+tenantColumns+` FROM tenants WHERE `+where, arg))
	if err != nil {
		return t, fmt.Errorf("store: %s: %w", op, err)
	}
	return t, nil
}

// TenantByID finds a tenant by id.
func (s *Store) TenantByID(ctx context.Context, id string) (tenant.Tenant, error) {
	return s.tenantWhere(ctx, s.read, "tenant by id", `id = $1`, id)
}

// TenantBySlug finds a tenant by slug.
func (s *Store) TenantBySlug(ctx context.Context, slug string) (tenant.Tenant, error) {
	return s.tenantWhere(ctx, s.read, "tenant by slug", `slug = $1`, slug)
}

// TenantByPublicKey finds the tenant owning a public key.
func (s *Store) TenantByPublicKey(ctx context.Context, key string) (tenant.Tenant, error) {
	return s.tenantWhere(ctx, s.read, "tenant by public key", `api_key_public = $1`, key)
}

// TenantByDomain finds the tenant that verified host as its domain; an
// unverified claim answers NOT_FOUND (docs/API.md §14).
func (s *Store) TenantByDomain(ctx context.Context, host string) (tenant.Tenant, error) {
	return s.tenantWhere(ctx, s.read, "tenant by domain",
		`id = (SELECT tenant_id FROM tenant_domains WHERE domain = $1 AND verified = `+s.sqlTrue()+`)`, strings.ToLower(host))
}

// ListTenants lists every tenant by name (platform admin only).
func (s *Store) ListTenants(ctx context.Context) ([]tenant.Tenant, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+tenantColumns+` FROM tenants ORDER BY name, slug`)
	if err != nil {
		return nil, fmt.Errorf("store: list tenants: %w", err)
	}
	defer rows.Close()
	var out []tenant.Tenant
	for rows.Next() {
		t, err := scanTenant(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list tenants: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list tenants: %w", err)
	}
	return out, nil
}

// UpdateTenant applies the non-nil fields of u.
func (s *Store) UpdateTenant(ctx context.Context, id string, u tenant.Update) (tenant.Tenant, error) {
	var out tenant.Tenant
	err := s.inTx(ctx, func(tx *Tx) error {
		before, err := s.tenantWhere(ctx, tx, "lock tenant", `id = $1`+s.forUpdate(), id)
		if err != nil {
			return err
		}
		t := before
		if u.Name != nil {
			t.Name = *u.Name
		}
		if u.Active != nil {
			t.Active = *u.Active
		}
		if u.CommissionBps != nil {
			t.CommissionBps = *u.CommissionBps
		}
		if u.CustomDomain != nil {
			t.CustomDomain = *u.CustomDomain
		}
		if u.TimeZone != nil {
			t.TimeZone = *u.TimeZone
		}
		if u.HoldMinutes != nil {
			t.HoldMinutes = *u.HoldMinutes
		}
		if u.StripeAccountID != nil {
			t.StripeAccountID = *u.StripeAccountID
		}
		if u.CORSOrigins != nil {
			t.CORSOrigins = *u.CORSOrigins
		}
		origins := ""
		if len(t.CORSOrigins) > 0 {
			b, _ := json.Marshal(t.CORSOrigins)
			origins = string(b)
		}
		t.UpdatedAt = s.utcNow()
		_, err = tx.ExecContext(ctx, `UPDATE tenants SET name = $1, active = $2, commission_bps = $3, custom_domain = $4,
			time_zone = $5, hold_minutes = $6, stripe_account_id = $7, updated_at = $8, cors_origins = $9 WHERE id = $10`,
			t.Name, t.Active, t.CommissionBps, nullString(t.CustomDomain), t.TimeZone, t.HoldMinutes,
			t.StripeAccountID, t.UpdatedAt, origins, id)
		if err != nil {
			return conflictOn(err, "that custom domain belongs to another tenant", "custom_domain")
		}
		if err := s.setPlatformDomain(ctx, tx, id, before.CustomDomain, t.CustomDomain, t.UpdatedAt); err != nil {
			return err
		}
		out = t
		return writeAudit(ctx, tx, audit.Entry{
			TenantID: id, At: t.UpdatedAt, Actor: audit.ActorFrom(ctx), Action: audit.ActionTenantUpdate,
			Entity: audit.EntityTenant, EntityID: id, Before: mustJSON(publicTenant(before)), After: mustJSON(publicTenant(t)),
		})
	})
	if err != nil {
		return tenant.Tenant{}, fmt.Errorf("store: update tenant %s: %w", id, err)
	}
	return out, nil
}

// SetTenantKeys replaces a tenant's key pair.
func (s *Store) SetTenantKeys(ctx context.Context, id, publicKey, secretHash string) (tenant.Tenant, error) {
	var out tenant.Tenant
	err := s.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE tenants SET api_key_public = $1, api_key_secret_hash = $2, updated_at = $3 WHERE id = $4`,
			publicKey, secretHash, s.utcNow(), id)
		if err != nil {
			return translate(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.NotFound("tenant")
		}
		out, err = s.tenantWhere(ctx, tx, "tenant by id", `id = $1`, id)
		if err != nil {
			return err
		}
		return writeAudit(ctx, tx, audit.Entry{
			TenantID: id, At: out.UpdatedAt, Actor: audit.ActorFrom(ctx), Action: audit.ActionTenantRotateKeys,
			Entity: audit.EntityTenant, EntityID: id, After: mustJSON(map[string]string{"apiKeyPublic": publicKey}),
		})
	})
	if err != nil {
		return tenant.Tenant{}, fmt.Errorf("store: rotate keys of tenant %s: %w", id, err)
	}
	return out, nil
}

// publicTenant is the audit snapshot of a tenant: no key hashes or secrets.
func publicTenant(t tenant.Tenant) map[string]any {
	return map[string]any{
		"id": t.ID, "slug": t.Slug, "name": t.Name, "active": t.Active,
		"commissionPercent": t.CommissionPercent(), "customDomain": t.CustomDomain,
		"timeZone": t.TimeZone, "holdMinutes": t.HoldMinutes, "stripeAccountId": t.StripeAccountID,
		"corsOrigins": t.CORSOrigins,
	}
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func newID() string { return uuid.NewString() }
