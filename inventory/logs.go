package inventory

// LogGroup is a CloudWatch Logs log group.
type LogGroup struct {
	Meta
	// RetentionDays is nil when the group never expires its events.
	RetentionDays       *int                 `json:"retention_days" jsonschema:"nullable"`
	KMSKeyID            string               `json:"kms_key_id"`
	DataProtection      bool                 `json:"data_protection"`
	MetricFilters       []MetricFilter       `json:"metric_filters"`
	SubscriptionFilters []SubscriptionFilter `json:"subscription_filters"`
	Posture             LogGroupPosture      `json:"posture"`
}

// MetricFilter turns matching log events into a metric.
type MetricFilter struct {
	Name            string                 `json:"name"`
	Pattern         string                 `json:"pattern"`
	Transformations []MetricTransformation `json:"transformations"`
}

// MetricTransformation is the metric a filter publishes.
type MetricTransformation struct {
	MetricName      string `json:"metric_name"`
	MetricNamespace string `json:"metric_namespace"`
	MetricValue     string `json:"metric_value"`
}

// SubscriptionFilter streams a log group's events to a destination.
type SubscriptionFilter struct {
	Name           string `json:"name"`
	FilterPattern  string `json:"filter_pattern"`
	DestinationARN string `json:"destination_arn"`
}

// LogGroupPosture is what Resolve derives for a log group.
type LogGroupPosture struct {
	// Public is yes when a resource policy grants "*" access to the group.
	Public string `json:"public"`
	// PublicBy names the resource policies whose statements make the group public.
	PublicBy []string `json:"public_by"`
	// KMSKeyManager is CUSTOMER, AWS or empty when the key is not in the snapshot.
	KMSKeyManager string `json:"kms_key_manager"`
	// Receives lists the data stores and trails that deliver logs to this group.
	Receives []string `json:"receives"`
	// Archive lists the subscription destinations that copy events out (Firehose, Kinesis,
	// Lambda, another log destination).
	Archive []string `json:"archive"`
	// ErrorFilters lists the metric filters that catch error patterns, each with whether
	// an effective alarm watches its metric.
	ErrorFilters []ErrorFilterLink `json:"error_filters"`
}

// ErrorFilterLink is a metric filter that turns error patterns into a metric.
type ErrorFilterLink struct {
	Filter string `json:"filter"`
	// Catches lists what the pattern catches: "error", "out_of_memory", "auth_failure".
	Catches []string `json:"catches"`
	Metric  string   `json:"metric"`
	// Alarmed is yes when an effective alarm watches the metric; unknown when it cannot be
	// decided.
	Alarmed string   `json:"alarmed"`
	Alarms  []string `json:"alarms"`
}
