package assistant

import (
	"fmt"
	"net/http"
	"strings"
)

// Settings choose the model (MAIS_AI_PROVIDER, MAIS_AI_BASE_URL,
// MAIS_AI_API_KEY, MAIS_AI_MODEL).
type Settings struct {
	Provider string // "anthropic", "openai" or "" (off)
	BaseURL  string
	APIKey   string
	Model    string
}

// NewProvider builds the configured provider wrapped in Retrying with the
// default timeout and budget; nil, nil when the assistant is off.
func NewProvider(s Settings, client *http.Client) (Provider, error) {
	var p Provider
	switch strings.ToLower(strings.TrimSpace(s.Provider)) {
	case "":
		return nil, nil
	case "anthropic":
		p = NewAnthropic(s.BaseURL, s.APIKey, s.Model, client)
	case "openai":
		p = NewOpenAI(s.BaseURL, s.APIKey, s.Model, client)
	default:
		return nil, fmt.Errorf("assistant: unknown provider %q (anthropic or openai)", s.Provider)
	}
	if strings.TrimSpace(s.Model) == "" {
		return nil, fmt.Errorf("assistant: MAIS_AI_MODEL is required with MAIS_AI_PROVIDER=%s", s.Provider)
	}
	return Retrying{Provider: p}, nil
}
