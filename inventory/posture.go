package inventory

// Coverage says whether something is recorded, by what, and why not when it is not.
type Coverage struct {
	// Status is yes, no or unknown.
	Status string `json:"status,omitempty"`
	// By lists the resources (trail ids) that provide the coverage.
	By []string `json:"by,omitempty"`
	// Reason explains a "no" or "unknown".
	Reason string `json:"reason,omitempty"`
}

// DataEventCoverage is the CloudTrail data event coverage of one store (or, for the account,
// of all S3 buckets), per direction.
type DataEventCoverage struct {
	Read  Coverage `json:"read,omitempty"`
	Write Coverage `json:"write,omitempty"`
}

// StorePosture is what Resolve derives for one data store. It is the same for every store
// type so that generic rules (alarm coverage, trail coverage) read one shape.
type StorePosture struct {
	// Alarms are the metric alarms that read one of the store's metrics.
	Alarms []AlarmLink `json:"alarms,omitempty"`
	// UnresolvedAlarms lists the alarms that might watch this store once a plan is applied:
	// the plan leaves unknown until apply which metric they read (a dimension's value, the
	// dimensions, namespace or metric name, a query's account, or the metric queries
	// themselves), and what it does know does not rule the store out.
	UnresolvedAlarms []string `json:"unresolved_alarms,omitempty"`
	// UnresolvedReasons says, for each of UnresolvedAlarms, what the plan leaves unknown.
	UnresolvedReasons []UnresolvedAlarm `json:"unresolved_reasons,omitempty"`
	// AlarmsKnown is no when not every alarm that may read the store's metrics could be
	// listed: UnlistedAlarmAccounts is not empty.
	AlarmsKnown string `json:"alarms_known,omitempty"`
	// UnlistedAlarmAccounts are the accounts whose alarms in the store's region could not be
	// listed (cloudwatch:DescribeAlarms failed) and that may hold an alarm on its metrics:
	// the store's own account, and any other account known to read other accounts' metrics
	// (an alarm of it in the snapshot has a metric-math query naming another account, or
	// one a plan leaves unknown), whose cross-account alarms may read the store's. An account
	// without such an alarm in the snapshot is not counted, one whose alarms could not be
	// listed in any region among them.
	UnlistedAlarmAccounts []string `json:"unlisted_alarm_accounts,omitempty"`
	// Logs are the store's exported logs, one entry per log type.
	Logs []LogLink `json:"logs,omitempty"`
	// ManagementEvents is the coverage of the store's control-plane API calls.
	ManagementEvents Coverage `json:"management_events,omitempty"`
	// IntegrityValidated is yes when a trail that records the store's management events
	// validates its log files.
	IntegrityValidated Coverage `json:"integrity_validated,omitempty"`
	// DataEvents is set for the store types CloudTrail records data events of (S3
	// objects, DynamoDB items, the RDS Data API).
	DataEvents *DataEventCoverage `json:"data_events,omitempty" jsonschema:"nullable"`
	// EventSubscriptions are the enabled event subscriptions that cover the store.
	EventSubscriptions []string `json:"event_subscriptions,omitempty"`
	// EventNotification says whether the store's events reach a person: through an
	// enabled event subscription (RDS, DocumentDB, Neptune, Redshift) or the store's own
	// notification topic (ElastiCache, MemoryDB) whose SNS topic has a confirmed
	// subscriber. By lists the subscriptions or topic that do. Status is empty for store
	// types without event notifications.
	EventNotification Coverage `json:"event_notification,omitempty"`
	// Notification is the resolution of the store's own notification topic (ElastiCache,
	// MemoryDB), if it has one.
	Notification *ActionTarget `json:"notification,omitempty" jsonschema:"nullable"`
	// InsightsKMSKeyManager is who manages the KMS key of the store's Performance Insights
	// data (RDS): CUSTOMER, AWS, or "" when Performance Insights is off or the key is not
	// in the snapshot.
	InsightsKMSKeyManager string `json:"insights_kms_key_manager,omitempty"`
	// RecommendedAlarms is how the store measures up to the recommended-alarm table; nil
	// for stores the table does not judge: members of Aurora, DocumentDB, Neptune and
	// Multi-AZ clusters, judged with their cluster, members of ElastiCache replication
	// groups, judged with their group, and clusters of unknown engines.
	RecommendedAlarms *RecommendedAlarms `json:"recommended_alarms,omitempty" jsonschema:"nullable"`
}

// AlarmLink is an alarm that watches one metric of a store.
type AlarmLink struct {
	Alarm              string   `json:"alarm,omitempty"`
	Name               string   `json:"name"`
	Namespace          string   `json:"namespace,omitempty"`
	Metric             string   `json:"metric,omitempty"`
	Statistic          string   `json:"statistic,omitempty"`
	Threshold          *float64 `json:"threshold,omitempty" jsonschema:"nullable"`
	ComparisonOperator string   `json:"comparison_operator,omitempty"`
	Period             int      `json:"period,omitempty"`
	EvaluationPeriods  int      `json:"evaluation_periods,omitempty"`
	// DatapointsToAlarm is the M of an "M out of N" alarm: the alarm's own, or
	// EvaluationPeriods when it sets none (as CloudWatch does).
	DatapointsToAlarm int `json:"datapoints_to_alarm,omitempty"`
	// ViaMetricMath is true when the metric feeds a metric-math expression that the alarm
	// compares with its threshold (a returned query is compared as it is: false).
	ViaMetricMath bool `json:"via_metric_math,omitempty"`
	// Index is the DynamoDB global secondary index the metric is limited to
	// (GlobalSecondaryIndexName): the alarm watches the index, not the table's own metric,
	// which CloudWatch reports without the index.
	Index string `json:"index,omitempty"`
	// Effective, Problems and SelfHealing are copied from the alarm's posture.
	Effective   string   `json:"effective,omitempty"`
	Problems    []string `json:"problems,omitempty"`
	SelfHealing bool     `json:"self_healing,omitempty"`
	// ActionsUnknown is true when a plan leaves the alarm's ALARM actions unknown until
	// apply: SelfHealing false then means "not known to heal", not "does not heal".
	ActionsUnknown bool `json:"actions_unknown,omitempty"`
}

// UnresolvedAlarm is an alarm that might watch a store once a plan is applied, and what
// about the metrics it reads the plan leaves unknown until then.
type UnresolvedAlarm struct {
	Alarm   string   `json:"alarm"`
	Reasons []string `json:"reasons"`
}

// LogLink is one log type a store exports and the log group it lands in.
type LogLink struct {
	Type     string `json:"type"`
	LogGroup string `json:"log_group,omitempty"`
	// Destination is cloudwatch-logs (the default), s3 or kinesis-firehose.
	Destination string           `json:"destination,omitempty"`
	Group       *LogGroupSummary `json:"group,omitempty" jsonschema:"nullable"`
}

// LogGroupSummary is the governance of a log group as a store or trail sees it.
type LogGroupSummary struct {
	Name string `json:"name"`
	// Found is yes when the group is in the snapshot, no when its region was listed and it
	// is not there, unknown when the listing failed.
	Found string `json:"found,omitempty"`
	// RetentionDays is nil when the group never expires events (or was not found).
	RetentionDays *int   `json:"retention_days,omitempty" jsonschema:"nullable"`
	KMSEncrypted  bool   `json:"kms_encrypted,omitempty"`
	KMSKeyManager string `json:"kms_key_manager,omitempty"`
	// KMSKeyState is the state of the group's key, as LogGroupPosture.KMSKeyState.
	KMSKeyState string `json:"kms_key_state,omitempty"`
	// Archived is true when a subscription filter copies events out of the group.
	Archived     bool              `json:"archived,omitempty"`
	ErrorFilters []ErrorFilterLink `json:"error_filters,omitempty"`
	// Unknown names the facts of the group that could not be established, so a rule
	// cannot judge them: retention_days and kms_key_id left unknown by a plan,
	// metric_filters and subscription_filters whose listing failed.
	Unknown []string `json:"unknown,omitempty"`
	// Reason says why Found is unknown: the listing that failed, the Terraform plan that
	// does not hold the group, or the account outside the snapshot.
	Reason string `json:"reason,omitempty"`
}

// MetricFilterControl is the resolution of one CIS metric-filter control for an account.
type MetricFilterControl struct {
	// Control is the catalog key, for example "MF-01".
	Control string `json:"control,omitempty"`
	// Status is yes when a complete chain exists, no when none does, unknown when a link
	// could not be collected.
	Status string `json:"status,omitempty"`
	// Chain is the best chain found (complete when Status is yes).
	Chain *MetricFilterChain `json:"chain,omitempty" jsonschema:"nullable"`
	// Reason explains a "no" or "unknown": which link is missing.
	Reason string `json:"reason,omitempty"`
}

// MetricFilterChain is trail → log group → metric filter → alarm → SNS topic.
type MetricFilterChain struct {
	Trail    string `json:"trail,omitempty"`
	LogGroup string `json:"log_group,omitempty"`
	Filter   string `json:"filter,omitempty"`
	Metric   string `json:"metric,omitempty"`
	// Namespace is the namespace of Metric.
	Namespace string `json:"namespace,omitempty"`
	Alarm     string `json:"alarm,omitempty"`
	Topic     string `json:"topic,omitempty"`
}

// RecommendedAlarms is how a store measures up to the recommended-alarm table
// (docs/recommended-alarms.md) with the rules' parameters applied: what rules SW-MA-01,
// SW-MA-02 and SW-AH-06 judge, resolved once so that the rules only word the failures.
type RecommendedAlarms struct {
	// Kind is the table's kind of store (rds_instance, aurora_mysql, s3_bucket, ...).
	Kind string `json:"kind"`
	// Metrics counts the metrics the table recommends for the kind.
	Metrics int `json:"metrics,omitempty"`
	// Missing lists, sorted, the metrics the store requires an alarm on (SW-MA-01) that no
	// alarm reads, directly or through metric math.
	Missing []string `json:"missing,omitempty"`
	// Undecided lists, sorted, the metrics no alarm reads that the store requires only if
	// a trait a plan leaves unknown until apply holds (a new ElastiCache replication group
	// whose replicas are unknown: ReplicationLag). SW-MA-01 is unknown on them, never a pass.
	Undecided []string `json:"undecided,omitempty"`
	// Settings judges, for each recommended metric some alarm reads, the alarms' settings
	// against the recommendation (SW-MA-02), in table order.
	Settings []MetricSettings `json:"settings,omitempty"`
	// Automation is yes when an alarm on a critical metric runs automation (Auto Scaling,
	// Systems Manager, Lambda), no when alarms read critical metrics and none does, unknown
	// when none is known to and a plan leaves the actions of some unknown, "" when no alarm
	// reads a critical metric (SW-AH-06).
	Automation string `json:"automation,omitempty"`
	// AutomationAlarms are the alarms Automation was judged on: for no, every alarm on a
	// critical metric; for unknown, those whose actions are unknown; for yes, those that
	// run automation. Sorted.
	AutomationAlarms []string `json:"automation_alarms,omitempty"`
}

// MetricSettings compares the alarms on one recommended metric with its recommended settings.
type MetricSettings struct {
	Metric      string              `json:"metric,omitempty"`
	Recommended RecommendedSettings `json:"recommended,omitempty"`
	// Status is yes when an alarm that reads the metric directly has the recommended
	// settings, no when alarms read it directly and none has, unknown when alarms read it
	// only through metric math, whose settings cannot be compared.
	Status string `json:"status,omitempty"`
	// Alarms are the alarms that read the metric directly, with how each deviates.
	Alarms []AlarmDeviation `json:"alarms,omitempty"`
}

// RecommendedSettings are the settings of a row of the table; nil values are not judged.
type RecommendedSettings struct {
	Statistic  string   `json:"statistic,omitempty"`
	Comparison string   `json:"comparison,omitempty"`
	Threshold  *float64 `json:"threshold,omitempty" jsonschema:"nullable"`
	Period     *int     `json:"period,omitempty" jsonschema:"nullable"`
	Datapoints *int     `json:"datapoints,omitempty" jsonschema:"nullable"`
}

// AlarmDeviation is one alarm on a recommended metric and the settings in which it misses
// the recommendation.
type AlarmDeviation struct {
	Name               string   `json:"name"`
	ComparisonOperator string   `json:"comparison_operator,omitempty"`
	Statistic          string   `json:"statistic,omitempty"`
	Threshold          *float64 `json:"threshold,omitempty" jsonschema:"nullable"`
	// Window is the seconds of breaching data the alarm needs to fire: its period times its
	// datapoints to alarm.
	Window int `json:"window,omitempty"`
	// Deviations names the settings that miss: direction, statistic, threshold and window,
	// in that order. Empty when the alarm has the recommended settings.
	Deviations []string `json:"deviations,omitempty"`
}
