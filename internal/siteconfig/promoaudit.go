package siteconfig

import (
	"context"
	"fmt"
	"slices"
	"time"

	"mais/internal/audit"
)

// PackagePrice is what the promotion audit needs of one catalog package.
type PackagePrice struct {
	ID, Name       string
	BasePriceCents int
}

// promotionSnapshot is the before or after of a package.price_change row:
// the catalog price and the promotion then in force (nil: none).
type promotionSnapshot struct {
	PackageSlug    string     `json:"packageSlug"`
	PackageName    string     `json:"packageName"`
	BasePriceCents int        `json:"basePriceCents"`
	Promotion      *Promotion `json:"promotion"`
}

// auditPromotions writes one package.price_change row per package whose
// promotion the publication of next changes against prev (nil: nothing
// was published): a promotion added, changed or removed is a change of
// the price charged inside its window, so it is audited on its own,
// beside config.publish, in the same transaction. Documents that cannot
// be decoded add no rows (they cannot sell at a promotional price
// either), nor do rules naming no package of the catalog.
func auditPromotions(ctx context.Context, tx Tx, at time.Time, prev *Version, next Version) error {
	var old map[string]Promotion
	if prev != nil {
		old = promotionsOf(prev.Config)
	}
	changed := changedPromotions(old, promotionsOf(next.Config))
	if len(changed) == 0 {
		return nil
	}
	prices, err := tx.PackagePrices(ctx)
	if err != nil {
		return fmt.Errorf("audit promotions: %w", err)
	}
	for _, slug := range changed {
		p, ok := prices[slug]
		if !ok {
			continue
		}
		before := promotionSnapshot{PackageSlug: slug, PackageName: p.Name, BasePriceCents: p.BasePriceCents}
		after := before
		if pr, ok := old[slug]; ok {
			before.Promotion = &pr
		}
		if pr, ok := promotionsOf(next.Config)[slug]; ok {
			after.Promotion = &pr
		}
		err := tx.Audit(ctx, audit.Entry{TenantID: next.TenantID, At: at, Actor: audit.ActorFrom(ctx),
			Action: audit.ActionPackagePriceChange, Entity: audit.EntityPackage, EntityID: p.ID,
			Before: audit.JSON(before), After: audit.JSON(after)})
		if err != nil {
			return err
		}
	}
	return nil
}

// promotionsOf is a stored document's promotions by package slug (none
// when the document cannot be decoded).
func promotionsOf(doc []byte) map[string]Promotion {
	c, err := decodeStored("configuration", doc)
	if err != nil {
		return nil
	}
	out := map[string]Promotion{}
	for _, r := range c.Display.Packages {
		if r.Promotion != (Promotion{}) {
			out[r.PackageSlug] = r.Promotion
		}
	}
	return out
}

// changedPromotions lists, sorted, the slugs whose promotion differs.
func changedPromotions(old, next map[string]Promotion) []string {
	var out []string
	for slug, p := range next {
		if o, ok := old[slug]; !ok || o != p {
			out = append(out, slug)
		}
	}
	for slug := range old {
		if _, ok := next[slug]; !ok {
			out = append(out, slug)
		}
	}
	slices.Sort(out)
	return out
}
