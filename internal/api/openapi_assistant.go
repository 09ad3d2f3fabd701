package api

import "strconv"

// The assistant (docs/API.md §12) in the OpenAPI document.

// assistantOperations are the routes of docs/API.md §12; all answer 503
// while no model is configured.
func assistantOperations() []operation {
	const tag = "Assistant"
	conversation := object([]string{"id", "title", "createdAt", "updatedAt"},
		field("id", str()), field("title", str()), field("createdAt", instant()), field("updatedAt", instant()))
	message := loose([]string{"seq", "role", "text", "createdAt"},
		field("seq", integer()), field("role", enum("user", "assistant", "tool")), field("text", str()),
		field("toolCalls", arrayOf(openObject("a tool call: id, name, input"))), field("toolName", str()),
		field("isError", boolean()), field("createdAt", instant()), field("model", str()),
		field("inputTokens", integer()), field("outputTokens", integer()), field("latencyMs", integer()))
	reply := object([]string{"reply", "proposalIds"}, field("reply", str()), field("proposalIds", arrayOf(str())))
	text := object([]string{"text"}, field("text", strDesc("at most 10 000 characters")))
	bound := func(lo, hi int) schema {
		return schema{"type": "integer", "minimum": 0, "maximum": hi, "description": "0: the platform's default; else at least " + strconv.Itoa(lo)}
	}
	limitFields := func(required []string) schema {
		return object(required, field("maxMessageChars", bound(1, 10_000)), field("messagesPer5Minutes", bound(1, 1_000)),
			field("dailyTokens", bound(1_000, 1_000_000_000)))
	}
	limits := limitFields([]string{"maxMessageChars", "messagesPer5Minutes", "dailyTokens"})
	limits["required"] = []string{"maxMessageChars", "messagesPer5Minutes", "dailyTokens", "defaults"}
	limits["properties"].(schema)["defaults"] = limitFields([]string{"maxMessageChars", "messagesPer5Minutes", "dailyTokens"})
	return []operation{
		op("GET", "/v1/admin/settings/assistant", tag, "The tenant's limits on the assistant (0: the platform's default, from MAIS_AI_*) and the defaults; works while the assistant is off", accessTenantAdmin, 200, limits),
		op("PATCH", "/v1/admin/settings/assistant", tag, "Change any of the limits; 0 goes back to the default, a value out of bounds → 400 naming the field", accessTenantAdmin, 200, limits).
			withBody(limitFields(nil)),
		op("GET", "/v1/admin/assistant/conversations", tag, "The admin's conversations, most recently active first", accessTenantAdmin, 200, arrayOf(conversation)).withErrors(503),
		op("POST", "/v1/admin/assistant/conversations", tag, "Start a conversation", accessTenantAdmin, 201,
			object([]string{"id"}, field("id", str()))).withErrors(503),
		op("GET", "/v1/admin/assistant/conversations/{id}", tag, "A conversation and its messages (another tenant's or admin's → 404)", accessTenantAdmin, 200,
			object([]string{"conversation", "messages"}, field("conversation", conversation), field("messages", arrayOf(message)))).withErrors(404, 503),
		op("POST", "/v1/admin/assistant/conversations/{id}/messages", tag, "Send a message; the reply and the proposals filed for review. More than 30 messages per 5 minutes per tenant, or the daily token budget used → 429", accessTenantAdmin, 200, reply).
			withBody(text).withErrors(404, 429, 503),
		op("POST", "/v1/admin/assistant/conversations/{id}/messages/stream", tag, "The same as server-sent events: delta {text} events, then done {reply, proposalIds} or error {error, message}; errors before the model is called are JSON", accessTenantAdmin, 200, reply).
			withBody(text).withErrors(404, 429, 503),
	}
}
