package sqlstore

import (
	"reflect"
	"testing"
)

func TestWhereNumbersArgumentsInOrder(t *testing.T) {
	type status string
	w := whereAll("b.tenant_id = ?", "t1")
	w.and("b.date >= ?", "2028-11-04").and("b.date BETWEEN ? AND ?", "a", "z")
	w.in("b.status", stringArgs([]status{"PAID", "PENDING"})...)
	q := "SELECT 1 FROM bookings b" + w.sql() + " ORDER BY b.date" + w.page(50, -3)
	want := "SELECT 1 FROM bookings b WHERE b.tenant_id = $1 AND b.date >= $2 AND b.date BETWEEN $3 AND $4" +
		" AND b.status IN ($5, $6) ORDER BY b.date LIMIT $7 OFFSET $8"
	if q != want {
		t.Errorf("query\n got %s\nwant %s", q, want)
	}
	wantArgs := []any{"t1", "2028-11-04", "a", "z", "PAID", "PENDING", 50, 0}
	if !reflect.DeepEqual(w.args, wantArgs) {
		t.Errorf("args %#v, want %#v", w.args, wantArgs)
	}
}

func TestWhereEdges(t *testing.T) {
	if got := new(where).sql(); got != "" {
		t.Errorf("no conditions: %q, want empty", got)
	}
	w := whereAll("tenant_id = ?", "t1").in("status")
	if got := w.sql(); got != " WHERE tenant_id = $1 AND 1 = 0" {
		t.Errorf("empty IN: %q, want a clause matching nothing", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("a condition with two marks and one argument was accepted")
		}
	}()
	new(where).and("a = ? AND b = ?", 1)
}
