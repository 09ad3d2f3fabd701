package api

import (
	"context"
	"net/http"
	"time"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/httpx"
	"mais/internal/siteconfig"
)

// agentLimit is how many requests one agent credential may make per window.
type agentLimit struct {
	name   string
	limit  int
	window time.Duration
}

// Proposals are what a human must review, so they are limited tightly;
// reads are cheap and limited loosely.
var (
	agentProposalLimit = agentLimit{name: "propose", limit: 30, window: time.Hour}
	agentReadLimit     = agentLimit{name: "read", limit: 600, window: time.Hour}
)

type agentKey struct{}

// agentFrom returns the agent the request was authenticated as.
func agentFrom(ctx context.Context) siteconfig.Agent {
	a, _ := ctx.Value(agentKey{}).(siteconfig.Agent)
	return a
}

// withAgent authenticates "Authorization: Bearer ag_live_…" and counts the
// request against the credential's limit. Admin tokens are not agent
// credentials: 401 here, as agent credentials are on admin routes.
func (s *Server) withAgent(l agentLimit, h httpx.HandlerFunc) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		token, _ := bearerToken(r)
		a, err := s.SiteConfig.AuthenticateAgent(r.Context(), token)
		if apperr.Is(err, apperr.CodeUnauthorized) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="mais-agent"`)
		}
		if err != nil {
			return err
		}
		if s.Limiter != nil {
			res, err := s.Limiter.Allow(r.Context(), "agent:"+l.name+":"+a.ID, l.limit, l.window)
			switch {
			case err != nil:
				// A limiter outage must not stop the API; proposals still
				// need a human's approval to change anything.
				s.Logger.WarnContext(r.Context(), "agent rate limit unavailable", "err", err, "agent", a.ID)
			case !res.Allowed:
				return &apperr.Error{Code: apperr.CodeTooManyRequests,
					Message: "this agent has made too many requests; try again later", RetryAfterSeconds: res.RetryAfterSeconds()}
			}
		}
		ctx := context.WithValue(r.Context(), agentKey{}, a)
		ctx = audit.WithActor(ctx, audit.Actor{Type: audit.ActorAgent, ID: a.ID})
		return h(w, r.WithContext(ctx))
	}
}

// createProposal answers POST /v1/agent/proposals {"baseVersionId",
// "config"? | "patch"?, "rationale"} with 201 and the pending proposal.
func (s *Server) createProposal(w http.ResponseWriter, r *http.Request) error {
	var in siteconfig.ProposalInput
	if err := httpx.Decode(w, r, configBody, &in); err != nil {
		return err
	}
	p, err := s.SiteConfig.Propose(r.Context(), agentFrom(r.Context()), in)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, newProposalDetailJSON(p))
	return nil
}

// agentConfig answers GET /v1/agent/config: the published version an agent
// should name as baseVersionId, with its configuration.
func (s *Server) agentConfig(w http.ResponseWriter, r *http.Request) error {
	v, err := s.SiteConfig.Published(r.Context(), agentFrom(r.Context()).TenantID)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"versionId": v.ID, "config": v.Config})
	return nil
}

// agentProposal lets an agent follow one of its own proposals; those of
// other agents are NOT_FOUND.
func (s *Server) agentProposal(w http.ResponseWriter, r *http.Request) error {
	a := agentFrom(r.Context())
	p, err := s.SiteConfig.Proposal(r.Context(), a.TenantID, r.PathValue("id"))
	if err != nil {
		return err
	}
	if p.AgentID != a.ID {
		return apperr.NotFound("proposal")
	}
	httpx.WriteJSON(w, http.StatusOK, newProposalDetailJSON(p))
	return nil
}
