package inventory

import "time"

// Alarm is a CloudWatch metric alarm, on one metric or on a metric-math expression.
type Alarm struct {
	Meta
	Namespace  string      `json:"namespace"`
	MetricName string      `json:"metric_name"`
	Dimensions []Dimension `json:"dimensions"`
	// Metrics holds the queries of a metric-math alarm.
	Metrics            []MetricQuery `json:"metrics"`
	Statistic          string        `json:"statistic"`
	ExtendedStatistic  string        `json:"extended_statistic"`
	Period             int           `json:"period"`
	EvaluationPeriods  int           `json:"evaluation_periods"`
	DatapointsToAlarm  int           `json:"datapoints_to_alarm"`
	Threshold          *float64      `json:"threshold" jsonschema:"nullable"`
	ComparisonOperator string        `json:"comparison_operator"`
	TreatMissingData   string        `json:"treat_missing_data"`

	ActionsEnabled          bool     `json:"actions_enabled"`
	AlarmActions            []string `json:"alarm_actions"`
	OKActions               []string `json:"ok_actions"`
	InsufficientDataActions []string `json:"insufficient_data_actions"`

	// StateValue is OK, ALARM or INSUFFICIENT_DATA; empty for a planned alarm.
	StateValue     string     `json:"state_value"`
	StateUpdatedAt *time.Time `json:"state_updated_at" jsonschema:"nullable"`

	Posture AlarmPosture `json:"posture"`
}

// Dimension is a metric dimension. In a plan the value may be unknown until apply; Ref then
// names the snapshot resource (by id) whose attribute the value comes from.
type Dimension struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	Ref   string `json:"ref"`
}

// MetricQuery is one query of a metric-math alarm.
type MetricQuery struct {
	ID         string      `json:"id"`
	Expression string      `json:"expression"`
	ReturnData bool        `json:"return_data"`
	MetricStat *MetricStat `json:"metric_stat" jsonschema:"nullable"`
}

// MetricStat is the metric a query reads.
type MetricStat struct {
	Namespace  string      `json:"namespace"`
	MetricName string      `json:"metric_name"`
	Dimensions []Dimension `json:"dimensions"`
	Stat       string      `json:"stat"`
	Period     int         `json:"period"`
}

// CompositeAlarm is a CloudWatch composite alarm.
type CompositeAlarm struct {
	Meta
	AlarmRule               string   `json:"alarm_rule"`
	ActionsEnabled          bool     `json:"actions_enabled"`
	AlarmActions            []string `json:"alarm_actions"`
	OKActions               []string `json:"ok_actions"`
	InsufficientDataActions []string `json:"insufficient_data_actions"`
	StateValue              string   `json:"state_value"`
	Posture                 struct {
		// Children are the alarms named in the rule.
		Children []string `json:"children"`
		// Actions is the resolution of the composite's ALARM actions.
		Actions []ActionTarget `json:"actions"`
	} `json:"posture"`
}

// AlarmPosture is what Resolve derives for an alarm.
type AlarmPosture struct {
	// Actions resolves each ALARM-state action.
	Actions []ActionTarget `json:"actions"`
	// Notifies is yes when an ALARM action reaches a person: an SNS topic with a confirmed
	// subscriber; unknown when a topic's subscriptions could not be read.
	Notifies string `json:"notifies"`
	// SelfHealing is true when an ALARM action runs automation: Auto Scaling, Systems
	// Manager (OpsItem/Automation), Lambda or an EC2 action.
	SelfHealing bool `json:"self_healing"`
	// Effective is yes when actions are enabled, an ALARM action notifies, and the alarm is
	// not stuck in INSUFFICIENT_DATA; no otherwise; unknown when that cannot be decided.
	Effective string `json:"effective"`
	// Problems explains every reason Effective is not yes.
	Problems []string `json:"problems"`
	// Watches are the data stores whose metrics the alarm reads.
	Watches []string `json:"watches"`
	// ParentComposites are the composite alarms that include this alarm.
	ParentComposites []string `json:"parent_composites"`
	// StuckDays is how long the alarm has been in INSUFFICIENT_DATA, at collection time.
	StuckDays int `json:"stuck_days"`
	// Orphaned is yes when a dimension names a data store that does not exist (its listing
	// succeeded and did not return it), unknown when that cannot be established (a failed
	// listing, a plan that need not hold every store, a dimension unknown until apply), no
	// otherwise, including for alarms on metrics of resources storewatch does not model.
	Orphaned string `json:"orphaned"`
	// MissingResources are the "Dimension=value" pairs that name no existing store.
	MissingResources []string `json:"missing_resources"`
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
	ARN  string `json:"arn"`
	Kind string `json:"kind"`
	// ConfirmedSubscribers is set for SNS topics in the snapshot; nil when the topic is not
	// in the snapshot or its subscriptions could not be read.
	ConfirmedSubscribers *int `json:"confirmed_subscribers" jsonschema:"nullable"`
}
