package inventory

import "time"

// SchemaVersion is the version of the snapshot format this build reads and writes. The major
// number changes when a reader of the previous major could misread a snapshot; the minor
// number when fields are only added.
const SchemaVersion = "1.0"

// Resource types use the CloudFormation names, the vocabulary Security Hub and AWS Config
// findings already use, so that findings can be joined with theirs.
const (
	TypeAccount                     = "AWS::::Account"
	TypeRegion                      = "AWS::::Region"
	TypeTrail                       = "AWS::CloudTrail::Trail"
	TypeEventDataStore              = "AWS::CloudTrail::EventDataStore"
	TypeAlarm                       = "AWS::CloudWatch::Alarm"
	TypeCompositeAlarm              = "AWS::CloudWatch::CompositeAlarm"
	TypeLogGroup                    = "AWS::Logs::LogGroup"
	TypeSNSTopic                    = "AWS::SNS::Topic"
	TypeRDSEventSubscription        = "AWS::RDS::EventSubscription"
	TypeRedshiftEventSubscription   = "AWS::Redshift::EventSubscription"
	TypeDBInstance                  = "AWS::RDS::DBInstance"
	TypeDBCluster                   = "AWS::RDS::DBCluster"
	TypeDocDBCluster                = "AWS::DocDB::DBCluster"
	TypeNeptuneCluster              = "AWS::Neptune::DBCluster"
	TypeDynamoDBTable               = "AWS::DynamoDB::Table"
	TypeS3Bucket                    = "AWS::S3::Bucket"
	TypeRedshiftCluster             = "AWS::Redshift::Cluster"
	TypeRedshiftServerlessNamespace = "AWS::RedshiftServerless::Namespace"
	TypeElastiCacheReplicationGroup = "AWS::ElastiCache::ReplicationGroup"
	TypeElastiCacheCacheCluster     = "AWS::ElastiCache::CacheCluster"
	TypeOpenSearchDomain            = "AWS::OpenSearchService::Domain"
	TypeMemoryDBCluster             = "AWS::MemoryDB::Cluster"
)

// Snapshot is the contract between sources and rules. Every collection is a flat list whose
// items carry their own account and region, so snapshots of several accounts merge by
// concatenation, and each item carries its resolved posture, so a rule reads one item at a
// time.
type Snapshot struct {
	SchemaVersion string    `json:"schema_version"`
	Tool          Tool      `json:"tool"`
	CollectedAt   time.Time `json:"collected_at"`
	// Partial marks a snapshot whose collection was interrupted (for example by Ctrl-C):
	// everything in it is true, but it is not everything.
	Partial bool     `json:"partial,omitempty"`
	Sources []Source `json:"sources"`

	Accounts []Account     `json:"accounts"`
	Regions  []RegionScope `json:"regions,omitempty"`

	Trails             []Trail             `json:"trails,omitempty"`
	EventDataStores    []EventDataStore    `json:"event_data_stores,omitempty"`
	Alarms             []Alarm             `json:"alarms,omitempty"`
	CompositeAlarms    []CompositeAlarm    `json:"composite_alarms,omitempty"`
	LogGroups          []LogGroup          `json:"log_groups,omitempty"`
	SNSTopics          []SNSTopic          `json:"sns_topics,omitempty"`
	EventSubscriptions []EventSubscription `json:"event_subscriptions,omitempty"`
	KMSKeys            []KMSKey            `json:"kms_keys,omitempty"`

	DBInstances                  []DBInstance                  `json:"db_instances,omitempty"`
	DBClusters                   []DBCluster                   `json:"db_clusters,omitempty"`
	DynamoDBTables               []DynamoDBTable               `json:"dynamodb_tables,omitempty"`
	S3Buckets                    []S3Bucket                    `json:"s3_buckets,omitempty"`
	RedshiftClusters             []RedshiftCluster             `json:"redshift_clusters,omitempty"`
	RedshiftServerlessNamespaces []RedshiftServerlessNamespace `json:"redshift_serverless_namespaces,omitempty"`
	ElastiCacheClusters          []ElastiCacheCluster          `json:"elasticache_clusters,omitempty"`
	OpenSearchDomains            []OpenSearchDomain            `json:"opensearch_domains,omitempty"`
	MemoryDBClusters             []MemoryDBCluster             `json:"memorydb_clusters,omitempty"`

	// Errors holds the collection errors that concern a whole account, region or service
	// (a listing that failed), as opposed to one resource; those sit on the resource.
	Errors []CollectionError `json:"errors,omitempty"`
	// Notes record what the collection established without an error: a listing that the
	// service answered, explicitly, is not offered in the region (so it holds none of those
	// resources there). No rule reads them and nothing is unknown because of them; they say
	// why a region has none of a service's resources. The fields are those of an error.
	Notes []CollectionError `json:"notes,omitempty"`
}

// Tool names the program that wrote a snapshot.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Source kinds.
const (
	SourceAWS           = "aws"
	SourceTerraformPlan = "terraform-plan"
	SourceSnapshot      = "snapshot"
	SourceDemo          = "demo"
	SourceSynthetic     = "synthetic"
)

// Source says where the facts of a snapshot came from.
type Source struct {
	Kind string `json:"kind"`
	// Detail is the plan file, the profile or role used, or the generator seed.
	Detail string `json:"detail,omitempty"`
	// Accounts lists the account ids this source contributed.
	Accounts []string `json:"accounts,omitempty"`
	// TerraformVersion is set for plans.
	TerraformVersion string `json:"terraform_version,omitempty"`
}

// Meta is what every resource has. ID is its identity in findings, waivers and baselines: the
// ARN for a live resource, the full Terraform address for a planned one.
type Meta struct {
	ID        string            `json:"id"`
	Type      string            `json:"type"`
	ARN       string            `json:"arn,omitempty"`
	Name      string            `json:"name"`
	AccountID string            `json:"account_id"`
	Region    string            `json:"region"`
	Tags      map[string]string `json:"tags,omitempty"`
	// Source locates the resource in Terraform configuration, when it came from a plan.
	Source *SourceRef `json:"source,omitempty"`
	// UnknownFields names the fields of this resource (by their JSON name) whose value a
	// Terraform plan leaves unknown until apply.
	UnknownFields []string `json:"unknown_fields,omitempty"`
	// Errors are the collection errors that concern this resource alone.
	Errors []CollectionError `json:"errors,omitempty"`
}

// SourceRef locates a resource in the Terraform configuration that declares it.
type SourceRef struct {
	Address string `json:"address"`
	// File is relative to the configuration root; StartLine and EndLine span the resource
	// block (1-based, inclusive). Empty when the source directory was not given.
	File      string `json:"file,omitempty"`
	StartLine int    `json:"start_line,omitempty"`
	EndLine   int    `json:"end_line,omitempty"`
	// ModuleCalls are the module blocks that instantiate the resource, outermost first.
	ModuleCalls []ModuleCallRef `json:"module_calls,omitempty"`
	// PreviousAddress is the address the resource had before a moved block renamed it
	// (the plan's previous_address): the same AWS resource, whose known findings follow it.
	PreviousAddress string `json:"previous_address,omitempty"`
}

// ModuleCallRef locates a `module` block.
type ModuleCallRef struct {
	Name      string `json:"name"`
	File      string `json:"file,omitempty"`
	StartLine int    `json:"start_line,omitempty"`
	EndLine   int    `json:"end_line,omitempty"`
}

// CollectionError records a fact that could not be collected. It is data, not a failure of
// the run: the affected rules report `unknown` with it as evidence.
type CollectionError struct {
	// Source is "aws" for an API call, "terraform-plan" for a value unknown until apply.
	Source    string `json:"source,omitempty"`
	AccountID string `json:"account_id,omitempty"`
	Region    string `json:"region,omitempty"`
	Service   string `json:"service"`
	// Operation is the IAM-style action, for example "cloudtrail:GetEventSelectors".
	Operation string `json:"operation"`
	// Resource is the ARN or name the call was about, empty for a listing.
	Resource string `json:"resource,omitempty"`
	// Code is the AWS error code (AccessDenied, ThrottlingException, ...) or one of ours
	// (Timeout, Unsupported, Canceled).
	Code    string `json:"code"`
	Message string `json:"message,omitempty"`
}

// Well-known codes for collection errors that do not come from an AWS error response.
const (
	CodeTimeout     = "Timeout"
	CodeCanceled    = "Canceled"
	CodeUnsupported = "Unsupported"
	CodeNetwork     = "NetworkError"
	// CodeNotInPlan marks, on the account and region items of a snapshot made from a
	// Terraform plan alone, the account-wide listings the plan does not hold (the trails,
	// log groups, event subscriptions beside the resources it manages). Rules on accounts
	// and regions that require them report unknown; Resolve treats them as failed listings,
	// so a coverage the plan does not prove is unknown rather than "no". See
	// docs/terraform.md.
	CodeNotInPlan = "NotInPlan"
	// CodePendingConfirmation marks, on a topic of a snapshot made from a Terraform plan,
	// that every subscription the plan gives it awaits its recipient's confirmation after
	// apply (email, or a web endpoint that does not confirm by itself): whether anyone will
	// confirm is unknown.
	CodePendingConfirmation = "PendingConfirmation"
	// CodeNotCollected marks an operation the collector did not call because no enabled
	// rule needed it: a rule added later that needs it is unknown, not judged on nothing.
	CodeNotCollected = "NotCollected"
	// CodeAccountUnreachable marks every operation of an account the collector could not
	// enter (a role it could not assume), or of an account scanner merge was told to expect
	// (--accounts) and got no snapshot of.
	CodeAccountUnreachable = "AccountUnreachable"
)

// Status values used in posture where a fact can be established, refuted or not decided.
const (
	StatusYes     = "yes"
	StatusNo      = "no"
	StatusUnknown = "unknown"
)
