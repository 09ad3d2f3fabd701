package api

import (
	"net/http"
	"time"

	"mais/internal/httpx"
	"mais/internal/siteconfig"
)

// AgentJSON is an agent credential as its tenant admin sees it; the
// credential itself appears only in the answer that created it.
type AgentJSON struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	KeyHint    string     `json:"keyHint"`
	Active     bool       `json:"active"`
	CreatedAt  time.Time  `json:"createdAt"`
	CreatedBy  string     `json:"createdBy"`
	LastUsedAt *time.Time `json:"lastUsedAt"`
	RevokedAt  *time.Time `json:"revokedAt"`
	Credential string     `json:"credential,omitempty"`
}

func newAgentJSON(a siteconfig.Agent) AgentJSON {
	return AgentJSON{ID: a.ID, Name: a.Name, KeyHint: a.KeyHint, Active: a.RevokedAt == nil, CreatedAt: a.CreatedAt.UTC(),
		CreatedBy: a.CreatedBy, LastUsedAt: a.LastUsedAt, RevokedAt: a.RevokedAt}
}

func (s *Server) listAgents(w http.ResponseWriter, r *http.Request) {
	list, err := s.SiteConfig.Agents(r.Context(), tenantOf(r))
	if err != nil {
		httpx.Error(w, r, s.Logger, err)
		return
	}
	out := make([]AgentJSON, 0, len(list))
	for _, a := range list {
		out = append(out, newAgentJSON(a))
	}
	httpx.WriteJSON(w, http.StatusOK, out)
}

// createAgent answers 201 with the agent and, this once, its credential.
func (s *Server) createAgent(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Name string `json:"name"`
	}
	if err := httpx.Decode(w, r, smallBody, &in); err != nil {
		httpx.Error(w, r, s.Logger, err)
		return
	}
	a, credential, err := s.SiteConfig.CreateAgent(r.Context(), tenantOf(r), in.Name)
	if err != nil {
		httpx.Error(w, r, s.Logger, err)
		return
	}
	out := newAgentJSON(a)
	out.Credential = credential
	httpx.WriteJSON(w, http.StatusCreated, out)
}

// revokeAgent answers 204; the credential stops working at once.
func (s *Server) revokeAgent(w http.ResponseWriter, r *http.Request) {
	if _, err := s.SiteConfig.RevokeAgent(r.Context(), tenantOf(r), r.PathValue("id")); err != nil {
		httpx.Error(w, r, s.Logger, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
