package main

import "mais/internal/catalog"

// catalogInput is the input creating a sample package (the arguments are
// copies, so the pointers are the call's own).
func catalogInput(slug, name string, cents int64, active bool) catalog.PackageInput {
	desc := "A sample package of the smoke test."
	return catalog.PackageInput{Slug: &slug, Name: &name, Description: &desc, BasePriceCents: &cents, Active: &active}
}
