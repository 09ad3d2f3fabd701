package main

import (
	"context"

	"mais/internal/catalog"
	"mais/internal/sqlstore"
)

func seedPackage(st *sqlstore.Store, tenantID string) error {
	_, err := st.CreatePackage(context.Background(), catalog.Package{TenantID: tenantID, Slug: "classic", Name: "Classic",
		BasePriceCents: 300000, Active: true})
	return err
}
