package inventory

import "time"

// Trail is a CloudTrail trail. A multi-Region trail appears once, in its home region, even
// though DescribeTrails with includeShadowTrails lists it in every region; an organisation
// trail seen from a member account carries the owner's account id.
type Trail struct {
	Meta
	HomeRegion                 string `json:"home_region"`
	IsMultiRegion              bool   `json:"is_multi_region"`
	IsOrganizationTrail        bool   `json:"is_organization_trail"`
	IncludeGlobalServiceEvents bool   `json:"include_global_service_events"`
	LogFileValidationEnabled   bool   `json:"log_file_validation_enabled"`
	KMSKeyID                   string `json:"kms_key_id"`
	CloudWatchLogsLogGroupARN  string `json:"cloudwatch_logs_log_group_arn"`
	CloudWatchLogsRoleARN      string `json:"cloudwatch_logs_role_arn"`
	S3BucketName               string `json:"s3_bucket_name"`
	S3KeyPrefix                string `json:"s3_key_prefix"`
	SNSTopicARN                string `json:"sns_topic_arn"`
	// ListedBy are the accounts whose DescribeTrails (with shadow trails) listed the trail.
	// For an organisation trail owned outside the snapshot they are member accounts it
	// records; empty when the source does not say (a plan).
	ListedBy []string `json:"listed_by"`

	// Status is nil when GetTrailStatus was not answered.
	Status *TrailStatus `json:"status" jsonschema:"nullable"`

	// EventSelectors and AdvancedEventSelectors are mutually exclusive in AWS. A trail that
	// was never given selectors records all management events: the collector stores that
	// default explicitly, so an empty list here really means "records nothing".
	EventSelectors         []EventSelector         `json:"event_selectors"`
	AdvancedEventSelectors []AdvancedEventSelector `json:"advanced_event_selectors"`
	// InsightTypes are ApiCallRateInsight and/or ApiErrorRateInsight.
	InsightTypes []string `json:"insight_types"`

	Posture TrailPosture `json:"posture"`
}

// TrailStatus is the answer of GetTrailStatus.
type TrailStatus struct {
	IsLogging                         bool       `json:"is_logging"`
	LatestDeliveryError               string     `json:"latest_delivery_error"`
	LatestDeliveryTime                *time.Time `json:"latest_delivery_time" jsonschema:"nullable"`
	LatestDigestDeliveryError         string     `json:"latest_digest_delivery_error"`
	LatestDigestDeliveryTime          *time.Time `json:"latest_digest_delivery_time" jsonschema:"nullable"`
	LatestCloudWatchLogsDeliveryError string     `json:"latest_cloudwatch_logs_delivery_error"`
	LatestCloudWatchLogsDeliveryTime  *time.Time `json:"latest_cloudwatch_logs_delivery_time" jsonschema:"nullable"`
}

// EventSelector is a basic event selector.
type EventSelector struct {
	// ReadWriteType is All, ReadOnly or WriteOnly.
	ReadWriteType                 string         `json:"read_write_type"`
	IncludeManagementEvents       bool           `json:"include_management_events"`
	ExcludeManagementEventSources []string       `json:"exclude_management_event_sources"`
	DataResources                 []DataResource `json:"data_resources"`
}

// DataResource selects data events of one resource type, by ARN prefix.
type DataResource struct {
	Type   string   `json:"type"`
	Values []string `json:"values"`
}

// AdvancedEventSelector is an advanced event selector: the AND of its field selectors.
type AdvancedEventSelector struct {
	Name           string          `json:"name"`
	FieldSelectors []FieldSelector `json:"field_selectors"`
}

// FieldSelector constrains one field (eventCategory, resources.type, resources.ARN,
// readOnly, eventName, eventSource, ...). Within one selector the operators are ANDed; the
// values of one operator are ORed (for the Not* operators: none may match).
type FieldSelector struct {
	Field         string   `json:"field"`
	Equals        []string `json:"equals"`
	StartsWith    []string `json:"starts_with"`
	EndsWith      []string `json:"ends_with"`
	NotEquals     []string `json:"not_equals"`
	NotStartsWith []string `json:"not_starts_with"`
	NotEndsWith   []string `json:"not_ends_with"`
}

// TrailPosture is what Resolve derives for a trail.
type TrailPosture struct {
	// Logging is yes/no/unknown (unknown when the status could not be read).
	Logging string `json:"logging"`
	// ManagementEvents says which management events the trail records: "all", "read",
	// "write" or "none"; "unknown" when its event selectors were not collected.
	ManagementEvents string `json:"management_events"`
	// ExcludedEventSources lists the management event sources the trail leaves out
	// (NotStartsWith conditions are shown as "prefix*", NotEndsWith as "*suffix").
	ExcludedEventSources []string `json:"excluded_event_sources"`
	// ManagementEventsFilters lists the conditions (eventName, eventSource Equals, ...) that
	// restrict a management selector to some events; such a selector does not count as
	// recording management events.
	ManagementEventsFilters []string `json:"management_events_filters"`
	// KMSKeyManager is CUSTOMER, AWS or empty when the key is unknown to the snapshot.
	KMSKeyManager string `json:"kms_key_manager"`
	// Bucket is the posture of the trail's S3 bucket; Found is "unknown" when the bucket
	// belongs to an account outside the snapshot.
	Bucket TrailBucketPosture `json:"bucket"`
	// LogGroup is the posture of the CloudWatch Logs group the trail delivers to, if any.
	LogGroup *LogGroupSummary `json:"log_group" jsonschema:"nullable"`
	// LatestDeliveryAgeHours, LatestDigestDeliveryAgeHours and
	// LatestCloudWatchLogsDeliveryAgeHours are the hours between the latest delivery of log
	// files, digest files and CloudWatch Logs events and the snapshot's collection time;
	// nil when CloudTrail reported no such delivery or the status was not collected.
	LatestDeliveryAgeHours               *float64 `json:"latest_delivery_age_hours" jsonschema:"nullable"`
	LatestDigestDeliveryAgeHours         *float64 `json:"latest_digest_delivery_age_hours" jsonschema:"nullable"`
	LatestCloudWatchLogsDeliveryAgeHours *float64 `json:"latest_cloudwatch_logs_delivery_age_hours" jsonschema:"nullable"`
}

// TrailBucketPosture describes the bucket a trail delivers to.
type TrailBucketPosture struct {
	Name  string `json:"name"`
	Found string `json:"found"`
	// The remaining fields are yes/no/unknown.
	AccessLogging string `json:"access_logging"`
	Public        string `json:"public"`
	Versioning    string `json:"versioning"`
	MFADelete     string `json:"mfa_delete"`
	// ObjectLock is yes when Object Lock is enabled on the bucket.
	ObjectLock string `json:"object_lock"`
	// RetentionDays is the shortest expiration of the bucket's lifecycle rules, 0 for none.
	RetentionDays int `json:"retention_days"`
	// Lifecycle is yes when a lifecycle rule expires objects, no when none does, unknown
	// when the lifecycle configuration was not collected.
	Lifecycle string `json:"lifecycle"`
}

// EventDataStore is a CloudTrail Lake event data store.
type EventDataStore struct {
	Meta
	Status          string `json:"status"`
	KMSKeyID        string `json:"kms_key_id"`
	MultiRegion     bool   `json:"multi_region"`
	Organization    bool   `json:"organization"`
	RetentionPeriod int    `json:"retention_period"`
}
