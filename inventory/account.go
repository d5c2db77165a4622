package inventory

import "time"

// Account is one AWS account in the snapshot, with the account-wide facts that are not a
// resource of their own and the account's resolved posture.
type Account struct {
	Meta
	Partition      string `json:"partition,omitempty"`
	OrganizationID string `json:"organization_id,omitempty"`
	// Regions are the regions that were scanned (or, for a plan, that the plan touches).
	Regions []string `json:"regions,omitempty"`
	// CollectedAt is when the account's facts were collected, when that differs from the
	// snapshot's collected_at: in a merged snapshot (scanner merge), whose collected_at is
	// its oldest part's. The ages of the account's trail deliveries and alarm states are
	// measured against it.
	CollectedAt *time.Time `json:"collected_at,omitempty" jsonschema:"nullable"`
	// S3PublicAccessBlock is the account-level block (S3 Control); nil when not configured.
	S3PublicAccessBlock *PublicAccessBlock `json:"s3_public_access_block,omitempty" jsonschema:"nullable"`
	// LogResourcePolicies are the CloudWatch Logs resource policies of the account.
	LogResourcePolicies []LogResourcePolicy `json:"log_resource_policies,omitempty"`
	Posture             AccountPosture      `json:"posture,omitempty"`
}

// LogResourcePolicy is a CloudWatch Logs resource policy (DescribeResourcePolicies).
type LogResourcePolicy struct {
	Name   string `json:"name"`
	Region string `json:"region"`
	// Document is the policy JSON as AWS returned it.
	Document string `json:"document,omitempty"`
}

// AccountPosture is what Resolve derives for an account as a whole.
type AccountPosture struct {
	// MultiRegionTrail says whether a logging multi-Region trail records all read and write
	// management events for the account (its own or an organisation trail).
	MultiRegionTrail Coverage `json:"multi_region_trail,omitempty"`
	// SecurityTrail says whether one trail is multi-Region, validated, KMS-encrypted, records
	// read and write management events and excludes no event source (AWS Config
	// cloudtrail-security-trail-enabled).
	SecurityTrail Coverage `json:"security_trail,omitempty"`
	// S3DataEvents is the account-wide S3 object-level data event coverage (CIS 3.8/3.9).
	S3DataEvents DataEventCoverage `json:"s3_data_events,omitempty"`
	// CoveredByOrganizationTrail lists organisation trails owned by another account that
	// record this account.
	CoveredByOrganizationTrail []string `json:"covered_by_organization_trail,omitempty"`
	// MetricFilterControls holds, per metric-filter control of the rule catalog (MF-01 ...
	// MF-15, MF-X1 ... MF-X4), the chain trail → log group → metric filter → alarm → SNS
	// subscriber that satisfies it, if any.
	MetricFilterControls []MetricFilterControl `json:"metric_filter_controls,omitempty"`
}

// RegionScope is one (account, region) pair: the scope of regional settings such as RDS
// event subscriptions and of regional trails. There is one per region of an account in the
// snapshot's accounts, never of an account it only holds a resource of (another account's
// organisation trail, listed by a member).
type RegionScope struct {
	Meta
	Posture RegionPosture `json:"posture,omitempty"`
}

// RegionPosture is what Resolve derives for one region of one account.
type RegionPosture struct {
	// LoggingTrails are the trails that are logging and record this region.
	LoggingTrails []string `json:"logging_trails,omitempty"`
	// TrailStatus is "yes" when a trail records the region, "unknown" when trail facts
	// needed to decide could not be collected.
	TrailStatus string `json:"trail_status,omitempty"`
	// ManagementEvents is the management-event coverage of the region.
	ManagementEvents Coverage `json:"management_events,omitempty"`
	// RDSEventSubscriptions lists, per RDS source type, the enabled subscriptions of the
	// region and the event categories they cover. The four source types Security Hub judges
	// (db-cluster, db-instance, db-parameter-group, db-security-group) always have an entry.
	RDSEventSubscriptions []SourceTypeSubscriptions `json:"rds_event_subscriptions,omitempty"`
	// StoreCount counts the data stores in the region by type, so region-scoped rules about
	// a service can apply only where the service is used.
	StoreCount map[string]int `json:"store_count,omitempty"`
	// DynamoDBAccountCapacityAlarms lists alarms on the account-level DynamoDB capacity
	// utilisation metrics in this region.
	DynamoDBAccountCapacityAlarms []AlarmLink `json:"dynamodb_account_capacity_alarms,omitempty"`
	// UnlistedAlarmAccounts are the accounts whose alarms in this region could not be listed
	// (cloudwatch:DescribeAlarms failed) and that may hold an alarm on the account's
	// metrics: the account itself, and any other known to read other accounts' metrics, as
	// for stores. DynamoDBAccountCapacityAlarms is complete, as far as the snapshot can
	// tell, only when it is empty.
	UnlistedAlarmAccounts []string `json:"unlisted_alarm_accounts,omitempty"`
	// UnresolvedCapacityAlarms are the alarms of a plan that might read the account-level
	// DynamoDB capacity metrics of this region once applied (the plan leaves their
	// namespace, metric name, dimensions, a query's account or the queries themselves
	// unknown until apply), with what is unknown. A missing capacity alarm may be among
	// them, so it is undecided rather than missing.
	UnresolvedCapacityAlarms []UnresolvedAlarm `json:"unresolved_capacity_alarms,omitempty"`
}

// SourceTypeSubscriptions records the event subscriptions that cover one source type.
type SourceTypeSubscriptions struct {
	SourceType string `json:"source_type,omitempty"`
	// Categories is the union of the categories of Subscriptions; "*" means all
	// categories.
	Categories []string `json:"categories,omitempty"`
	// Subscriptions are the enabled subscriptions to every source of the type (no source
	// ids), including those without a source type, which cover every type.
	Subscriptions []string `json:"subscriptions,omitempty"`
	// Notified is "yes" when at least one of Subscriptions sends to a topic with a
	// confirmed subscriber, else "unknown" when one's topic could not be read, else "no".
	Notified string `json:"notified,omitempty"`
	// CategoryNotified gives, per category in Categories ("*" included), the best
	// notification status (yes, unknown, no) among the subscriptions that cover it, so a
	// rule can tell a category that reaches a person from one that only reaches a topic
	// nobody reads.
	CategoryNotified map[string]string `json:"category_notified,omitempty"`
	// ScopedSubscriptions are enabled subscriptions of the type limited to named sources:
	// they do not cover the type's other sources, nor ones created later, so they are not
	// counted in Categories.
	ScopedSubscriptions []string `json:"scoped_subscriptions,omitempty"`
}

// KMSKey is what storewatch needs to know about a KMS key: who manages it, and whether it
// can be used.
type KMSKey struct {
	ARN       string   `json:"arn,omitempty"`
	AccountID string   `json:"account_id"`
	Region    string   `json:"region"`
	Aliases   []string `json:"aliases,omitempty"`
	// KeyManager is CUSTOMER or AWS.
	KeyManager string `json:"key_manager"`
	// KeyState is the key's state as DescribeKey reports it: Enabled, Disabled,
	// PendingDeletion, PendingReplicaDeletion, PendingImport, Unavailable, Creating or
	// Updating. Empty when it is not known: a snapshot written before it was recorded, or a
	// planned key whose is_enabled is known only after apply.
	KeyState string `json:"key_state,omitempty"`
}

// KMS key states (https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html).
// Only Enabled and Updating keys encrypt and decrypt. Disabled, PendingDeletion,
// PendingReplicaDeletion, PendingImport and Unavailable keys cannot: what they protect can
// neither be written nor read until the key is enabled, restored or given its key material
// again. A Creating key (a multi-Region replica being created) cannot be used yet either,
// but becomes Enabled or PendingImport within seconds, so the rules judge it, like any state
// not listed here, unknown (policies/lib/kms.rego).
const (
	KeyStateEnabled                = "Enabled"
	KeyStateUpdating               = "Updating"
	KeyStateCreating               = "Creating"
	KeyStateDisabled               = "Disabled"
	KeyStatePendingDeletion        = "PendingDeletion"
	KeyStatePendingReplicaDeletion = "PendingReplicaDeletion"
	KeyStatePendingImport          = "PendingImport"
	KeyStateUnavailable            = "Unavailable"
)

// UsableKeyStates and UnusableKeyStates are the states policies/lib/kms.rego passes and
// fails (a policies test holds the two to the same lists); every other state is undecided.
var (
	UsableKeyStates   = []string{KeyStateEnabled, KeyStateUpdating}
	UnusableKeyStates = []string{KeyStateDisabled, KeyStatePendingDeletion, KeyStatePendingReplicaDeletion, KeyStatePendingImport, KeyStateUnavailable}
)
