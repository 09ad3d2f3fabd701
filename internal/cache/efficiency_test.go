package cache

import "testing"

func TestEfficiency(t *testing.T) {
	for _, c := range []struct {
		connected    bool
		hits, misses int64
		want         string
	}{
		{true, 0, 0, EfficiencyWarming},
		{true, 99, 0, EfficiencyWarming},
		{true, 80, 20, EfficiencyOptimal},
		{true, 79, 21, EfficiencyGood},
		{true, 50, 50, EfficiencyGood},
		{true, 49, 51, EfficiencyPoor},
		{false, 1000, 0, EfficiencyOffline},
	} {
		s := newStats(c.connected, c.hits, c.misses, 0)
		if s.Efficiency != c.want {
			t.Errorf("%d hits, %d misses, connected %v: %s, want %s", c.hits, c.misses, c.connected, s.Efficiency, c.want)
		}
	}
}
