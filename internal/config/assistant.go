package config

import (
	"fmt"
	"strconv"
	"strings"
)

// AILimits are the platform's default limits on the assistant, which a
// business may change in its settings: characters of one message
// (MAIS_AI_MAX_MESSAGE_CHARS, 1–10 000, default 10 000), messages per 5
// minutes per business (MAIS_AI_MESSAGES_PER_5MIN, 1–1 000, default 30)
// and model tokens per business per UTC day (MAIS_AI_DAILY_TOKENS,
// 1 000–1 000 000 000, default 500 000).
type AILimits struct {
	MaxMessageChars     int
	MessagesPer5Minutes int
	DailyTokens         int64
}

func loadAILimits(getenv func(string) string) (AILimits, error) {
	l := AILimits{MaxMessageChars: 10_000, MessagesPer5Minutes: 30, DailyTokens: 500_000}
	num := func(name string, lo, hi int64, into func(int64)) error {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			return nil
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < lo || n > hi {
			return fmt.Errorf("%s must be a number from %d to %d, got %q", name, lo, hi, v)
		}
		into(n)
		return nil
	}
	if err := num("MAIS_AI_MAX_MESSAGE_CHARS", 1, 10_000, func(n int64) { l.MaxMessageChars = int(n) }); err != nil {
		return l, err
	}
	if err := num("MAIS_AI_MESSAGES_PER_5MIN", 1, 1_000, func(n int64) { l.MessagesPer5Minutes = int(n) }); err != nil {
		return l, err
	}
	err := num("MAIS_AI_DAILY_TOKENS", 1_000, 1_000_000_000, func(n int64) { l.DailyTokens = n })
	return l, err
}
