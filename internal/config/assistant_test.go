package config_test

import (
	"strings"
	"testing"
)

func TestAssistantLimits(t *testing.T) {
	c, err := load(t, map[string]string{})
	if err != nil || c.AILimits.MaxMessageChars != 10_000 || c.AILimits.MessagesPer5Minutes != 30 || c.AILimits.DailyTokens != 500_000 {
		t.Fatalf("defaults = %+v, %v", c.AILimits, err)
	}
	c, err = load(t, map[string]string{"MAIS_AI_MAX_MESSAGE_CHARS": "2000", "MAIS_AI_MESSAGES_PER_5MIN": " 10 ", "MAIS_AI_DAILY_TOKENS": "75000"})
	if err != nil || c.AILimits.MaxMessageChars != 2000 || c.AILimits.MessagesPer5Minutes != 10 || c.AILimits.DailyTokens != 75_000 {
		t.Fatalf("set = %+v, %v", c.AILimits, err)
	}
	for name, v := range map[string]string{"MAIS_AI_MAX_MESSAGE_CHARS": "10001", "MAIS_AI_MESSAGES_PER_5MIN": "0", "MAIS_AI_DAILY_TOKENS": "many"} {
		if _, err := load(t, map[string]string{name: v}); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s=%s: %v", name, v, err)
		}
	}
}
