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

func (s *Server) listAgents(w http.ResponseWriter, r *http.Request) error {
	list, err := s.SiteConfig.Agents(r.Context(), tenantOf(r))
	if err != nil {
		return err
	}
	out := make([]AgentJSON, 0, len(list))
	for _, a := range list {
		out = append(out, newAgentJSON(a))
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

// createAgent answers 201 with the agent and, this once, its credential.
func (s *Server) createAgent(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name string `json:"name"`
	}
	if err := httpx.Decode(w, r, smallBody, &in); err != nil {
		return err
	}
	a, credential, err := s.SiteConfig.CreateAgent(r.Context(), tenantOf(r), in.Name)
	if err != nil {
		return err
	}
	out := newAgentJSON(a)
	out.Credential = credential
	httpx.WriteJSON(w, http.StatusCreated, out)
	return nil
}

// revokeAgent answers 204; the credential stops working at once.
func (s *Server) revokeAgent(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.SiteConfig.RevokeAgent(r.Context(), tenantOf(r), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
