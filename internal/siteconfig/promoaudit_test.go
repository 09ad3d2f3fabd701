package siteconfig_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"mais/internal/audit"
	"mais/internal/siteconfig"
)

// TestPublishAuditsPromotions: publishing a draft that adds, changes or
// removes a package's promotion writes one package.price_change row per
// package (old price, promotional price and window) beside config.publish,
// in the same transaction; a draft that keeps the promotions writes none;
// a rule for a package outside the catalog writes none; a rollback that
// brings a promotion back is audited too.
func TestPublishAuditsPromotions(t *testing.T) {
	ctx := context.Background()
	at := t0.Add(time.Hour)
	promo := `{"display":{"packages":[{"packageSlug":"classic","promotion":{"priceCents":190000,"label":"Spring offer","from":"2029-03-01","until":"2029-04-30"}},` +
		`{"packageSlug":"ghost","promotion":{"priceCents":1,"label":"Gone","from":"2029-03-01","until":"2029-04-30"}}]}}`
	changed := strings.Replace(promo, "190000", "180000", 1)
	plain := `{"display":{"packages":[{"packageSlug":"classic","featured":true}]}}`

	m := seed()
	l := siteconfig.Lifecycle{Store: m}
	draft := func(id, doc string) {
		m.versions[id] = siteconfig.Version{ID: id, TenantID: "a", Status: siteconfig.StatusDraft, Config: json.RawMessage(doc)}
	}
	priceRows := func() []audit.Entry {
		var out []audit.Entry
		for _, e := range m.audit {
			if e.Action == audit.ActionPackagePriceChange {
				out = append(out, e)
			}
		}
		m.audit = nil
		return out
	}
	publish := func(id string) {
		t.Helper()
		if _, err := l.Publish(ctx, "a", id, at); err != nil {
			t.Fatalf("publish %s: %v", id, err)
		}
	}

	draft("p1", promo)
	publish("p1")
	rows := priceRows()
	if len(rows) != 1 {
		t.Fatalf("adding a promotion: %d price rows, want 1 (ghost is not in the catalog): %+v", len(rows), rows)
	}
	e := rows[0]
	if e.Entity != audit.EntityPackage || e.EntityID != "pkg-classic" || e.TenantID != "a" {
		t.Errorf("row: %+v", e)
	}
	for _, want := range []string{`"basePriceCents":240000`, `"priceCents":190000`, `"from":"2029-03-01"`, `"until":"2029-04-30"`, `"label":"Spring offer"`, `"packageName":"Classic"`} {
		if !strings.Contains(string(e.After), want) {
			t.Errorf("after %s lacks %s", e.After, want)
		}
	}
	if !strings.Contains(string(e.Before), `"promotion":null`) || !strings.Contains(string(e.Before), `"basePriceCents":240000`) {
		t.Errorf("before: %s", e.Before)
	}

	draft("p2", promo)
	publish("p2")
	if rows := priceRows(); len(rows) != 0 {
		t.Errorf("same promotions again: %+v", rows)
	}

	draft("p3", changed)
	publish("p3")
	if rows := priceRows(); len(rows) != 1 || !strings.Contains(string(rows[0].Before), `190000`) || !strings.Contains(string(rows[0].After), `180000`) {
		t.Errorf("changed promotion: %+v", rows)
	}

	draft("p4", plain)
	publish("p4")
	if rows := priceRows(); len(rows) != 1 || !strings.Contains(string(rows[0].After), `"promotion":null`) {
		t.Errorf("removed promotion: %+v", rows)
	}

	if _, err := l.Rollback(ctx, siteconfig.Rollback{TenantID: "a", TargetID: "p3", NewID: "r1", At: at}); err != nil {
		t.Fatal(err)
	}
	if rows := priceRows(); len(rows) != 1 || !strings.Contains(string(rows[0].After), `180000`) {
		t.Errorf("rollback to a promotion: %+v", rows)
	}

	// Approving a proposal: published at once it is audited, as a draft not.
	for i, publish := range []bool{false, true} {
		id := "p-promo-" + strconv.Itoa(i)
		m.proposals[id] = siteconfig.Proposal{ID: id, TenantID: "a", AgentID: "ag", BaseVersionID: "r1",
			Config: json.RawMessage(promo), Status: siteconfig.ProposalPending, CreatedAt: at, ExpiresAt: at.Add(time.Hour)}
		if _, _, err := l.Approve(ctx, siteconfig.Approval{TenantID: "a", ProposalID: id, VersionID: "ap-" + id, Publish: publish, At: at}); err != nil {
			t.Fatal(err)
		}
		if rows := priceRows(); len(rows) != i || (publish && !strings.Contains(string(rows[0].After), `190000`)) {
			t.Errorf("approve (publish %v): %+v", publish, rows)
		}
	}
}
