package inventory

// S3Bucket is an S3 general purpose bucket.
type S3Bucket struct {
	Meta
	// Logging is the server access logging target; nil when logging is off.
	Logging *BucketLogging `json:"logging,omitempty" jsonschema:"nullable"`
	// Versioning is Enabled, Suspended or empty (never enabled).
	Versioning        string             `json:"versioning,omitempty"`
	MFADelete         bool               `json:"mfa_delete,omitempty"`
	PublicAccessBlock *PublicAccessBlock `json:"public_access_block,omitempty" jsonschema:"nullable"`
	// PolicyPublic is what GetBucketPolicyStatus says; nil when not collected.
	PolicyPublic *bool `json:"policy_public,omitempty" jsonschema:"nullable"`
	// ACLPublic is true when the ACL grants AllUsers or AuthenticatedUsers.
	ACLPublic *bool `json:"acl_public,omitempty" jsonschema:"nullable"`
	// LogDeliveryTarget is true when the bucket receives server access logs itself (an
	// ACL grant to the LogDelivery group or a policy for logging.s3.amazonaws.com).
	LogDeliveryTarget bool `json:"log_delivery_target,omitempty"`
	// MetricsConfigurations are the ids of the request-metrics configurations.
	MetricsConfigurations []string `json:"metrics_configurations,omitempty"`
	// Notifications lists notification destinations (SNS, SQS, Lambda, EventBridge).
	Notifications []BucketNotification `json:"notifications,omitempty"`
	ObjectLock    bool                 `json:"object_lock,omitempty"`
	// LifecycleExpirationDays is the shortest current-version expiration of an enabled
	// lifecycle rule, 0 when none expires objects. It says nothing of which objects that
	// rule applies to: LifecycleRules does.
	LifecycleExpirationDays int `json:"lifecycle_expiration_days,omitempty"`
	// LifecycleRules are the bucket's lifecycle rules with the objects they apply to. A
	// snapshot written before they were recorded has LifecycleExpirationDays without
	// them: which objects expire is then unknown.
	LifecycleRules []LifecycleRule `json:"lifecycle_rules,omitempty"`
	Posture        StorePosture    `json:"posture,omitempty"`
}

// LifecycleRule is one S3 lifecycle rule, as far as telling which objects it expires and
// when needs.
type LifecycleRule struct {
	ID string `json:"id,omitempty"`
	// Enabled is true when the rule's status is Enabled: a disabled rule expires nothing.
	Enabled bool `json:"enabled,omitempty"`
	// Prefix is the key prefix of the rule's filter (Filter.Prefix, Filter.And.Prefix or
	// the legacy top-level Prefix); empty for a rule on the whole bucket.
	Prefix string `json:"prefix,omitempty"`
	// Tagged is true when the filter also requires object tags: the rule applies only to
	// objects carrying them.
	Tagged bool `json:"tagged,omitempty"`
	// SizeFiltered is true when the filter selects objects by size
	// (ObjectSizeGreaterThan, ObjectSizeLessThan): the rule applies to some objects of its
	// prefix only.
	SizeFiltered bool `json:"size_filtered,omitempty"`
	// SizeUnknown is true when whether the filter selects objects by size is not known: a
	// plan reads an existing bucket's rules from aws_s3_bucket's computed lifecycle_rule,
	// which has no size fields.
	SizeUnknown bool `json:"size_unknown,omitempty"`
	// ExpirationDays is the rule's current-version expiration in days, 0 for none.
	ExpirationDays int `json:"expiration_days,omitempty"`
	// ExpirationDate is the rule's current-version expiration date (RFC 3339, midnight
	// UTC), empty for none: from that date on S3 deletes every object the rule holds,
	// however new. A value that is not RFC 3339 is kept as written.
	ExpirationDate string `json:"expiration_date,omitempty"`
}

// BucketLogging is a bucket's server access logging configuration.
type BucketLogging struct {
	TargetBucket string `json:"target_bucket,omitempty"`
	TargetPrefix string `json:"target_prefix,omitempty"`
}

// PublicAccessBlock is an S3 public access block (bucket or account).
type PublicAccessBlock struct {
	BlockPublicACLs       bool `json:"block_public_acls,omitempty"`
	IgnorePublicACLs      bool `json:"ignore_public_acls,omitempty"`
	BlockPublicPolicy     bool `json:"block_public_policy,omitempty"`
	RestrictPublicBuckets bool `json:"restrict_public_buckets,omitempty"`
}

// BucketNotification is one notification destination of a bucket.
type BucketNotification struct {
	// Kind is sns, sqs, lambda or eventbridge.
	Kind   string   `json:"kind"`
	ARN    string   `json:"arn,omitempty"`
	Events []string `json:"events,omitempty"`
	// Reach is resolved for an SNS destination: yes when the topic has a confirmed
	// subscriber, no when it has none, unknown when its subscriptions could not be read or
	// it is not in the snapshot; empty for other kinds, whose consumers are code.
	Reach string `json:"reach,omitempty"`
}
