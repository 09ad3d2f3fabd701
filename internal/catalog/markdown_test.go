package catalog_test

import (
	"strings"
	"testing"

	"mais/internal/catalog"
)

// TestDescriptionHTML: Markdown formatting is kept (paragraphs, bold,
// lists, links with rel="nofollow noopener"), older HTML descriptions keep
// theirs, and nothing hostile gets through: scripts, event handlers,
// javascript: and data: links, images, iframes, styles.
func TestDescriptionHTML(t *testing.T) {
	for name, tc := range map[string]struct{ in, want string }{
		"Empty":      {"  \n ", ""},
		"Paragraphs": {"One day.\n\nTwo photographers.", "<p>One day.</p>\n<p>Two photographers.</p>"},
		"LineBreak":  {"Ten hours\nOne album", "<p>Ten hours<br>\nOne album</p>"},
		"Bold":       {"**Eight hours** of *coverage*", "<p><strong>Eight hours</strong> of <em>coverage</em></p>"},
		"List":       {"- ceremony\n- portraits", "<ul>\n<li>ceremony</li>\n<li>portraits</li>\n</ul>"},
		"Numbered":   {"1. first\n2. second", "<ol>\n<li>first</li>\n<li>second</li>\n</ol>"},
		"Link": {"[our work](https://photos.example/a)",
			`<p><a href="https://photos.example/a" rel="nofollow noopener" target="_blank">our work</a></p>`},
		"Heading":     {"## Included", "<p><strong>Included</strong></p>"},
		"Entity":      {"Tom &amp; Jerry's", "<p>Tom &amp; Jerry&#39;s</p>"},
		"OldHTML":     {"<p>Eight <strong>hours</strong></p>", "<p>Eight <strong>hours</strong></p>"},
		"Script":      {"Hi <script>alert(1)</script> there", "<p>Hi  there</p>"},
		"ScriptBlock": {"<script>\nalert(1)\n</script>", ""},
		"JSLink":      {"[click](javascript:alert(1))", "<p>click</p>"},
		"JSLinkCase":  {`<a href="JaVaScRiPt:alert(1)">x</a>`, "<p>x</p>"},
		"DataLink":    {"[x](data:text/html;base64,PHNjcmlwdD4=)", "<p>x</p>"},
		"Handler":     {`<p onclick="alert(1)" style="color:red">x</p>`, "<p>x</p>"},
		"Image":       {"![x](https://e.example/a.png) <img src=x onerror=alert(1)>", ""},
		"Iframe":      {`<iframe src="https://evil.example"></iframe>`, ""},
		"AttrBreak":   {`[x](https://a.example/"onmouseover="alert(1))`, `<p><a href="https://a.example/%22onmouseover=%22alert(1)" rel="nofollow noopener" target="_blank">x</a></p>`},
	} {
		t.Run(name, func(t *testing.T) {
			if got := catalog.DescriptionHTML(tc.in); got != tc.want {
				t.Fatalf("DescriptionHTML(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestDescriptionInlineHTML: inside a label only emphasis and line breaks
// are kept; blocks become lines and links their text.
func TestDescriptionInlineHTML(t *testing.T) {
	got := catalog.DescriptionInlineHTML("**Drone** photos\n\n- aerial\n- [video](https://v.example) <script>x</script>")
	want := "<strong>Drone</strong> photos<br>\n\n• aerial<br>\n• video"
	if got != want {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	for _, bad := range []string{"<a", "<script", "<ul", "<p"} {
		if strings.Contains(got, bad) {
			t.Errorf("inline description kept %s: %q", bad, got)
		}
	}
}

// TestDescriptionText: a meta description has no markup left, and no
// entity is double-escaped.
func TestDescriptionText(t *testing.T) {
	got := catalog.DescriptionText("**Eight hours** & more\n\n- two <em>photographers</em>\n- [album](https://a.example) <script>x</script>")
	if want := "Eight hours & more • two photographers • album"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
