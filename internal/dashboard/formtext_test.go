package dashboard

import (
	"net/url"
	"testing"

	"mais/internal/apperr"
	"mais/internal/textin"
)

func TestFormTextLeavesTypedInputsToTheirService(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		form url.Values
		want map[string]string // nil: nothing refused here
	}{
		{url.Values{"name": {"a\x00"}, "addons.new.description": {"a\x00"}, "pages.home.sections.0.headline": {"a\r\n"}}, nil},
		{url.Values{"note": {"one\r\ntwo"}, "op": {"up:0"}, "base": {"v1"}}, nil},
		{url.Values{"base": {"v1\x00"}}, map[string]string{"base": textin.ReasonNUL}},
		{url.Values{"op": {"up:0\r\n"}, "next": {"/admin\xff"}}, map[string]string{"op": textin.ReasonLine, "next": textin.ReasonUTF8}},
		{url.Values{"pages.home.sections.0.type": {"hero\x00"}}, map[string]string{"pages.home.sections.0.type": textin.ReasonNUL}},
		{url.Values{"active\x00": {"on"}}, map[string]string{"form": "has a field name that " + textin.ReasonNUL}},
	} {
		err := formText(c.form, nil)
		if c.want == nil {
			if err != nil {
				t.Errorf("%v refused: %v", c.form, err)
			}
			continue
		}
		e, ok := err.(*apperr.Error)
		if !ok || len(e.Fields) != len(c.want) {
			t.Errorf("%v: %v, want %v", c.form, err, c.want)
			continue
		}
		for k, v := range c.want {
			if e.Fields[k] != v {
				t.Errorf("%v: fields %v, want %v", c.form, e.Fields, c.want)
			}
		}
	}
}
