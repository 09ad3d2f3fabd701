package dashboard

import (
	"fmt"

	"mais/internal/siteconfig"
)

// diffRow is one change as the side-by-side view shows it.
type diffRow struct {
	Path   string
	Label  string
	Kind   string
	Before string
	After  string
	// Block marks values shown as formatted JSON (whole sections, lists).
	Block bool
}

func diffRows(changes []siteconfig.Change) []diffRow {
	rows := make([]diffRow, 0, len(changes))
	for _, c := range changes {
		row := diffRow{Path: c.Path, Label: pathLabel(c.Path), Kind: c.Kind}
		var bb, ab bool
		row.Before, bb = valueText(c.Before)
		row.After, ab = valueText(c.After)
		row.Block = bb || ab
		rows = append(rows, row)
	}
	return rows
}

// valueText writes a diff value for people; block reports a structured
// value written as indented JSON.
func valueText(v any) (text string, block bool) {
	switch t := v.(type) {
	case nil:
		return "", false
	case string:
		return t, false
	case bool:
		if t {
			return "yes", false
		}
		return "no", false
	case int64, float64:
		return fmt.Sprint(t), false
	}
	return jsonText(v), true
}
