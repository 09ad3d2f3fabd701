package sqlstore

import (
	"strconv"
	"strings"
)

// where builds the WHERE clause, its arguments and the LIMIT/OFFSET of a
// list query. Conditions are written with "?" for each argument; where
// numbers them $1, $2… in the order they are added, so a condition can be
// added or skipped without renumbering the others by hand.
//
//	w := whereAll("b.tenant_id = ?", tenantID)
//	if f.From != "" {
//		w.and("b.date >= ?", f.From)
//	}
//	q := `SELECT … FROM bookings b` + w.sql() + ` ORDER BY b.date` + w.page(limit, offset)
//	rows, err := s.read.QueryContext(ctx, q, w.args...)
//
// Condition texts come from our code, never from input: only values are
// arguments.
type where struct {
	conds []string
	args  []any
}

// whereAll starts a clause with one condition (usually the tenant).
func whereAll(cond string, args ...any) *where {
	return new(where).and(cond, args...)
}

// and adds cond, whose "?" marks take args in order. It panics when the
// marks and args disagree: that is a bug in the query, not in the input.
func (w *where) and(cond string, args ...any) *where {
	if n := strings.Count(cond, "?"); n != len(args) {
		panic("sqlstore: condition " + strconv.Quote(cond) + " has " + strconv.Itoa(n) +
			" placeholders for " + strconv.Itoa(len(args)) + " arguments")
	}
	var b strings.Builder
	for _, a := range args {
		i := strings.IndexByte(cond, '?')
		b.WriteString(cond[:i])
		b.WriteString(w.arg(a))
		cond = cond[i+1:]
	}
	b.WriteString(cond)
	w.conds = append(w.conds, b.String())
	return w
}

// in adds "column IN (…)" over values. No values match no row.
func (w *where) in(column string, values ...any) *where {
	if len(values) == 0 {
		w.conds = append(w.conds, "1 = 0")
		return w
	}
	marks := make([]string, len(values))
	for i, v := range values {
		marks[i] = w.arg(v)
	}
	w.conds = append(w.conds, column+" IN ("+strings.Join(marks, ", ")+")")
	return w
}

// sql is " WHERE c1 AND c2 …", or "" with no conditions.
func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// page adds limit and offset as the last arguments and returns
// " LIMIT $n OFFSET $m"; call it after every condition. The caller has
// already applied its defaults and bounds to limit; a negative offset
// counts as 0.
func (w *where) page(limit, offset int) string {
	return " LIMIT " + w.arg(limit) + " OFFSET " + w.arg(max(offset, 0))
}

// arg appends v and returns its placeholder.
func (w *where) arg(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

// stringArgs converts a slice of a string type (statuses) for where.in,
// as plain strings: drivers need not know the named type.
func stringArgs[T ~string](values []T) []any {
	out := make([]any, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
