package storefront_test

import (
	"strings"
	"testing"

	"mais/internal/storefront"
	"mais/internal/tenant"
)

func TestEmbedSnippet(t *testing.T) {
	got := storefront.EmbedSnippet("https://app.example.com/", tenant.Tenant{Slug: "willow", Name: `Willow & "Pine"`})
	for _, want := range []string{
		`<iframe src="https://app.example.com/widget?tenant=willow"`,
		`title="Book with Willow &amp; &#34;Pine&#34;"`,
		`data-mais-widget`,
		`<script src="https://app.example.com/widget/embed.js" async></script>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("snippet lacks %s:\n%s", want, got)
		}
	}
}
