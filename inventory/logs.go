package inventory

// LogGroup is a CloudWatch Logs log group.
type LogGroup struct {
	Meta
	// RetentionDays is nil when the group never expires its events.
	RetentionDays       *int                 `json:"retention_days,omitempty" jsonschema:"nullable"`
	KMSKeyID            string               `json:"kms_key_id,omitempty"`
	DataProtection      bool                 `json:"data_protection,omitempty"`
	MetricFilters       []MetricFilter       `json:"metric_filters,omitempty"`
	SubscriptionFilters []SubscriptionFilter `json:"subscription_filters,omitempty"`
	Posture             LogGroupPosture      `json:"posture,omitempty"`
}

// MetricFilter turns matching log events into a metric.
type MetricFilter struct {
	Name            string                 `json:"name"`
	Pattern         string                 `json:"pattern,omitempty"`
	Transformations []MetricTransformation `json:"transformations,omitempty"`
}

// MetricTransformation is the metric a filter publishes.
type MetricTransformation struct {
	MetricName      string `json:"metric_name,omitempty"`
	MetricNamespace string `json:"metric_namespace,omitempty"`
	MetricValue     string `json:"metric_value,omitempty"`
}

// SubscriptionFilter streams a log group's events to a destination.
type SubscriptionFilter struct {
	Name           string `json:"name"`
	FilterPattern  string `json:"filter_pattern,omitempty"`
	DestinationARN string `json:"destination_arn,omitempty"`
}

// LogGroupPosture is what Resolve derives for a log group.
type LogGroupPosture struct {
	// Public is yes when a resource policy grants "*" access to the group.
	Public string `json:"public,omitempty"`
	// PublicBy names the resource policies whose statements make the group public.
	PublicBy []string `json:"public_by,omitempty"`
	// KMSKeyManager is CUSTOMER, AWS or empty when the key is not in the snapshot.
	KMSKeyManager string `json:"kms_key_manager,omitempty"`
	// KMSKeyState is the state of the group's KMS key (Enabled, Disabled,
	// PendingDeletion, ...; see KMSKey.KeyState), unknown when the key is not in the
	// snapshot or its state is not known, empty when the group names no key.
	KMSKeyState string `json:"kms_key_state,omitempty"`
	// Receives lists the data stores and trails that deliver logs to this group.
	Receives []string `json:"receives,omitempty"`
	// Archive lists the subscription destinations that copy events out (Firehose, Kinesis,
	// Lambda, another log destination).
	Archive []string `json:"archive,omitempty"`
	// ErrorFilters lists the metric filters that catch error patterns, each with whether
	// an effective alarm watches its metric.
	ErrorFilters []ErrorFilterLink `json:"error_filters,omitempty"`
}

// ErrorFilterLink is a metric filter that turns error patterns into a metric.
type ErrorFilterLink struct {
	Filter string `json:"filter,omitempty"`
	// Catches lists what the pattern catches: "error", "out_of_memory", "auth_failure".
	Catches []string `json:"catches,omitempty"`
	Metric  string   `json:"metric,omitempty"`
	// Namespace is the metric's namespace.
	Namespace string `json:"namespace,omitempty"`
	// Alarmed is yes when an effective alarm watches the metric; unknown when it cannot be
	// decided.
	Alarmed string   `json:"alarmed,omitempty"`
	Alarms  []string `json:"alarms,omitempty"`
}
