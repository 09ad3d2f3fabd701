package assistant

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"mais/internal/apperr"
	"mais/internal/booking"
	"mais/internal/catalog"
	"mais/internal/siteconfig"
	"mais/internal/tenant"
)

// Tenants gives the tools the tenant they act for.
type Tenants interface {
	Current(ctx context.Context, id string) (tenant.Tenant, error)
}

// Toolbox is the assistant's tools (docs/API.md §12). It reads the site,
// the catalog and the bookings and files proposals; nothing in it
// publishes, changes the catalog or touches a booking.
type Toolbox struct {
	Site    *siteconfig.Service
	Catalog *catalog.Service
	Booking *booking.Service
	Tenants Tenants
}

// The tools' inputs; their JSON Schemas are generated from these types.
type (
	noInput        struct{}
	listBookingsIn struct {
		From   string `json:"from,omitempty" desc:"first event date, YYYY-MM-DD (default: today)"`
		To     string `json:"to,omitempty" desc:"last event date, YYYY-MM-DD"`
		Status string `json:"status,omitempty" desc:"only bookings in this status" enum:"PENDING,DEPOSIT_PAID,PAID,CONFLICT,CANCELED,EXPIRED"`
	}
	checkAvailabilityIn struct {
		Date string `json:"date" desc:"the event date, YYYY-MM-DD"`
	}
	// PatchOp is one RFC 6902 operation on the site configuration.
	PatchOp struct {
		Op    string          `json:"op" enum:"add,remove,replace,test"`
		Path  string          `json:"path" desc:"JSON Pointer into the configuration, e.g. /pages/home/sections/0/headline"`
		Value json.RawMessage `json:"value,omitempty" desc:"the new value (add, replace, test)"`
	}
	proposeSiteChangeIn struct {
		Patch  []PatchOp `json:"patch" desc:"RFC 6902 JSON Patch against the published configuration"`
		Reason string    `json:"reason" desc:"why, in one or two sentences for the business owner"`
	}
	// PackageChanges is what the assistant may propose for a package:
	// never its price or deposit.
	PackageChanges struct {
		Name        *string `json:"name,omitempty"`
		Description *string `json:"description,omitempty" desc:"plain text or simple HTML (p, strong, em, ul, li)"`
		PhotoURL    *string `json:"photoUrl,omitempty" desc:"https URL of the package photo"`
		Active      *bool   `json:"active,omitempty" desc:"false hides the package from the storefront"`
	}
	proposePackageChangeIn struct {
		PackageID string         `json:"packageId" desc:"id from list_packages"`
		Changes   PackageChanges `json:"changes"`
		Reason    string         `json:"reason" desc:"why, in one or two sentences for the business owner"`
	}
)

type toolDef struct {
	spec ToolSpec
	run  func(ctx context.Context, tb *Toolbox, tenantID string, input json.RawMessage) (any, string, error)
}

// tools lists the tools; run answers the result (encoded as JSON for the
// model) and the id of a proposal it filed.
var tools = []toolDef{
	{ToolSpec{"get_site_config", "Read the published site configuration (pages, sections, branding) and its version id.", SchemaOf[noInput]()},
		func(ctx context.Context, tb *Toolbox, tenantID string, in json.RawMessage) (any, string, error) {
			if err := decodeInput(in, &noInput{}); err != nil {
				return nil, "", err
			}
			v, err := tb.Site.Published(ctx, tenantID)
			if err != nil {
				return nil, "", err
			}
			return map[string]any{"versionId": v.ID, "config": json.RawMessage(v.Config)}, "", nil
		}},
	{ToolSpec{"list_packages", "List the business's packages and add-ons with prices in cents (read only).", SchemaOf[noInput]()},
		func(ctx context.Context, tb *Toolbox, tenantID string, in json.RawMessage) (any, string, error) {
			if err := decodeInput(in, &noInput{}); err != nil {
				return nil, "", err
			}
			list, err := tb.Catalog.Packages(ctx, tenantID)
			if err != nil {
				return nil, "", err
			}
			return packagesView(list), "", nil
		}},
	{ToolSpec{"list_bookings", "List bookings by event date (at most 100): date, status, package and amounts; the couple's first name only.", SchemaOf[listBookingsIn]()},
		func(ctx context.Context, tb *Toolbox, tenantID string, in json.RawMessage) (any, string, error) {
			var a listBookingsIn
			if err := decodeInput(in, &a); err != nil {
				return nil, "", err
			}
			t, err := tb.Tenants.Current(ctx, tenantID)
			if err != nil {
				return nil, "", err
			}
			f := booking.ListFilter{From: a.From, To: a.To, Limit: 100}
			if f.From == "" {
				f.From = tb.Booking.Today(t)
			}
			if a.Status != "" {
				f.Statuses = []booking.Status{booking.Status(a.Status)}
			}
			list, err := tb.Booking.ListBookings(ctx, tenantID, f)
			if err != nil {
				return nil, "", err
			}
			return bookingsView(list), "", nil
		}},
	{ToolSpec{"check_availability", "Say whether one date can be booked, and why not.", SchemaOf[checkAvailabilityIn]()},
		func(ctx context.Context, tb *Toolbox, tenantID string, in json.RawMessage) (any, string, error) {
			var a checkAvailabilityIn
			if err := decodeInput(in, &a); err != nil {
				return nil, "", err
			}
			t, err := tb.Tenants.Current(ctx, tenantID)
			if err != nil {
				return nil, "", err
			}
			av, err := tb.Booking.DayAvailability(ctx, t, a.Date)
			return av, "", err
		}},
	{ToolSpec{"propose_site_change", "Propose a change to the site as a JSON Patch against the published configuration. It goes to the owner's review queue; nothing changes until they approve it.", SchemaOf[proposeSiteChangeIn]()},
		func(ctx context.Context, tb *Toolbox, tenantID string, in json.RawMessage) (any, string, error) {
			var a proposeSiteChangeIn
			if err := decodeInput(in, &a); err != nil {
				return nil, "", err
			}
			patch, err := json.Marshal(a.Patch)
			if err != nil {
				return nil, "", fmt.Errorf("encode patch: %w", err)
			}
			r, err := tb.Site.ProposeSiteChange(ctx, tenantID, patch, a.Reason)
			if err != nil {
				return nil, "", err
			}
			return map[string]any{"proposalId": r.ID, "status": r.Status, "changes": r.Diff,
				"note": "Filed for review. Tell the owner it waits for their approval; do not say it is live."}, r.ID, nil
		}},
	{ToolSpec{"propose_package_change", "Propose a change to one package (name, description, photo, shown or hidden). Prices and deposits cannot be proposed. It goes to the owner's review queue.", SchemaOf[proposePackageChangeIn]()},
		func(ctx context.Context, tb *Toolbox, tenantID string, in json.RawMessage) (any, string, error) {
			var a proposePackageChangeIn
			if err := decodeInput(in, &a); err != nil {
				return nil, "", err
			}
			changes, err := json.Marshal(a.Changes)
			if err != nil {
				return nil, "", fmt.Errorf("encode changes: %w", err)
			}
			r, err := tb.Site.ProposePackageChange(ctx, tenantID, a.PackageID, changes, a.Reason)
			if err != nil {
				return nil, "", err
			}
			return map[string]any{"proposalId": r.ID, "status": r.Status,
				"note": "Filed for review. Tell the owner it waits for their approval; do not say it is live."}, r.ID, nil
		}},
}

// Specs describes every tool to the model.
func (tb *Toolbox) Specs() []ToolSpec {
	out := make([]ToolSpec, len(tools))
	for i, t := range tools {
		out[i] = t.spec
	}
	return out
}

// Execute runs one tool call. Whatever the model got wrong (an unknown
// tool, arguments that do not decode or validate, an id that is not the
// tenant's, a refused proposal) is answered to the model as a tool error;
// only failures of ours (the store) are returned as err.
func (tb *Toolbox) Execute(ctx context.Context, tenantID string, call ToolCall) (string, bool, string, error) {
	for _, t := range tools {
		if t.spec.Name != call.Name {
			continue
		}
		out, proposalID, err := t.run(ctx, tb, tenantID, call.Input)
		if err != nil {
			if msg, ok := toolError(err); ok {
				return msg, true, "", nil
			}
			return "", false, "", err
		}
		b, err := json.Marshal(out)
		if err != nil {
			return "", false, "", fmt.Errorf("encode %s result: %w", call.Name, err)
		}
		return string(b), false, proposalID, nil
	}
	return fmt.Sprintf("error: there is no tool %q; the tools are get_site_config, list_packages, list_bookings, check_availability, propose_site_change and propose_package_change", call.Name), true, "", nil
}

// errBadInput marks arguments that do not decode.
type errBadInput struct{ msg string }

func (e errBadInput) Error() string { return e.msg }

// decodeInput reads the model's arguments strictly: a JSON object of the
// tool's type and nothing else ("" and null count as {}).
func decodeInput(raw json.RawMessage, dst any) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		raw = []byte("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		msg := strings.TrimPrefix(err.Error(), "json: ")
		if strings.Contains(msg, `unknown field "basePriceCents"`) || strings.Contains(msg, `unknown field "depositPercent"`) {
			msg = "prices and deposits are changed by the business itself; you cannot propose them"
		}
		return errBadInput{"error: the arguments do not match the tool's schema: " + msg}
	}
	if dec.More() {
		return errBadInput{"error: the arguments must be one JSON object"}
	}
	return nil
}

// toolError is the text the model reads for an error it can act on.
func toolError(err error) (string, bool) {
	var bad errBadInput
	if errors.As(err, &bad) {
		return bad.msg, true
	}
	var e *apperr.Error
	if !errors.As(err, &e) {
		return "", false
	}
	switch e.Code {
	case apperr.CodeValidation, apperr.CodeNotFound, apperr.CodeConflict, apperr.CodePayloadTooLarge, apperr.CodeDateUnavailable:
		b, _ := json.Marshal(map[string]any{"error": e.Code, "message": e.Message, "fields": e.Fields})
		return "error: " + string(b), true
	}
	return "", false
}

func packagesView(list []catalog.Package) []map[string]any {
	out := make([]map[string]any, 0, len(list))
	for _, p := range list {
		addOns := make([]map[string]any, 0, len(p.AddOns))
		for _, a := range p.AddOns {
			addOns = append(addOns, map[string]any{"id": a.ID, "name": a.Name, "priceCents": a.PriceCents, "active": a.Active})
		}
		out = append(out, map[string]any{"id": p.ID, "slug": p.Slug, "name": p.Name, "description": p.Description,
			"basePriceCents": p.BasePriceCents, "photoUrl": p.PhotoURL, "active": p.Active, "addOns": addOns})
	}
	return out
}

// bookingsView leaves out what the model does not need: e-mail, phone and
// the family name.
func bookingsView(list []booking.Booking) []map[string]any {
	out := make([]map[string]any, 0, len(list))
	for _, b := range list {
		first, _, _ := strings.Cut(strings.TrimSpace(b.Customer.Name), " ")
		out = append(out, map[string]any{"ref": booking.Ref(b.ID), "date": b.Date, "status": b.Status,
			"packageId": b.PackageID, "totalCents": b.TotalCents, "paidCents": b.PaidCents, "customerFirstName": first})
	}
	return out
}
