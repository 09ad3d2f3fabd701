package dashboard_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"mais/internal/audit"
	"mais/internal/siteconfig"
)

// The review page of a stale proposal shows what approving does to the
// site as it is now (the rebased diff), or why it can no longer be
// approved; a package proposal reads as the package's fields.
func TestProposalPageRebasedAndPackage(t *testing.T) {
	t.Parallel()
	f, b := loggedInAlpha(t, "sqlite", nil)
	a := f.app
	tenantID := f.alpha.Tenant.ID
	ctx := audit.WithActor(context.Background(), audit.Actor{Type: audit.ActorAssistant, ID: "conversation-1"})

	headline, err := a.SiteConfig.ProposeSiteChange(ctx, tenantID,
		[]byte(`[{"op":"replace","path":"/pages/home/sections/0/headline","value":"Stories told in light"}]`), "A warmer headline.")
	if err != nil {
		t.Fatal(err)
	}
	guarded, err := a.SiteConfig.ProposeSiteChange(ctx, tenantID,
		[]byte(`[{"op":"test","path":"/pages/home/sections/0/ctaText","value":"Check your date"},{"op":"replace","path":"/pages/home/sections/0/ctaText","value":"See open dates"}]`),
		"A clearer button.")
	if err != nil {
		t.Fatalf("guarded proposal: %v (the default button text changed?)", err)
	}
	hide, err := a.SiteConfig.ProposePackageChange(ctx, tenantID, f.alphaPkg.ID, []byte(`{"active":false,"name":"Full Day (from March)"}`), "Hidden until March.")
	if err != nil {
		t.Fatal(err)
	}

	// The owner publishes another change after the proposals were made.
	live, _ := a.SiteConfig.Published(ctx, tenantID)
	c, err := siteconfig.Stored(live)
	if err != nil {
		t.Fatal(err)
	}
	hero := c.Pages.Home.Sections[0].(siteconfig.HeroSection)
	hero.CTAText = "Book your date"
	c.Pages.Home.Sections[0] = hero
	draft, err := a.SiteConfig.CreateDraft(ctx, tenantID, siteconfig.Canonical(c), "new button")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.SiteConfig.Publish(ctx, tenantID, draft.ID); err != nil {
		t.Fatal(err)
	}

	p := b.get("/admin/proposals/" + headline.ID)
	wantStatus(t, "rebased review", p, http.StatusOK)
	now := regexp.MustCompile(`(?s)<h2>What approving does now</h2>.*?</section>`).FindString(p.body)
	if !strings.Contains(p.body, "Proposal from the assistant") || !strings.Contains(now, "Stories told in light") ||
		strings.Contains(now, "Book your date") || !strings.Contains(p.body, `id="approve"`) {
		t.Fatalf("the rebased diff is missing or wrong:\n%s", snippet(now+"\n---\n"+p.body))
	}

	p = b.get("/admin/proposals/" + guarded.ID)
	if !strings.Contains(p.body, "cannot be approved") || strings.Contains(p.body, `id="approve"`) {
		t.Fatalf("a proposal that no longer applies offers approval:\n%s", snippet(p.body))
	}

	p = b.get("/admin/proposals/" + hide.ID)
	pkg := regexp.MustCompile(`(?s)<h2>Changes to the package.*?</section>`).FindString(p.body)
	if !strings.Contains(pkg, f.alphaPkg.Name) || !strings.Contains(pkg, "Full Day (from March)") ||
		!strings.Contains(pkg, "Shown on your site") || !strings.Contains(pkg, "Hidden from your site") || strings.Contains(p.body, "Publish at once") {
		t.Fatalf("the package change is not readable:\n%s", snippet(pkg+"\n---\n"+p.body))
	}

	list := b.get("/admin/proposals")
	if strings.Count(list.body, "The assistant: ") != 3 || !strings.Contains(list.body, "badge-info\">Package") {
		t.Fatalf("the list does not name the assistant:\n%s", snippet(list.body))
	}
}
