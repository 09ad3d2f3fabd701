package tenant_test

import (
	"testing"

	"mais/internal/tenant"
)

// TestProfilePatchEmailPublic: a patch carrying the e-mail makes it public
// (the business chose the address couples see); a patch without it, or one
// refused, leaves the flag as it was.
func TestProfilePatchEmailPublic(t *testing.T) {
	private := tenant.Profile{BusinessName: "Willow", Email: "login@willow.example"}
	if got, err := (tenant.ProfilePatch{Phone: sp("555 0100")}).Apply(private); err != nil || got.EmailPublic {
		t.Errorf("a save without the e-mail: EmailPublic %v, %v; want false", got.EmailPublic, err)
	}
	got, err := tenant.ProfilePatch{Email: sp(" Login@Willow.example ")}.Apply(private)
	if err != nil || !got.EmailPublic || got.Email != "login@willow.example" {
		t.Errorf("a save with the same e-mail: %+v, %v; want it public", got, err)
	}
	no, yes := false, true
	if got, err := (tenant.ProfilePatch{Email: sp("login@willow.example"), Phone: sp("555 0100"), EmailPublic: &no}).Apply(private); err != nil || got.EmailPublic {
		t.Errorf("a save that keeps the e-mail off the site: EmailPublic %v, %v; want false", got.EmailPublic, err)
	}
	if got, err := (tenant.ProfilePatch{EmailPublic: &yes}).Apply(private); err != nil || !got.EmailPublic {
		t.Errorf("a save that only shows the e-mail: EmailPublic %v, %v; want true", got.EmailPublic, err)
	}
	if _, err := (tenant.ProfilePatch{Email: sp("not-an-address")}).Apply(private); err == nil {
		t.Error("a bad e-mail was accepted")
	}
	tn := tenant.Tenant{Email: "login@willow.example"}.WithProfile(got)
	if !tn.EmailPublic || !tn.Profile().EmailPublic {
		t.Errorf("the flag does not go through the tenant: %+v", tn)
	}
}
