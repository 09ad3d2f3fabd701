package dashboard_test

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// formValues returns what a browser would submit from the form with id,
// pressing no button: inputs (checked boxes only), textareas and selects.
func formValues(t *testing.T, body, id string) url.Values {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	form := find(doc, func(n *html.Node) bool { return n.Data == "form" && attr(n, "id") == id })
	if form == nil {
		t.Fatalf("no form #%s", id)
	}
	v := url.Values{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			name := attr(n, "name")
			switch n.Data {
			case "input":
				switch attr(n, "type") {
				case "submit", "button", "file":
				case "checkbox", "radio":
					if hasAttr(n, "checked") && name != "" {
						v.Add(name, attrOr(n, "value", "on"))
					}
				default:
					if name != "" {
						v.Add(name, attr(n, "value"))
					}
				}
			case "textarea":
				var sb strings.Builder
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					sb.WriteString(c.Data)
				}
				v.Add(name, strings.TrimPrefix(sb.String(), "\n"))
			case "select":
				var first, chosen *html.Node
				for o := n.FirstChild; o != nil; o = o.NextSibling {
					if o.Type != html.ElementNode || o.Data != "option" {
						continue
					}
					if first == nil {
						first = o
					}
					if hasAttr(o, "selected") {
						chosen = o
					}
				}
				if chosen == nil {
					chosen = first
				}
				if chosen != nil && name != "" {
					v.Add(name, attr(chosen, "value"))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(form)
	return v
}

func find(n *html.Node, match func(*html.Node) bool) *html.Node {
	if n.Type == html.ElementNode && match(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, match); f != nil {
			return f
		}
	}
	return nil
}

func attr(n *html.Node, key string) string { return attrOr(n, key, "") }

func attrOr(n *html.Node, key, def string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return def
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}
