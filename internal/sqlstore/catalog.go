package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/catalog"
)

const packageColumns = `id, tenant_id, slug, name, description, base_price_cents, photo_url, active, sort_order, created_at, updated_at, deposit_percent`
const addOnColumns = `id, tenant_id, package_id, slug, name, description, price_cents, active, sort_order, photo_url`

func scanPackage(row interface{ Scan(...any) error }) (catalog.Package, error) {
	var p catalog.Package
	var deposit sql.NullInt64
	err := row.Scan(&p.ID, &p.TenantID, &p.Slug, &p.Name, &p.Description, &p.BasePriceCents, &p.PhotoURL,
		&p.Active, &p.SortOrder, &p.CreatedAt, &p.UpdatedAt, &deposit)
	if deposit.Valid {
		d := int(deposit.Int64)
		p.DepositPercent = &d
	}
	if err == sql.ErrNoRows {
		return p, apperr.NotFound("package")
	}
	if err != nil {
		return p, fmt.Errorf("scan package: %w", err)
	}
	return p, nil
}

func scanAddOn(row interface{ Scan(...any) error }) (catalog.AddOn, error) {
	var a catalog.AddOn
	err := row.Scan(&a.ID, &a.TenantID, &a.PackageID, &a.Slug, &a.Name, &a.Description, &a.PriceCents, &a.Active, &a.SortOrder, &a.PhotoURL)
	if err == sql.ErrNoRows {
		return a, apperr.NotFound("add-on")
	}
	if err != nil {
		return a, fmt.Errorf("scan add-on: %w", err)
	}
	return a, nil
}

// ListPackages returns a tenant's packages in display order, add-ons attached.
func (s *Store) ListPackages(ctx context.Context, tenantID string, activeOnly bool) ([]catalog.Package, error) {
	q := `SELECT ` + packageColumns + ` FROM packages WHERE tenant_id = $1`
	if activeOnly {
		q += ` AND active = TRUE`
	}
	rows, err := s.read.QueryContext(ctx, q+` ORDER BY sort_order, name, id`, tenantID)
	if err != nil {
		return nil, fmt.Errorf("store: list packages: %w", err)
	}
	pkgs := []catalog.Package{}
	index := map[string]int{}
	for rows.Next() {
		p, err := scanPackage(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: list packages: %w", err)
		}
		p.AddOns = []catalog.AddOn{}
		index[p.ID] = len(pkgs)
		pkgs = append(pkgs, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list packages: %w", err)
	}
	addOns, err := s.listAddOns(ctx, s.read, tenantID, "", activeOnly)
	if err != nil {
		return nil, fmt.Errorf("store: list packages: %w", err)
	}
	for _, a := range addOns {
		if i, ok := index[a.PackageID]; ok {
			pkgs[i].AddOns = append(pkgs[i].AddOns, a)
		}
	}
	return pkgs, nil
}

func (s *Store) listAddOns(ctx context.Context, q querier, tenantID, packageID string, activeOnly bool) ([]catalog.AddOn, error) {
	query := `SELECT ` + addOnColumns + ` FROM add_ons WHERE tenant_id = $1`
	args := []any{tenantID}
	if packageID != "" {
		query += ` AND package_id = $2`
		args = append(args, packageID)
	}
	if activeOnly {
		query += ` AND active = TRUE`
	}
	return queryList(ctx, q, "list add-ons", scanAddOn, query+` ORDER BY sort_order, name, id`, args...)
}

func (s *Store) packageWhere(ctx context.Context, q querier, tenantID, where string, arg any, activeOnly bool) (catalog.Package, error) {
	query := `SELECT ` + packageColumns + ` FROM packages WHERE tenant_id = $1 AND ` + where
	if activeOnly {
		query += ` AND active = TRUE`
	}
	p, err := scanPackage(q.QueryRowContext(ctx, query, tenantID, arg))
	if err != nil {
		return p, err
	}
	if p.AddOns, err = s.listAddOns(ctx, q, tenantID, p.ID, activeOnly); err != nil {
		return p, err
	}
	return p, nil
}

// PackageBySlug finds one of the tenant's packages by slug.
func (s *Store) PackageBySlug(ctx context.Context, tenantID, slug string, activeOnly bool) (catalog.Package, error) {
	p, err := s.packageWhere(ctx, s.read, tenantID, `slug = $2`, slug, activeOnly)
	if err != nil {
		return p, fmt.Errorf("store: package by slug: %w", err)
	}
	return p, nil
}

// PackageByID finds one of the tenant's packages by id.
func (s *Store) PackageByID(ctx context.Context, tenantID, id string, activeOnly bool) (catalog.Package, error) {
	p, err := s.packageWhere(ctx, s.read, tenantID, `id = $2`, id, activeOnly)
	if err != nil {
		return p, fmt.Errorf("store: package by id: %w", err)
	}
	return p, nil
}

// CreatePackage inserts a package; a taken slug is a CONFLICT.
func (s *Store) CreatePackage(ctx context.Context, p catalog.Package) (catalog.Package, error) {
	now := s.utcNow()
	if p.ID == "" {
		p.ID = newID()
	}
	p.CreatedAt, p.UpdatedAt, p.AddOns = now, now, []catalog.AddOn{}
	err := s.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO packages (`+packageColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			p.ID, p.TenantID, p.Slug, p.Name, p.Description, p.BasePriceCents, p.PhotoURL, p.Active, p.SortOrder, now, now, p.DepositPercent)
		if err != nil {
			return fmt.Errorf("store: create package: %w", conflictOn(err, fmt.Sprintf("a package with slug %q already exists", p.Slug), "slug"))
		}
		return writeAudit(ctx, tx, audit.Entry{TenantID: p.TenantID, At: now, Actor: audit.ActorFrom(ctx),
			Action: audit.ActionPackageCreate, Entity: audit.EntityPackage, EntityID: p.ID, After: audit.JSON(packageSnapshot(p))})
	})
	return p, err
}

// UpdatePackage applies the given fields to one of the tenant's packages.
func (s *Store) UpdatePackage(ctx context.Context, tenantID, id string, in catalog.PackageInput) (catalog.Package, error) {
	var out catalog.Package
	err := s.inTx(ctx, func(tx *Tx) error {
		before, err := s.packageWhere(ctx, tx, tenantID, `id = $2`+s.forUpdate(), id, false)
		if err != nil {
			return fmt.Errorf("store: update package: %w", err)
		}
		p := before
		setField(&p.Slug, in.Slug)
		setField(&p.Name, in.Name)
		setField(&p.Description, in.Description)
		setField(&p.PhotoURL, in.PhotoURL)
		setField(&p.BasePriceCents, in.BasePriceCents)
		setField(&p.Active, in.Active)
		setField(&p.SortOrder, in.SortOrder)
		if in.DepositPercent.Set {
			p.DepositPercent = in.DepositPercent.Value
		}
		p.UpdatedAt = s.utcNow()
		_, err = tx.ExecContext(ctx, `UPDATE packages SET slug = $1, name = $2, description = $3, base_price_cents = $4,
			photo_url = $5, active = $6, sort_order = $7, updated_at = $8, deposit_percent = $11 WHERE tenant_id = $9 AND id = $10`,
			p.Slug, p.Name, p.Description, p.BasePriceCents, p.PhotoURL, p.Active, p.SortOrder, p.UpdatedAt, tenantID, id, p.DepositPercent)
		if err != nil {
			return fmt.Errorf("store: update package: %w", conflictOn(err, fmt.Sprintf("a package with slug %q already exists", p.Slug), "slug"))
		}
		out = p
		return writeAudit(ctx, tx, audit.Entry{TenantID: tenantID, At: p.UpdatedAt, Actor: audit.ActorFrom(ctx),
			Action: audit.ActionPackageUpdate, Entity: audit.EntityPackage, EntityID: id,
			Before: audit.JSON(packageSnapshot(before)), After: audit.JSON(packageSnapshot(p))})
	})
	return out, err
}

// DeletePackage removes a package and its add-ons. Bookings keep their own
// snapshot of what was sold, so history survives.
func (s *Store) DeletePackage(ctx context.Context, tenantID, id string) error {
	return s.inTx(ctx, func(tx *Tx) error {
		before, err := s.packageWhere(ctx, tx, tenantID, `id = $2`+s.forUpdate(), id, false)
		if err != nil {
			return fmt.Errorf("store: delete package: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM add_ons WHERE tenant_id = $1 AND package_id = $2`, tenantID, id); err != nil {
			return fmt.Errorf("store: delete package add-ons: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM packages WHERE tenant_id = $1 AND id = $2`, tenantID, id); err != nil {
			return fmt.Errorf("store: delete package: %w", err)
		}
		return writeAudit(ctx, tx, audit.Entry{TenantID: tenantID, At: s.utcNow(), Actor: audit.ActorFrom(ctx),
			Action: audit.ActionPackageDelete, Entity: audit.EntityPackage, EntityID: id, Before: audit.JSON(packageSnapshot(before))})
	})
}

// CreateAddOn adds an add-on to one of the tenant's packages.
func (s *Store) CreateAddOn(ctx context.Context, a catalog.AddOn) (catalog.AddOn, error) {
	if a.ID == "" {
		a.ID = newID()
	}
	now := s.utcNow()
	err := s.inTx(ctx, func(tx *Tx) error {
		if _, err := s.packageWhere(ctx, tx, a.TenantID, `id = $2`, a.PackageID, false); err != nil {
			return fmt.Errorf("store: create add-on: %w", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO add_ons (`+addOnColumns+`, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
			a.ID, a.TenantID, a.PackageID, a.Slug, a.Name, a.Description, a.PriceCents, a.Active, a.SortOrder, a.PhotoURL, now)
		if err != nil {
			return fmt.Errorf("store: create add-on: %w", conflictOn(err, fmt.Sprintf("an add-on with slug %q already exists on this package", a.Slug), "slug"))
		}
		return writeAudit(ctx, tx, audit.Entry{TenantID: a.TenantID, At: now, Actor: audit.ActorFrom(ctx),
			Action: audit.ActionAddOnCreate, Entity: audit.EntityAddOn, EntityID: a.ID, After: audit.JSON(addOnSnapshot(a))})
	})
	return a, err
}

func (s *Store) addOnWhere(ctx context.Context, q querier, tenantID, packageID, id string) (catalog.AddOn, error) {
	return scanAddOn(q.QueryRowContext(ctx, `SELECT `+addOnColumns+` FROM add_ons WHERE tenant_id = $1 AND package_id = $2 AND id = $3`,
		tenantID, packageID, id))
}

// UpdateAddOn applies the given fields to one add-on of one package.
func (s *Store) UpdateAddOn(ctx context.Context, tenantID, packageID, id string, in catalog.AddOnInput) (catalog.AddOn, error) {
	var out catalog.AddOn
	err := s.inTx(ctx, func(tx *Tx) error {
		before, err := s.addOnWhere(ctx, tx, tenantID, packageID, id)
		if err != nil {
			return fmt.Errorf("store: update add-on: %w", err)
		}
		a := before
		setField(&a.Slug, in.Slug)
		setField(&a.Name, in.Name)
		setField(&a.Description, in.Description)
		setField(&a.PhotoURL, in.PhotoURL)
		setField(&a.PriceCents, in.PriceCents)
		setField(&a.Active, in.Active)
		setField(&a.SortOrder, in.SortOrder)
		now := s.utcNow()
		_, err = tx.ExecContext(ctx, `UPDATE add_ons SET slug = $1, name = $2, description = $3, price_cents = $4, active = $5,
			sort_order = $6, updated_at = $7, photo_url = $8 WHERE tenant_id = $9 AND package_id = $10 AND id = $11`,
			a.Slug, a.Name, a.Description, a.PriceCents, a.Active, a.SortOrder, now, a.PhotoURL, tenantID, packageID, id)
		if err != nil {
			return fmt.Errorf("store: update add-on: %w", conflictOn(err, fmt.Sprintf("an add-on with slug %q already exists on this package", a.Slug), "slug"))
		}
		out = a
		return writeAudit(ctx, tx, audit.Entry{TenantID: tenantID, At: now, Actor: audit.ActorFrom(ctx),
			Action: audit.ActionAddOnUpdate, Entity: audit.EntityAddOn, EntityID: id,
			Before: audit.JSON(addOnSnapshot(before)), After: audit.JSON(addOnSnapshot(a))})
	})
	return out, err
}

// DeleteAddOn removes one add-on of one package.
func (s *Store) DeleteAddOn(ctx context.Context, tenantID, packageID, id string) error {
	return s.inTx(ctx, func(tx *Tx) error {
		before, err := s.addOnWhere(ctx, tx, tenantID, packageID, id)
		if err != nil {
			return fmt.Errorf("store: delete add-on: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM add_ons WHERE tenant_id = $1 AND package_id = $2 AND id = $3`, tenantID, packageID, id); err != nil {
			return fmt.Errorf("store: delete add-on: %w", err)
		}
		return writeAudit(ctx, tx, audit.Entry{TenantID: tenantID, At: s.utcNow(), Actor: audit.ActorFrom(ctx),
			Action: audit.ActionAddOnDelete, Entity: audit.EntityAddOn, EntityID: id, Before: audit.JSON(addOnSnapshot(before))})
	})
}

func packageSnapshot(p catalog.Package) audit.Package {
	return audit.Package{ID: p.ID, Slug: p.Slug, Name: p.Name, Description: p.Description,
		BasePriceCents: p.BasePriceCents, PhotoURL: p.PhotoURL, Active: p.Active, SortOrder: p.SortOrder}
}

// addOnSnapshot is the audit form of an add-on (camelCase, as every
// snapshot; it was the Go field names before).
func addOnSnapshot(a catalog.AddOn) audit.AddOn {
	return audit.AddOn{ID: a.ID, PackageID: a.PackageID, Slug: a.Slug, Name: a.Name, Description: a.Description,
		PriceCents: a.PriceCents, Active: a.Active, SortOrder: a.SortOrder, PhotoURL: a.PhotoURL}
}

// setField sets *dst to *v when v is given (a patch field), else leaves it.
func setField[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}
