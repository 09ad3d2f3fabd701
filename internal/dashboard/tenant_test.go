package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/siteconfig"
)

// TestTenantIsolation: an admin of alpha reaches nothing of bravo's by id,
// in pages or in forms, and the answer is the same 404 as for an id that
// does not exist.
func TestTenantIsolation(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		ctx := context.Background()
		alpha, _ := createTenant(t, a, "alpha")
		bravo, bravoPkg := createTenant(t, a, "bravo")
		bravoBooking := book(t, a, bravo, bravoPkg.ID, 40)
		bravoLive, err := a.SiteConfig.Published(ctx, bravo.Tenant.ID)
		if err != nil {
			t.Fatal(err)
		}
		agent, _, err := a.SiteConfig.CreateAgent(ctx, bravo.Tenant.ID, "Bravo's helper")
		if err != nil {
			t.Fatal(err)
		}
		proposal, err := a.SiteConfig.Propose(ctx, agent, siteconfig.ProposalInput{BaseVersionID: bravoLive.ID,
			Config: json(headline(bravo.Tenant.Name, "Bravo's new headline")), Rationale: "Sharper"})
		if err != nil {
			t.Fatal(err)
		}

		b := newBrowser(t, a.Handler())
		b.login(alpha.AdminEmail, password)
		for _, path := range []string{
			"/admin/bookings/" + bravoBooking.ID,
			"/admin/packages/" + bravoPkg.ID,
			"/admin/versions/" + bravoLive.ID,
			"/admin/preview/" + bravoLive.ID + "/home",
			"/admin/proposals/" + proposal.ID,
			"/admin/site/pages/home?draft=" + bravoLive.ID,
			"/admin/bookings/no-such-booking",
		} {
			p := b.get(path)
			wantStatus(t, "GET "+path, p, http.StatusNotFound)
			if strings.Contains(p.body, "Bravo") || strings.Contains(p.body, "Ada Lovelace") {
				t.Errorf("GET %s shows bravo's data", path)
			}
		}
		for _, path := range []string{
			"/admin/versions/" + bravoLive.ID + "/rollback",
			"/admin/proposals/" + proposal.ID + "/approve",
			"/admin/proposals/" + proposal.ID + "/reject",
			"/admin/packages/" + bravoPkg.ID + "/delete",
			"/admin/agents/" + agent.ID + "/revoke",
		} {
			wantStatus(t, "POST "+path, b.submit("/admin", path, nil), http.StatusNotFound)
		}
		// Saving alpha's editor form on top of bravo's version.
		p := b.submit("/admin", "/admin/site/pages/home", url.Values{"base": {bravoLive.ID},
			"pages.home.sections.0.type": {"hero"}, "pages.home.sections.0.headline": {"Hijacked"},
			"pages.home.sections.0.ctaText": {"Go"}})
		wantStatus(t, "save over bravo's version", p, http.StatusNotFound)

		got, err := a.SiteConfig.Proposal(ctx, bravo.Tenant.ID, proposal.ID)
		if err != nil || got.Status != siteconfig.ProposalPending {
			t.Fatalf("bravo's proposal after alpha's attempts: %v %v", got.Status, err)
		}
		if _, err := a.Store.PackageByID(ctx, bravo.Tenant.ID, bravoPkg.ID, false); err != nil {
			t.Fatalf("bravo's package after alpha's attempts: %v", err)
		}
		live, _ := a.SiteConfig.Published(ctx, bravo.Tenant.ID)
		if live.ID != bravoLive.ID {
			t.Fatal("bravo's site changed")
		}
	})
}

// TestSiteEditor edits the home hero in a draft, sees the field error of a
// bad value next to its field, previews the draft and publishes it.
func TestSiteEditor(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		ctx := context.Background()
		alpha, _ := createTenant(t, a, "alpha")
		b := newBrowser(t, a.Handler())
		b.login(alpha.AdminEmail, password)
		live, err := a.SiteConfig.Published(ctx, alpha.Tenant.ID)
		if err != nil {
			t.Fatal(err)
		}

		form := editorForm(t, b, "/admin/site/pages/home")
		if got := form.Get("base"); got != live.ID {
			t.Fatalf("editor base %q, want the published version %q", got, live.ID)
		}

		form.Set("pages.home.sections.0.headline", "")
		form.Set("pages.home.sections.0.backgroundImageUrl", "javascript:alert(1)")
		p := b.post("/admin/site/pages/home", form)
		wantStatus(t, "invalid save", p, http.StatusBadRequest)
		for _, id := range []string{"f-pages-home-sections-0-headline-error", "f-pages-home-sections-0-backgroundImageUrl-error"} {
			if !strings.Contains(p.body, `id="`+id+`"`) {
				t.Errorf("no error shown next to the field (%s)", id)
			}
		}
		if list, _ := a.SiteConfig.Versions(ctx, alpha.Tenant.ID, 10, 0); len(list) != 1 {
			t.Fatalf("an invalid form stored a version: %d versions", len(list))
		}

		form.Set("pages.home.sections.0.headline", "Golden hour weddings")
		form.Set("pages.home.sections.0.backgroundImageUrl", "")
		p = b.post("/admin/site/pages/home", form)
		wantStatus(t, "save", p, http.StatusSeeOther)
		list, _ := a.SiteConfig.Versions(ctx, alpha.Tenant.ID, 10, 0)
		if len(list) != 2 || list[0].Status != siteconfig.StatusDraft {
			t.Fatalf("after saving: %+v", list)
		}
		draft := list[0]
		if got, want := p.header.Get("Location"), "/admin/site/pages/home?draft="+draft.ID; got != want {
			t.Fatalf("Location %q, want %q", got, want)
		}

		preview := b.get("/admin/preview/" + draft.ID + "/home")
		wantStatus(t, "preview", preview, http.StatusOK)
		if !strings.Contains(preview.body, "Golden hour weddings") {
			t.Fatal("the preview does not show the draft's headline")
		}
		if !strings.Contains(preview.body, `href="/admin/preview/`+draft.ID+`/about"`) {
			t.Error("the preview's links leave the preview")
		}
		site := b.get("/t/alpha")
		if strings.Contains(site.body, "Golden hour weddings") {
			t.Fatal("the draft is on the public site before publishing")
		}

		// Saving again updates the same draft.
		form = editorForm(t, b, "/admin/site/pages/home?draft="+draft.ID)
		form.Set("pages.home.sections.0.subheadline", "Candid, calm, unposed.")
		wantStatus(t, "save again", b.post("/admin/site/pages/home", form), http.StatusSeeOther)
		if list, _ := a.SiteConfig.Versions(ctx, alpha.Tenant.ID, 10, 0); len(list) != 2 {
			t.Fatalf("saving a draft again made %d versions, want 2", len(list))
		}

		p = b.submit("/admin/site", "/admin/versions/"+draft.ID+"/publish", url.Values{"next": {"/admin/site"}})
		wantStatus(t, "publish", p, http.StatusSeeOther)
		if !strings.Contains(b.get("/t/alpha").body, "Golden hour weddings") {
			t.Fatal("the published headline is not on the public site")
		}
	})
}

// TestSiteEditorButtons: structural buttons change the form without saving.
func TestSiteEditorButtons(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite", nil)
	b := newBrowser(t, f.app.Handler())
	b.login(f.alpha.AdminEmail, password)
	form := editorForm(t, b, "/admin/site/pages/faq")
	form.Set("op", "add-item:0")
	p := b.post("/admin/site/pages/faq", form)
	wantStatus(t, "add item", p, http.StatusOK)
	if !strings.Contains(p.body, `name="pages.faq.sections.0.items.5.question"`) {
		t.Fatal("no sixth question in the form")
	}
	if !strings.Contains(p.body, "not saved yet") {
		t.Error("the form does not say it is unsaved")
	}
	if list, _ := f.app.SiteConfig.Versions(t.Context(), f.alpha.Tenant.ID, 10, 0); len(list) != 1 {
		t.Fatalf("a structural button saved: %d versions", len(list))
	}

	form.Set("op", "add-section")
	form.Set("newSection", "cta")
	p = b.post("/admin/site/pages/faq", form)
	if !strings.Contains(p.body, `name="pages.faq.sections.1.type" value="cta"`) {
		t.Fatal("no call to action section added")
	}
}

// editorForm reads the site editor's form fields from the page at path.
func editorForm(t *testing.T, b *browser, path string) url.Values {
	t.Helper()
	p := b.get(path)
	wantStatus(t, "editor", p, http.StatusOK)
	return formValues(t, p.body, "page-form")
}

func headline(business, h string) siteconfig.Config {
	c := siteconfig.Default(business)
	hero := c.Pages.Home.Sections[0].(siteconfig.HeroSection)
	hero.Headline = h
	c.Pages.Home.Sections[0] = hero
	return c
}

func json(c siteconfig.Config) []byte { return siteconfig.Canonical(c) }
