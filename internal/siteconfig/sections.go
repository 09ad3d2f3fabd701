package siteconfig

import (
	"encoding/json"
	"fmt"
	"reflect"
)

// Section is one block of a page. It is a closed union: its values are
// HeroSection, TextSection, GallerySection, TestimonialsSection, FAQSection,
// ContactSection and CTASection (values, not pointers). Code branches with a
// type switch; templates branch on .Kind and then read the fields.
type Section interface {
	// Kind is the section's "type" discriminator in JSON.
	Kind() string
	isSection()
}

// Section kinds, the values of the JSON "type" field.
const (
	KindHero         = "hero"
	KindText         = "text"
	KindGallery      = "gallery"
	KindTestimonials = "testimonials"
	KindFAQ          = "faq"
	KindContact      = "contact"
	KindCTA          = "cta"
)

// HeroSection is the large banner that opens a page.
type HeroSection struct {
	Headline           string `json:"headline"`
	Subheadline        string `json:"subheadline,omitempty"`
	CTAText            string `json:"ctaText"`
	BackgroundImageURL string `json:"backgroundImageUrl,omitempty"`
}

// TextSection is a block of prose with an optional image beside it.
type TextSection struct {
	Headline      string `json:"headline,omitempty"`
	Content       string `json:"content"`
	ImageURL      string `json:"imageUrl,omitempty"`
	ImagePosition string `json:"imagePosition"` // "left" or "right"
}

// GallerySection is a grid of images.
type GallerySection struct {
	Headline        string  `json:"headline"`
	Images          []Image `json:"images"`
	InstagramHandle string  `json:"instagramHandle,omitempty"`
}

// Image is one gallery picture.
type Image struct {
	URL string `json:"url"`
	Alt string `json:"alt"`
}

// TestimonialsSection lists client quotes.
type TestimonialsSection struct {
	Headline string        `json:"headline"`
	Items    []Testimonial `json:"items"`
}

// Testimonial is one client quote with a 1–5 star rating.
type Testimonial struct {
	Quote      string `json:"quote"`
	AuthorName string `json:"authorName"`
	Rating     int    `json:"rating"`
}

// FAQSection lists questions and answers.
type FAQSection struct {
	Headline string    `json:"headline"`
	Items    []FAQItem `json:"items"`
}

// FAQItem is one question and its answer.
type FAQItem struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// ContactSection shows how to reach the business.
type ContactSection struct {
	Headline string `json:"headline"`
	Email    string `json:"email,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Address  string `json:"address,omitempty"`
	Hours    string `json:"hours,omitempty"`
}

// CTASection is a short call to action with a button.
type CTASection struct {
	Headline    string `json:"headline"`
	Subheadline string `json:"subheadline,omitempty"`
	CTAText     string `json:"ctaText"`
}

func (HeroSection) Kind() string         { return KindHero }
func (TextSection) Kind() string         { return KindText }
func (GallerySection) Kind() string      { return KindGallery }
func (TestimonialsSection) Kind() string { return KindTestimonials }
func (FAQSection) Kind() string          { return KindFAQ }
func (ContactSection) Kind() string      { return KindContact }
func (CTASection) Kind() string          { return KindCTA }

func (HeroSection) isSection()         {}
func (TextSection) isSection()         {}
func (GallerySection) isSection()      {}
func (TestimonialsSection) isSection() {}
func (FAQSection) isSection()          {}
func (ContactSection) isSection()      {}
func (CTASection) isSection()          {}

// sectionTypes maps a kind to its Go type; the strict parser uses it to check
// a section's fields. It is a function so the table cannot be mutated.
func sectionTypes() map[string]reflect.Type {
	return map[string]reflect.Type{
		KindHero:         reflect.TypeFor[HeroSection](),
		KindText:         reflect.TypeFor[TextSection](),
		KindGallery:      reflect.TypeFor[GallerySection](),
		KindTestimonials: reflect.TypeFor[TestimonialsSection](),
		KindFAQ:          reflect.TypeFor[FAQSection](),
		KindContact:      reflect.TypeFor[ContactSection](),
		KindCTA:          reflect.TypeFor[CTASection](),
	}
}

// The MarshalJSON methods below use a local type without methods so the
// fields are encoded inline after "type" without recursing.

func (s HeroSection) MarshalJSON() ([]byte, error) {
	type plain HeroSection
	return marshalInline(KindHero, plain(s))
}

func (s TextSection) MarshalJSON() ([]byte, error) {
	type plain TextSection
	return marshalInline(KindText, plain(s))
}

func (s GallerySection) MarshalJSON() ([]byte, error) {
	type plain GallerySection
	if s.Images == nil {
		s.Images = []Image{}
	}
	return marshalInline(KindGallery, plain(s))
}

func (s TestimonialsSection) MarshalJSON() ([]byte, error) {
	type plain TestimonialsSection
	if s.Items == nil {
		s.Items = []Testimonial{}
	}
	return marshalInline(KindTestimonials, plain(s))
}

func (s FAQSection) MarshalJSON() ([]byte, error) {
	type plain FAQSection
	if s.Items == nil {
		s.Items = []FAQItem{}
	}
	return marshalInline(KindFAQ, plain(s))
}

func (s ContactSection) MarshalJSON() ([]byte, error) {
	type plain ContactSection
	return marshalInline(KindContact, plain(s))
}

func (s CTASection) MarshalJSON() ([]byte, error) {
	type plain CTASection
	return marshalInline(KindCTA, plain(s))
}

// marshalInline writes {"type":kind, ...fields of v}. v must be a struct
// that encodes to a JSON object.
func marshalInline(kind string, v any) ([]byte, error) {
	body, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	typ, err := json.Marshal(kind)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(body)+len(typ)+9)
	out = append(out, `{"type":`...)
	out = append(out, typ...)
	if len(body) > 2 { // body is "{...}"; "{}" has no fields to add
		out = append(out, ',')
		out = append(out, body[1:]...)
	} else {
		out = append(out, '}')
	}
	return out, nil
}

// MarshalJSON writes a nil section list as [] so the document always has
// the same shape.
func (p Page) MarshalJSON() ([]byte, error) {
	type plain Page
	if p.Sections == nil {
		p.Sections = []Section{}
	}
	return json.Marshal(plain(p))
}

// UnmarshalJSON decodes the section union by its "type" field.
func (p *Page) UnmarshalJSON(data []byte) error {
	var raw struct {
		Enabled  bool              `json:"enabled"`
		Sections []json.RawMessage `json:"sections"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	p.Enabled = raw.Enabled
	p.Sections = nil
	if raw.Sections != nil {
		p.Sections = make([]Section, 0, len(raw.Sections))
	}
	for i, msg := range raw.Sections {
		s, err := decodeSection(msg)
		if err != nil {
			return fmt.Errorf("sections.%d: %w", i, err)
		}
		p.Sections = append(p.Sections, s)
	}
	return nil
}

func decodeSection(data []byte) (Section, error) {
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, err
	}
	switch head.Type {
	case KindHero:
		return decodeAs[HeroSection](data)
	case KindText:
		return decodeAs[TextSection](data)
	case KindGallery:
		return decodeAs[GallerySection](data)
	case KindTestimonials:
		return decodeAs[TestimonialsSection](data)
	case KindFAQ:
		return decodeAs[FAQSection](data)
	case KindContact:
		return decodeAs[ContactSection](data)
	case KindCTA:
		return decodeAs[CTASection](data)
	}
	return nil, fmt.Errorf("unknown section type %q", head.Type)
}

func decodeAs[T Section](data []byte) (Section, error) {
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	return v, nil
}
