package inventory

import "time"

// Trail is a CloudTrail trail. A multi-Region trail appears once, in its home region, even
// though DescribeTrails with includeShadowTrails lists it in every region; an organisation
// trail seen from a member account carries the owner's account id.
type Trail struct {
	Meta
	HomeRegion                 string `json:"home_region,omitempty"`
	IsMultiRegion              bool   `json:"is_multi_region,omitempty"`
	IsOrganizationTrail        bool   `json:"is_organization_trail,omitempty"`
	IncludeGlobalServiceEvents bool   `json:"include_global_service_events,omitempty"`
	LogFileValidationEnabled   bool   `json:"log_file_validation_enabled,omitempty"`
	KMSKeyID                   string `json:"kms_key_id,omitempty"`
	CloudWatchLogsLogGroupARN  string `json:"cloudwatch_logs_log_group_arn,omitempty"`
	CloudWatchLogsRoleARN      string `json:"cloudwatch_logs_role_arn,omitempty"`
	S3BucketName               string `json:"s3_bucket_name,omitempty"`
	S3KeyPrefix                string `json:"s3_key_prefix,omitempty"`
	SNSTopicARN                string `json:"sns_topic_arn,omitempty"`
	// ListedBy are the accounts whose DescribeTrails (with shadow trails) listed the trail.
	// For an organisation trail owned outside the snapshot they are member accounts it
	// records; empty when the source does not say (a plan).
	ListedBy []string `json:"listed_by,omitempty"`

	// Status is nil when GetTrailStatus was not answered.
	Status *TrailStatus `json:"status,omitempty" jsonschema:"nullable"`

	// EventSelectors and AdvancedEventSelectors are mutually exclusive in AWS. A trail that
	// was never given selectors records all management events: the collector stores that
	// default explicitly, so an empty list here really means "records nothing".
	EventSelectors         []EventSelector         `json:"event_selectors,omitempty"`
	AdvancedEventSelectors []AdvancedEventSelector `json:"advanced_event_selectors,omitempty"`
	// InsightTypes are ApiCallRateInsight and/or ApiErrorRateInsight.
	InsightTypes []string `json:"insight_types,omitempty"`

	Posture TrailPosture `json:"posture,omitempty"`
}

// TrailStatus is the answer of GetTrailStatus.
type TrailStatus struct {
	IsLogging                         bool       `json:"is_logging,omitempty"`
	LatestDeliveryError               string     `json:"latest_delivery_error,omitempty"`
	LatestDeliveryTime                *time.Time `json:"latest_delivery_time,omitempty" jsonschema:"nullable"`
	LatestDigestDeliveryError         string     `json:"latest_digest_delivery_error,omitempty"`
	LatestDigestDeliveryTime          *time.Time `json:"latest_digest_delivery_time,omitempty" jsonschema:"nullable"`
	LatestCloudWatchLogsDeliveryError string     `json:"latest_cloudwatch_logs_delivery_error,omitempty"`
	LatestCloudWatchLogsDeliveryTime  *time.Time `json:"latest_cloudwatch_logs_delivery_time,omitempty" jsonschema:"nullable"`
}

// EventSelector is a basic event selector.
type EventSelector struct {
	// ReadWriteType is All, ReadOnly or WriteOnly.
	ReadWriteType                 string         `json:"read_write_type,omitempty"`
	IncludeManagementEvents       bool           `json:"include_management_events,omitempty"`
	ExcludeManagementEventSources []string       `json:"exclude_management_event_sources,omitempty"`
	DataResources                 []DataResource `json:"data_resources,omitempty"`
}

// DataResource selects data events of one resource type, by ARN prefix.
type DataResource struct {
	Type   string   `json:"type"`
	Values []string `json:"values,omitempty"`
}

// AdvancedEventSelector is an advanced event selector: the AND of its field selectors.
type AdvancedEventSelector struct {
	Name           string          `json:"name"`
	FieldSelectors []FieldSelector `json:"field_selectors,omitempty"`
}

// FieldSelector constrains one field (eventCategory, resources.type, resources.ARN,
// readOnly, eventName, eventSource, ...). Within one selector the operators are ANDed; the
// values of one operator are ORed (for the Not* operators: none may match).
type FieldSelector struct {
	Field         string   `json:"field,omitempty"`
	Equals        []string `json:"equals,omitempty"`
	StartsWith    []string `json:"starts_with,omitempty"`
	EndsWith      []string `json:"ends_with,omitempty"`
	NotEquals     []string `json:"not_equals,omitempty"`
	NotStartsWith []string `json:"not_starts_with,omitempty"`
	NotEndsWith   []string `json:"not_ends_with,omitempty"`
}

// TrailPosture is what Resolve derives for a trail.
type TrailPosture struct {
	// Logging is yes/no/unknown (unknown when the status could not be read).
	Logging string `json:"logging,omitempty"`
	// ManagementEvents says which management events the trail records: "all", "read",
	// "write" or "none"; "unknown" when its event selectors were not collected.
	ManagementEvents string `json:"management_events,omitempty"`
	// ExcludedEventSources lists the management event sources the trail leaves out
	// (NotStartsWith conditions are shown as "prefix*", NotEndsWith as "*suffix").
	ExcludedEventSources []string `json:"excluded_event_sources,omitempty"`
	// ManagementEventsFilters lists the conditions (eventName, eventSource Equals, ...) that
	// restrict a management selector to some events; such a selector does not count as
	// recording management events.
	ManagementEventsFilters []string `json:"management_events_filters,omitempty"`
	// KMSKeyManager is CUSTOMER, AWS or empty when the key is unknown to the snapshot.
	KMSKeyManager string `json:"kms_key_manager,omitempty"`
	// KMSKeyState is the state of the trail's KMS key (see KMSKey.KeyState), unknown when
	// the key is not in the snapshot or its state is not known, empty when the trail names
	// no key.
	KMSKeyState string `json:"kms_key_state,omitempty"`
	// Bucket is the posture of the trail's S3 bucket; Found is "unknown" when the bucket
	// belongs to an account outside the snapshot.
	Bucket TrailBucketPosture `json:"bucket,omitempty"`
	// LogGroup is the posture of the CloudWatch Logs group the trail delivers to, if any.
	LogGroup *LogGroupSummary `json:"log_group,omitempty" jsonschema:"nullable"`
	// LatestDeliveryAgeHours, LatestDigestDeliveryAgeHours and
	// LatestCloudWatchLogsDeliveryAgeHours are the hours between the latest delivery of log
	// files, digest files and CloudWatch Logs events and the snapshot's collection time;
	// nil when CloudTrail reported no such delivery or the status was not collected.
	LatestDeliveryAgeHours               *float64 `json:"latest_delivery_age_hours,omitempty" jsonschema:"nullable"`
	LatestDigestDeliveryAgeHours         *float64 `json:"latest_digest_delivery_age_hours,omitempty" jsonschema:"nullable"`
	LatestCloudWatchLogsDeliveryAgeHours *float64 `json:"latest_cloudwatch_logs_delivery_age_hours,omitempty" jsonschema:"nullable"`
}

// TrailBucketPosture describes the bucket a trail delivers to.
type TrailBucketPosture struct {
	Name  string `json:"name"`
	Found string `json:"found,omitempty"`
	// The remaining fields are yes/no/unknown.
	AccessLogging string `json:"access_logging,omitempty"`
	Public        string `json:"public,omitempty"`
	Versioning    string `json:"versioning,omitempty"`
	MFADelete     string `json:"mfa_delete,omitempty"`
	// ObjectLock is yes when Object Lock is enabled on the bucket.
	ObjectLock string `json:"object_lock,omitempty"`
	// LogPrefix is the key prefix the trail's log, digest and Insights files land under
	// (S3KeyPrefix/AWSLogs/ACCOUNT/, or S3KeyPrefix/AWSLogs/ORG-ID/ for an organisation
	// trail); only its known start when part of it is known only after apply, or, for an
	// organisation trail, when the organisation is not in the snapshot.
	LogPrefix string `json:"log_prefix,omitempty"`
	// RetentionDays is the shortest expiration in days of the enabled lifecycle rules that
	// apply to the trail's log files (all or some of them), 0 for none. Rules that expire
	// on a date count in ExpiredSince, NextExpirationDate and LifecycleReason instead.
	RetentionDays int `json:"retention_days,omitempty"`
	// Lifecycle is yes when an enabled lifecycle rule expires all of the trail's log files
	// after a number of days (its filter's prefix covers LogPrefix, with neither tags nor
	// sizes) and no other rule may expire them sooner; no when no rule expires all of them;
	// unknown when the lifecycle configuration was not collected, a rule may or may not
	// apply to them (a prefix below an unknown part of LogPrefix, a size filter a plan does
	// not show), a rule filtered on object tags would expire them sooner once tagged, or a
	// rule expires them on a date still to come (which cannot be stated in days).
	Lifecycle string `json:"lifecycle,omitempty"`
	// LifecycleReason says why Lifecycle is unknown.
	LifecycleReason string `json:"lifecycle_reason,omitempty"`
	// MayExpireDays is set when Lifecycle is unknown only because rules that may come to
	// hold the trail's files (once they are tagged, or under a key prefix known only after
	// apply) expire them after fewer days than RetentionDays: the shortest of those days,
	// the least the files are kept whatever those rules turn out to hold.
	MayExpireDays int `json:"may_expire_days,omitempty"`
	// ExpiredSince is the earliest expiration date (RFC 3339, UTC) of an enabled lifecycle
	// rule that holds some of the trail's log files and had passed when the bucket was
	// collected: S3 deletes those files as soon as it runs, within about a day of delivery.
	ExpiredSince string `json:"expired_since,omitempty"`
	// NextExpirationDate is the earliest expiration date (RFC 3339, UTC) still to come
	// when the bucket was collected of an enabled lifecycle rule that holds some of the
	// trail's log files: from that date on S3 deletes them all, however new.
	NextExpirationDate string `json:"next_expiration_date,omitempty"`
	// DaysToNextExpiration is the whole days from the collection time to
	// NextExpirationDate (0 when less than one is left), nil when there is none: the most
	// a file delivered at collection is kept.
	DaysToNextExpiration *int `json:"days_to_next_expiration,omitempty"`
}

// EventDataStore is a CloudTrail Lake event data store.
type EventDataStore struct {
	Meta
	Status          string                `json:"status,omitempty"`
	KMSKeyID        string                `json:"kms_key_id,omitempty"`
	MultiRegion     bool                  `json:"multi_region,omitempty"`
	Organization    bool                  `json:"organization,omitempty"`
	RetentionPeriod int                   `json:"retention_period,omitempty"`
	Posture         EventDataStorePosture `json:"posture,omitempty"`
}

// EventDataStorePosture is what Resolve derives for an event data store.
type EventDataStorePosture struct {
	// KMSKeyState is the state of the store's KMS key (see KMSKey.KeyState), unknown when
	// the key is not in the snapshot or its state is not known, empty when the store names
	// no key.
	KMSKeyState string `json:"kms_key_state,omitempty"`
}
