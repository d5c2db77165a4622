package inventory

// SNSTopic is an SNS topic with its subscriptions.
type SNSTopic struct {
	Meta
	KMSKeyID      string         `json:"kms_key_id,omitempty"`
	Subscriptions []Subscription `json:"subscriptions,omitempty"`
	Posture       struct {
		// ConfirmedSubscribers counts subscriptions that are not pending confirmation.
		ConfirmedSubscribers int `json:"confirmed_subscribers,omitempty"`
		// UsedBy lists alarms and event subscriptions that send to the topic.
		UsedBy []string `json:"used_by,omitempty"`
	} `json:"posture,omitempty"`
}

// PendingConfirmationARN is the ARN SNS lists for a subscription its endpoint has not
// confirmed: such a subscription delivers nothing.
const PendingConfirmationARN = "PendingConfirmation"

// Subscription is an SNS subscription. Endpoints (email addresses, URLs with tokens) are
// redacted by default when a snapshot is collected.
type Subscription struct {
	ARN       string `json:"arn,omitempty"`
	Protocol  string `json:"protocol,omitempty"`
	Endpoint  string `json:"endpoint,omitempty"`
	Confirmed bool   `json:"confirmed,omitempty"`
	// Owner is the account that owns the subscription, when the collector read it. It may
	// differ from the topic's: a central operations account often subscribes its own queue
	// or function to a workload account's alarm topic.
	Owner string `json:"owner,omitempty"`
}

// EventSubscription is an RDS (also DocumentDB and Neptune) or Redshift event
// notification subscription.
type EventSubscription struct {
	Meta
	// Service is rds or redshift.
	Service    string `json:"service"`
	SourceType string `json:"source_type,omitempty"`
	// EventCategories empty means all categories.
	EventCategories []string `json:"event_categories,omitempty"`
	SourceIDs       []string `json:"source_ids,omitempty"`
	// Severity is the Redshift severity filter (ERROR, INFO).
	Severity    string `json:"severity,omitempty"`
	Enabled     bool   `json:"enabled,omitempty"`
	SNSTopicARN string `json:"sns_topic_arn,omitempty"`
	Status      string `json:"status,omitempty"`
	Posture     struct {
		// Notified is yes when the topic has a confirmed subscriber.
		Notified string `json:"notified,omitempty"`
	} `json:"posture,omitempty"`
}
