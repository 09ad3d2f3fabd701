package storefront_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"mais/internal/catalog"
	"mais/internal/siteconfig"
	"mais/internal/tenant"
)

// hostile is a value meant to close the JSON-LD script element and run
// its own.
const hostile = `</script><script>alert(1)</script><!--`

// setProfile stores p as the tenant's profile, as is (even values the
// profile's checks would refuse), its e-mail public as after a save with
// it (tenant.ProfilePatch.Apply).
func setProfile(t *testing.T, e *env, p tenant.Profile) {
	t.Helper()
	p.EmailPublic = true
	if _, err := e.store.UpdateTenantProfile(context.Background(), e.tenant.ID, p); err != nil {
		t.Fatal(err)
	}
	e.cache.InvalidateTenant(context.Background(), e.tenant.ID)
}

// ldJSON returns the page's JSON-LD: the text between the opening tag and
// the first "</script>", which is where a browser ends the element.
func ldJSON(t *testing.T, body string) map[string]any {
	t.Helper()
	const open = `<script type="application/ld+json">`
	i := strings.Index(body, open)
	if i < 0 {
		t.Fatalf("no JSON-LD in the page")
	}
	rest := body[i+len(open):]
	end := strings.Index(strings.ToLower(rest), "</script")
	var v map[string]any
	if err := json.Unmarshal([]byte(rest[:end]), &v); err != nil {
		t.Fatalf("JSON-LD %q: %v", rest[:end], err)
	}
	return v
}

// TestContactFromProfile: the contact page, the footer and the structured
// data show the business profile with real links (mailto, tel, Instagram,
// website), and a hostile value stays text: it cannot leave the JSON-LD
// script or add markup.
func TestContactFromProfile(t *testing.T) {
	e := newEnv(t)
	setProfile(t, e, tenant.Profile{BusinessName: "Willow " + hostile, Email: "hello@willow.example",
		Phone: "+1 (555) 010-2030", Address: "12 Elm Street\nHudson, NY 12534 " + hostile,
		InstagramHandle: "willow.pine", Website: "https://willow.example/"})

	w := e.get(t, "/t/willow/contact")
	if w.Code != http.StatusOK {
		t.Fatalf("contact: %d", w.Code)
	}
	body := w.Body.String()
	for _, want := range []string{
		`<a href="mailto:hello@willow.example">hello@willow.example</a>`,
		`<a href="tel:&#43;15550102030">&#43;1 (555) 010-2030</a>`,
		`12 Elm Street<br>Hudson, NY 12534`,
		`<a href="https://www.instagram.com/willow.pine/" rel="me noopener">@willow.pine</a>`,
		`<a href="https://willow.example/" rel="me noopener">willow.example</a>`,
		`We reply to every enquiry`, // the default section's hours stay
		`class="footer-contact"`, `class="footer-address"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("contact page lacks %s", want)
		}
	}
	if strings.Contains(body, "<script>alert(1)") {
		t.Fatalf("hostile value became markup:\n%s", body)
	}
	ld := ldJSON(t, body)
	if ld["@type"] != "LocalBusiness" || ld["name"] != "Willow "+hostile || ld["email"] != "hello@willow.example" ||
		ld["telephone"] != "+1 (555) 010-2030" || ld["url"] != "http://mais.test/t/willow" ||
		ld["address"] != "12 Elm Street, Hudson, NY 12534 "+hostile {
		t.Errorf("JSON-LD %v", ld)
	}
	if same, _ := ld["sameAs"].([]any); len(same) != 2 || same[0] != "https://www.instagram.com/willow.pine/" {
		t.Errorf("sameAs %v", ld["sameAs"])
	}

	// Every page carries the footer and the structured data.
	home := e.get(t, "/t/willow").Body.String()
	if !strings.Contains(home, `href="mailto:hello@willow.example"`) || ldJSON(t, home)["name"] != "Willow "+hostile {
		t.Errorf("home page lacks the footer contact or the structured data")
	}

	// A contact section's own e-mail wins over the profile's.
	cfg := siteconfig.Default("Willow")
	cfg.Pages.Contact.Sections = []siteconfig.Section{siteconfig.ContactSection{Headline: "Say hello", Email: "enquiries@willow.example"}}
	e.sites.set(e.tenant.ID, cfg)
	e.cache.InvalidateTenant(context.Background(), e.tenant.ID)
	body = e.get(t, "/t/willow/contact").Body.String()
	if !strings.Contains(body, "mailto:enquiries@willow.example") || !strings.Contains(body, "tel:&#43;15550102030") {
		t.Errorf("section e-mail with profile phone expected:\n%s", body)
	}
}

// TestEmptyServicesReachesTheBusiness: with no packages, the services page
// says how to get in touch, and the link leads to the contact page, or
// with none to the business's e-mail: never back to the services page.
func TestEmptyServicesReachesTheBusiness(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for _, slug := range []string{"classic", "elopement"} {
		p, err := e.store.PackageBySlug(ctx, e.tenant.ID, slug, true)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.store.DeletePackage(ctx, e.tenant.ID, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	setProfile(t, e, tenant.Profile{BusinessName: "Willow", Email: "hello@willow.example"})
	body := e.get(t, "/t/willow/services").Body.String()
	if !strings.Contains(body, `Please <a href="/t/willow/contact">get in touch</a>`) {
		t.Fatalf("empty services page does not lead to the contact page:\n%s", body)
	}
	cfg := siteconfig.Default("Willow")
	cfg.Pages.Contact.Enabled = false
	e.sites.set(e.tenant.ID, cfg)
	e.cache.InvalidateTenant(ctx, e.tenant.ID)
	body = e.get(t, "/t/willow/services").Body.String()
	if !strings.Contains(body, `Please <a href="mailto:hello@willow.example">get in touch</a>`) {
		t.Fatalf("without a contact page, the link should write to the business:\n%s", body)
	}
}

// TestDescriptionsRendered: Markdown in package and add-on descriptions is
// formatted on the services page, the package page and the booking form,
// and hostile input is not.
func TestDescriptionsRendered(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	desc := "**Eight hours** of coverage.\n\nIncludes:\n\n- two photographers\n- [our films](https://films.example)\n\n" +
		`<script>alert(1)</script><a href="javascript:alert(2)">x</a><img src=x onerror=alert(3)>`
	name, addDesc := "Classic Wedding", "*Lay-flat* pages\n\n- linen cover"
	if _, err := e.store.UpdatePackage(ctx, e.tenant.ID, e.pkg.ID, catalog.PackageInput{Name: &name, Description: &desc}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.UpdateAddOn(ctx, e.tenant.ID, e.pkg.ID, e.pkg.AddOns[0].ID, catalog.AddOnInput{Description: &addDesc}); err != nil {
		t.Fatal(err)
	}
	e.cache.InvalidateTenant(ctx, e.tenant.ID)
	for _, path := range []string{"/t/willow/services", "/t/willow/services/classic"} {
		body := e.get(t, path).Body.String()
		for _, want := range []string{"<strong>Eight hours</strong>", "<li>two photographers</li>",
			`<a href="https://films.example" rel="nofollow noopener" target="_blank">our films</a>`} {
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %s", path, want)
			}
		}
		for _, bad := range []string{"**", "alert(", "javascript:", "onerror"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s shows %q", path, bad)
			}
		}
	}
	body := e.get(t, "/t/willow/services/classic").Body.String()
	if !strings.Contains(body, `<span class="addon-text"><em>Lay-flat</em> pages<br>`) || !strings.Contains(body, "• linen cover") {
		t.Errorf("add-on description not formatted:\n%s", body)
	}
	if !strings.Contains(body, `<meta name="description" content="Eight hours of coverage. Includes: • two photographers • our films`) {
		t.Errorf("meta description is not plain text")
	}
}
