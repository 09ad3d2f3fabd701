package sqlstore

import (
	"context"
	"fmt"

	"mais/internal/siteconfig"
)

// PackagePrices returns the transaction's tenant's packages by slug with
// their id, name and base price, for the audit of a published promotion.
func (c *configTx) PackagePrices(ctx context.Context) (map[string]siteconfig.PackagePrice, error) {
	rows, err := c.tx.QueryContext(ctx, `SELECT id, slug, name, base_price_cents FROM packages WHERE tenant_id = $1`, c.tenantID)
	if err != nil {
		return nil, fmt.Errorf("store: package prices: %w", err)
	}
	defer rows.Close()
	out := map[string]siteconfig.PackagePrice{}
	for rows.Next() {
		var p siteconfig.PackagePrice
		var slug string
		if err := rows.Scan(&p.ID, &slug, &p.Name, &p.BasePriceCents); err != nil {
			return nil, fmt.Errorf("store: package prices: %w", err)
		}
		out[slug] = p
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: package prices: %w", err)
	}
	return out, nil
}
