package audit

// Actions recorded in the change log: "<entity>.<verb>". The API's audit
// filter (?action=) takes these values, so they are part of the contract:
// never rename one.
const (
	ActionPackageCreate = "package.create"
	ActionPackageUpdate = "package.update"
	ActionPackageDelete = "package.delete"
	// ActionPackagePriceChange: a published promotion changed what a
	// package is sold at (siteconfig, beside config.publish).
	ActionPackagePriceChange = "package.price_change"
	ActionAddOnCreate        = "addon.create"
	ActionAddOnUpdate        = "addon.update"
	ActionAddOnDelete        = "addon.delete"

	ActionConfigCreate   = "config.create"
	ActionConfigUpdate   = "config.update"
	ActionConfigPublish  = "config.publish"
	ActionConfigRollback = "config.rollback"

	ActionProposalCreate  = "proposal.create"
	ActionProposalApprove = "proposal.approve"
	ActionProposalReject  = "proposal.reject"

	ActionAgentCreate = "agent.create"
	ActionAgentRevoke = "agent.revoke"

	ActionTenantCreate     = "tenant.create"
	ActionTenantUpdate     = "tenant.update"
	ActionTenantRotateKeys = "tenant.rotate_keys"
	ActionTenantSettings   = "tenant.settings"
	ActionTenantProfile    = "tenant.profile"
	ActionAssistantLimits  = "assistant.limits"

	ActionBlackoutCreate = "blackout.create"
	ActionBlackoutDelete = "blackout.delete"
	ActionBookingRelease = "booking.release"
	// The money of a booking (docs/API.md §11).
	ActionBookingCancel     = "booking.cancel"
	ActionBookingReschedule = "booking.reschedule"
	ActionBookingRefund     = "booking.refund"

	ActionVenueCreate = "venue.create"
	ActionVenueUpdate = "venue.update"
	ActionVenueDelete = "venue.delete"

	ActionMediaUpload = "media.upload"
	ActionMediaDelete = "media.delete"
)

// Entities named by Entry.Entity.
const (
	EntityPackage       = "package"
	EntityAddOn         = "addon"
	EntityConfigVersion = "config_version"
	EntityProposal      = "proposal"
	EntityAgent         = "agent"
	EntityTenant        = "tenant"
	EntityBlackout      = "blackout"
	EntityBooking       = "booking"
	EntityVenue         = "venue"
	EntityMedia         = "media"
)
