package siteconfig

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"mais/internal/apperr"
	"mais/internal/textin"
)

// PackageChanger is the catalog as the assistant's package proposals need
// it: Check validates a change of one of the tenant's packages without
// making it (NOT_FOUND, VALIDATION_ERROR), Apply makes it.
type PackageChanger interface {
	CheckPackageChange(ctx context.Context, tenantID, packageID string, changes json.RawMessage) error
	ApplyPackageChange(ctx context.Context, tenantID, packageID string, changes json.RawMessage) error
}

// ProposeSiteChange files the assistant's proposal to change the site: a
// JSON Patch against the published version, with the reason shown to the
// reviewer. The result is validated now (VALIDATION_ERROR naming the
// operation or the configuration path). The context's actor id (the
// conversation) is recorded as the proposer.
func (s *Service) ProposeSiteChange(ctx context.Context, tenantID string, patch json.RawMessage, reason string) (Review, error) {
	reason, err := cleanReason(reason)
	if err != nil {
		return Review{}, err
	}
	if !present(patch) {
		return Review{}, apperr.Validation("patch is required", map[string]string{"patch": "required: a JSON Patch (RFC 6902) array"})
	}
	base, err := s.Store.PublishedVersion(ctx, tenantID)
	if err != nil {
		return Review{}, err
	}
	baseConfig, err := Stored(base)
	if err != nil {
		return Review{}, err
	}
	result, err := ApplyPatch(baseConfig, patch)
	if err == nil {
		err = ownImages(tenantID, result)
	}
	if err != nil {
		return Review{}, err
	}
	p := s.assistantProposal(tenantID, base.ID, KindConfig, reason)
	p.Config, p.Patch = Canonical(result), compact(patch)
	if err := s.lifecycle().Propose(ctx, p); err != nil {
		return Review{}, err
	}
	return s.review(ctx, p, &baseConfig)
}

// ProposePackageChange files the assistant's proposal to change one of the
// tenant's packages; changes is the package input's JSON (any subset),
// checked now through Packages.
func (s *Service) ProposePackageChange(ctx context.Context, tenantID, packageID string, changes json.RawMessage, reason string) (Review, error) {
	if s.Packages == nil {
		return Review{}, apperr.New(apperr.CodeUnavailable, "package proposals are not available")
	}
	reason, err := cleanReason(reason)
	if err != nil {
		return Review{}, err
	}
	if !present(changes) {
		return Review{}, apperr.Validation("changes are required", map[string]string{"changes": "required"})
	}
	if err := s.Packages.CheckPackageChange(ctx, tenantID, packageID, changes); err != nil {
		return Review{}, err
	}
	base, err := s.Store.PublishedVersion(ctx, tenantID)
	if err != nil {
		return Review{}, err
	}
	p := s.assistantProposal(tenantID, base.ID, KindPackage, reason)
	p.Config, p.PackageID, p.Changes = base.Config, packageID, compact(changes)
	if err := s.lifecycle().Propose(ctx, p); err != nil {
		return Review{}, err
	}
	return s.review(ctx, p, nil)
}

func (s *Service) assistantProposal(tenantID, baseID, kind, reason string) Proposal {
	now := s.now()
	return Proposal{ID: uuid.NewString(), TenantID: tenantID, ActorType: ProposerAssistant, Kind: kind,
		BaseVersionID: baseID, Rationale: reason, Status: ProposalPending, CreatedAt: now,
		ExpiresAt: now.Add(s.proposalTTL())}
}

// applyIfPackage makes the change of a package proposal that may be
// decided now, before Lifecycle.Approve records the decision. Two
// approvals racing may both apply it: the change is the same update
// twice, and only one of them records the decision.
func (s *Service) applyIfPackage(ctx context.Context, tenantID, id string) error {
	p, err := s.Store.ProposalByID(ctx, tenantID, id)
	if err != nil || p.Kind != KindPackage {
		return err
	}
	if err := checkDecidable(p, s.now()); err != nil {
		return err
	}
	if s.Packages == nil {
		return apperr.New(apperr.CodeUnavailable, "package proposals cannot be applied here")
	}
	return s.Packages.ApplyPackageChange(ctx, p.TenantID, p.PackageID, p.Changes)
}

// cleanReason checks the reason the assistant gives for a proposal.
func cleanReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	why := textin.Problem(reason, textin.Multiline)
	switch {
	case reason == "":
		return "", apperr.Validation("a reason is required", map[string]string{"reason": "required"})
	case why != "":
		return "", apperr.Validation("the reason holds characters that are not allowed", map[string]string{"reason": why})
	case textin.Len(reason) > MaxRationale:
		return "", apperr.Validation("the reason is too long", map[string]string{"reason": fmt.Sprintf("at most %d characters", MaxRationale)})
	}
	return reason, nil
}
