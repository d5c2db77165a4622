package inventory

import "time"

// Alarm is a CloudWatch metric alarm, on one metric or on a metric-math expression.
type Alarm struct {
	Meta
	Namespace  string      `json:"namespace,omitempty"`
	MetricName string      `json:"metric_name,omitempty"`
	Dimensions []Dimension `json:"dimensions,omitempty"`
	// MetricsUnknown is set when a plan leaves the alarm's metric-math queries unknown until
	// apply, even how many there are (a dynamic metric_query block over a collection known
	// only then): Metrics is empty, and the alarm may read any metric of any account in its
	// Region, so which stores it watches is undecided.
	MetricsUnknown bool `json:"metrics_unknown,omitempty"`
	// Metrics holds the queries of a metric-math alarm.
	Metrics            []MetricQuery `json:"metrics,omitempty"`
	Statistic          string        `json:"statistic,omitempty"`
	ExtendedStatistic  string        `json:"extended_statistic,omitempty"`
	Period             int           `json:"period,omitempty"`
	EvaluationPeriods  int           `json:"evaluation_periods,omitempty"`
	DatapointsToAlarm  int           `json:"datapoints_to_alarm,omitempty"`
	Threshold          *float64      `json:"threshold,omitempty" jsonschema:"nullable"`
	ComparisonOperator string        `json:"comparison_operator,omitempty"`
	TreatMissingData   string        `json:"treat_missing_data,omitempty"`

	ActionsEnabled          bool     `json:"actions_enabled,omitempty"`
	AlarmActions            []string `json:"alarm_actions,omitempty"`
	OKActions               []string `json:"ok_actions,omitempty"`
	InsufficientDataActions []string `json:"insufficient_data_actions,omitempty"`

	// StateValue is OK, ALARM or INSUFFICIENT_DATA; empty for a planned alarm.
	StateValue     string     `json:"state_value,omitempty"`
	StateUpdatedAt *time.Time `json:"state_updated_at,omitempty" jsonschema:"nullable"`

	Posture AlarmPosture `json:"posture,omitempty"`
}

// Dimension is a metric dimension. In a plan the value may be unknown until apply; Ref then
// names the snapshot resource (by id) whose attribute the value comes from.
type Dimension struct {
	Name  string `json:"name"`
	Value string `json:"value,omitempty"`
	Ref   string `json:"ref,omitempty"`
}

// MetricQuery is one query of a metric-math alarm.
type MetricQuery struct {
	ID         string `json:"id"`
	Expression string `json:"expression,omitempty"`
	// ReturnData is true for the query whose result the alarm compares with its threshold.
	// CloudWatch takes an omitted ReturnData as true, and the collector stores it so; a
	// Terraform plan's return_data left out is false, which the AWS provider sends as such.
	ReturnData bool        `json:"return_data,omitempty"`
	MetricStat *MetricStat `json:"metric_stat,omitempty" jsonschema:"nullable"`
	// AccountID is the account whose metric the query reads, for a cross-account alarm
	// (CloudWatch cross-account observability); empty for the alarm's own account. Only a
	// metric-math query can name another account: an alarm's own metric is always in its
	// account.
	AccountID string `json:"account_id,omitempty"`
	// AccountUnknown is set when a plan leaves the query's account_id unknown until apply:
	// the query may read a metric of any account, so which store it watches is undecided.
	AccountUnknown bool `json:"account_unknown,omitempty"`
	// MetricStatUnknown is set when a plan leaves the query's metric block unknown until
	// apply (a dynamic block over a collection known only then): MetricStat is nil, and the
	// query may read any metric of its account, so which store it watches is undecided.
	MetricStatUnknown bool `json:"metric_stat_unknown,omitempty"`
}

// MetricStat is the metric a query reads.
type MetricStat struct {
	Namespace  string      `json:"namespace,omitempty"`
	MetricName string      `json:"metric_name,omitempty"`
	Dimensions []Dimension `json:"dimensions,omitempty"`
	Stat       string      `json:"stat,omitempty"`
	Period     int         `json:"period,omitempty"`
	// UnknownFields names the fields of the metric (by their JSON name) whose value a plan
	// leaves unknown until apply, as Meta.UnknownFields does for the alarm's own metric:
	// an unknown namespace, metric_name or dimensions leaves the stores the query watches
	// undecided. dimensions is listed for one unknown value too; that dimension is kept
	// with its name and no value, so only a whole map unknown leaves Dimensions empty.
	UnknownFields []string `json:"unknown_fields,omitempty"`
}

// CompositeAlarm is a CloudWatch composite alarm.
type CompositeAlarm struct {
	Meta
	AlarmRule               string   `json:"alarm_rule,omitempty"`
	ActionsEnabled          bool     `json:"actions_enabled,omitempty"`
	AlarmActions            []string `json:"alarm_actions,omitempty"`
	OKActions               []string `json:"ok_actions,omitempty"`
	InsufficientDataActions []string `json:"insufficient_data_actions,omitempty"`
	StateValue              string   `json:"state_value,omitempty"`
	Posture                 struct {
		// Children are the alarms named in the rule.
		Children []string `json:"children,omitempty"`
		// Actions is the resolution of the composite's ALARM actions.
		Actions []ActionTarget `json:"actions,omitempty"`
		// Effective is yes when the composite's actions are enabled and one reaches a
		// person or automation, its own or a parent composite's; no otherwise; unknown
		// when that cannot be decided.
		Effective string `json:"effective,omitempty"`
		// Problems explains every reason Effective is not yes.
		Problems []string `json:"problems,omitempty"`
		// ReachesVia are the parent composite alarms through which it reaches someone
		// when its own actions do not.
		ReachesVia []string `json:"reaches_via,omitempty"`
	} `json:"posture,omitempty"`
}

// AlarmPosture is what Resolve derives for an alarm.
type AlarmPosture struct {
	// Actions resolves each ALARM-state action.
	Actions []ActionTarget `json:"actions,omitempty"`
	// Notifies is yes when an ALARM action reaches a person: an SNS topic with a confirmed
	// subscriber; unknown when a topic's subscriptions could not be read.
	Notifies string `json:"notifies,omitempty"`
	// SelfHealing is true when an ALARM action runs automation: Auto Scaling, Systems
	// Manager (OpsItem/Automation), Lambda or an EC2 action.
	SelfHealing bool `json:"self_healing,omitempty"`
	// Effective is yes when the alarm is not stuck in INSUFFICIENT_DATA and reaches a
	// person or automation: its actions are enabled and one of them does, or a parent
	// composite alarm does; no otherwise; unknown when that cannot be decided.
	Effective string `json:"effective,omitempty"`
	// Problems explains every reason Effective is not yes.
	Problems []string `json:"problems,omitempty"`
	// ActionProblems are the reasons the alarm's own ALARM actions do not, or may not,
	// reach anyone, whatever its parents do (rules on the alarm's own topics read them).
	ActionProblems []string `json:"action_problems,omitempty"`
	// ReachesVia are the parent composite alarms through which the alarm reaches someone
	// when its own actions do not, and it is not stuck.
	ReachesVia []string `json:"reaches_via,omitempty"`
	// Watches are the data stores whose metrics the alarm reads.
	Watches []string `json:"watches,omitempty"`
	// ParentComposites are the composite alarms that include this alarm.
	ParentComposites []string `json:"parent_composites,omitempty"`
	// StuckDays is how long the alarm has been in INSUFFICIENT_DATA, at collection time.
	StuckDays int `json:"stuck_days,omitempty"`
	// Orphaned is yes when a dimension names a data store that does not exist (its listing
	// succeeded and did not return it), unknown when that cannot be established (a failed
	// listing, a plan that need not hold every store, a dimension unknown until apply), no
	// otherwise, including for alarms on metrics of resources storewatch does not model.
	Orphaned string `json:"orphaned,omitempty"`
	// MissingResources are the "Dimension=value" pairs that name no existing store.
	MissingResources []string `json:"missing_resources,omitempty"`
}

// Action kinds.
const (
	ActionSNS         = "sns"
	ActionAutoScaling = "autoscaling"
	ActionSSM         = "ssm"
	ActionLambda      = "lambda"
	ActionEC2         = "ec2"
	ActionOther       = "other"
)

// ActionTarget is one alarm action, resolved.
type ActionTarget struct {
	ARN  string `json:"arn,omitempty"`
	Kind string `json:"kind"`
	// ConfirmedSubscribers is set for SNS topics in the snapshot; nil when the topic is not
	// in the snapshot or its subscriptions could not be read.
	ConfirmedSubscribers *int `json:"confirmed_subscribers,omitempty" jsonschema:"nullable"`
}
