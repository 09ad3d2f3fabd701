package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"mais/internal/catalog"
	"mais/internal/demoart"
	"mais/internal/media"
	"mais/internal/siteconfig"
)

// demoPictures puts the demo's pictures (internal/demoart, drawn by the
// project and embedded) through the demo tenant's photo library, like any
// upload, and onto its packages and published site.
type demoPictures struct {
	Media *media.Service
	Sites *siteconfig.Service
	// Packages sets a package's and its add-ons' photos.
	Packages interface {
		UpdatePackage(ctx context.Context, tenantID, id string, in catalog.PackageInput) (catalog.Package, error)
		UpdateAddOn(ctx context.Context, tenantID, packageID, id string, in catalog.AddOnInput) (catalog.AddOn, error)
	}
}

// demoPackagePicture is the picture of each demo package, by slug.
var demoPackagePicture = map[string]string{
	"elopement":       "lake-at-dawn.jpg",
	"classic-wedding": "fairy-lights.jpg",
	"full-weekend":    "coast-at-sunset.jpg",
}

// demoAddOnPicture is the picture of each demo add-on, by slug.
var demoAddOnPicture = map[string]string{
	"extra-hour":         "fairy-lights.jpg",
	"engagement-session": "meadow.jpg",
	"heirloom-album":     "two-rings.jpg",
	"drone":              "golden-hour-ridge.jpg",
}

// demoPortrait is the picture of the About page; it stays out of the
// gallery.
const demoPortrait = "portrait.jpg"

// demoAbout is the About page's text, in the photographer's own voice.
const demoAbout = "I'm Maya Lindqvist, the photographer behind Willow & Pine. For ten years I have followed couples " +
	"from the first nervous laugh of the morning to the last song of the night, mostly around Chicago and the Great Lakes, " +
	"and anywhere a good story takes me.\n\n" +
	"I work quietly and mostly unposed: real light, real moments, a few gentle prompts when the family photos come round. " +
	"I take on about twenty-five weddings a year, so every couple gets my full attention, from our first call to the day " +
	"your gallery arrives.\n\nTell me about your plans. I would love to hear them."

// demoWelcome is the home page's text beside the rings.
const demoWelcome = "Relaxed, honest wedding photography in Chicago and wherever you are getting married. " +
	"No stiff poses and no hours away from your guests: just the light, the people you love and the moments in between.\n\n" +
	"Choose a package, pick your date and reserve it online in a few minutes. Before you pay you see what is due now " +
	"and what is due later, and once your date is confirmed we plan the day together."

// demoQuotes are the demo's client quotes on its home page (fictional).
var demoQuotes = siteconfig.TestimonialsSection{Headline: "Kind words from our couples", Items: []siteconfig.Testimonial{
	{Quote: "Maya made us forget the camera was there. Every time we open the gallery we find a moment we had not even seen on the day.",
		AuthorName: "Priya & Daniel, married at the Chicago Botanic Garden", Rating: 5},
	{Quote: "Calm, kind and always in the right place. Our parents still talk about how easy the family photos were.",
		AuthorName: "Hannah & Luis, Lake Geneva", Rating: 5},
}}

// seed uploads the pictures for tenantID, sets the packages' photos
// (packageIDs by slug) and publishes the site with a hero photo, a photo
// beside the home page's text and a gallery page.
func (d *demoPictures) seed(ctx context.Context, tenantID string, packageIDs map[string]string) error {
	urls := map[string]string{}
	var gallery []siteconfig.Image
	for i, p := range demoart.All() {
		data, err := p.File()
		if err != nil {
			return fmt.Errorf("demo picture %s: %w", p.Name, err)
		}
		v, err := d.Media.Upload(ctx, tenantID, p.Name, bytes.NewReader(data))
		if err != nil {
			return fmt.Errorf("demo picture %s: %w", p.Name, err)
		}
		urls[p.Name] = v.URL
		if i > 0 && p.Name != demoPortrait {
			gallery = append(gallery, siteconfig.Image{URL: v.URL, Alt: p.Alt})
		}
	}
	for slug, name := range demoPackagePicture {
		if id, ok := packageIDs[slug]; ok {
			url := urls[name]
			p, err := d.Packages.UpdatePackage(ctx, tenantID, id, catalog.PackageInput{PhotoURL: &url})
			if err != nil {
				return fmt.Errorf("demo package photo %s: %w", slug, err)
			}
			for _, a := range p.AddOns {
				if url, ok := urls[demoAddOnPicture[a.Slug]]; ok {
					if _, err := d.Packages.UpdateAddOn(ctx, tenantID, p.ID, a.ID, catalog.AddOnInput{PhotoURL: &url}); err != nil {
						return fmt.Errorf("demo add-on photo %s: %w", a.Slug, err)
					}
				}
			}
		}
	}
	v, err := d.Sites.Published(ctx, tenantID)
	if err != nil {
		return fmt.Errorf("demo site: %w", err)
	}
	cfg, err := siteconfig.Stored(v)
	if err != nil {
		return err
	}
	for i, s := range cfg.Pages.Home.Sections {
		switch s := s.(type) {
		case siteconfig.HeroSection:
			s.BackgroundImageURL = urls["golden-hour-ridge.jpg"]
			cfg.Pages.Home.Sections[i] = s
		case siteconfig.TextSection:
			s.Headline, s.Content = "Photographs that feel like the day did", demoWelcome
			s.ImageURL = urls["two-rings.jpg"]
			cfg.Pages.Home.Sections[i] = s
		}
	}
	cfg.Pages.Gallery = siteconfig.Page{Enabled: true, Sections: []siteconfig.Section{
		siteconfig.GallerySection{Headline: "Recent celebrations", Images: gallery, InstagramHandle: "willowandpine.photo"}}}
	cfg.Pages.About = siteconfig.Page{Enabled: true, Sections: []siteconfig.Section{siteconfig.TextSection{
		Headline: "Hello, I'm Maya", Content: demoAbout, ImageURL: urls[demoPortrait], ImagePosition: "right"}}}
	// The quotes close the home page, before its call to action.
	home := cfg.Pages.Home.Sections
	at := len(home)
	if at > 0 {
		if _, ok := home[at-1].(siteconfig.CTASection); ok {
			at--
		}
	}
	cfg.Pages.Home.Sections = slices.Insert(home, at, siteconfig.Section(demoQuotes))
	draft, err := d.Sites.CreateDraft(ctx, tenantID, json.RawMessage(siteconfig.Canonical(cfg)), "Demo pictures")
	if err != nil {
		return fmt.Errorf("demo site: %w", err)
	}
	if _, err := d.Sites.Publish(ctx, tenantID, draft.ID); err != nil {
		return fmt.Errorf("demo site: %w", err)
	}
	return nil
}
