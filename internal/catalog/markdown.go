package catalog

import (
	"bytes"
	stdhtml "html"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

// Descriptions of packages and add-ons are Markdown as the business typed
// it (older ones are HTML fragments, which Markdown passes through). They
// are stored as typed and rendered for pages here: goldmark turns them into
// HTML, then bluemonday keeps only the little formatting a description
// needs. The sanitiser, not the Markdown renderer, is what makes the output
// safe: raw HTML is let through goldmark on purpose so that older HTML
// descriptions keep their formatting, and every tag, attribute and URL is
// then judged by descriptionPolicy.

// markdown renders CommonMark with bare URLs made links, and a single line
// break kept as a line break: people type descriptions in a text box and
// expect to see their lines.
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.Linkify, extension.Strikethrough),
	goldmark.WithRendererOptions(html.WithHardWraps(), html.WithUnsafe()),
)

// descriptionPolicy keeps paragraphs, line breaks, emphasis, lists, quotes
// and http(s)/mailto links (rel="nofollow noopener", opened in a new tab);
// everything else is dropped: scripts and styles with their content, other
// elements keeping their text, event handlers, images, javascript: and
// data: URLs. It is read-only after construction and safe for concurrent
// use.
var descriptionPolicy = newDescriptionPolicy()

func newDescriptionPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "strong", "em", "b", "i", "del", "ul", "ol", "li", "blockquote")
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	return p
}

// inlinePolicy keeps only emphasis and line breaks, for text shown inside
// a form label (an add-on's description), where blocks and links do not
// belong.
var inlinePolicy = func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("br", "strong", "em", "b", "i", "del")
	return p
}()

var (
	headingOpen  = regexp.MustCompile(`<h[1-6][^>]*>`)
	headingClose = regexp.MustCompile(`</h[1-6]>`)
	// blockEnds become line breaks in the inline form; list items get a
	// bullet.
	blockEnds      = strings.NewReplacer("<li>", "• ", "</li>", "<br>", "</p>", "<br>", "</blockquote>", "<br>")
	trailingBreaks = regexp.MustCompile(`(\s*<br\s*/?>\s*)+$`)
	// emptyParagraphs are what is left of a paragraph whose only content
	// was dropped (an image).
	emptyParagraphs = regexp.MustCompile(`<p>\s*</p>\s*`)
)

// render turns Markdown into unsanitised HTML; a heading (too loud inside a
// package's card) becomes a bold paragraph.
func render(md string) string {
	var buf bytes.Buffer
	// goldmark writes to a bytes.Buffer, which cannot fail.
	_ = markdown.Convert([]byte(md), &buf)
	out := headingOpen.ReplaceAllString(buf.String(), "<p><strong>")
	return headingClose.ReplaceAllString(out, "</strong></p>")
}

// DescriptionHTML renders a package's or add-on's description (Markdown)
// as an HTML fragment that is safe to place in a page as is: paragraphs,
// **bold**, *italics*, lists, quotes and links with rel="nofollow noopener".
// "" for an empty description.
func DescriptionHTML(md string) string {
	if strings.TrimSpace(md) == "" {
		return ""
	}
	return strings.TrimSpace(emptyParagraphs.ReplaceAllString(descriptionPolicy.Sanitize(render(md)), ""))
}

// DescriptionInlineHTML is DescriptionHTML for inline places (inside a
// label): emphasis kept, paragraphs and list items as lines, links as
// their text.
func DescriptionInlineHTML(md string) string {
	if strings.TrimSpace(md) == "" {
		return ""
	}
	out := inlinePolicy.Sanitize(blockEnds.Replace(render(md)))
	return strings.TrimSpace(trailingBreaks.ReplaceAllString(out, ""))
}

// textPolicy drops every tag, for DescriptionText.
var textPolicy = bluemonday.StrictPolicy()

// DescriptionText is a description as one line of plain text (a page's
// meta description): formatting gone, entities decoded, runs of white
// space as one space.
func DescriptionText(md string) string {
	text := textPolicy.Sanitize(blockEnds.Replace(render(md)))
	return strings.Join(strings.Fields(stdhtml.UnescapeString(text)), " ")
}
