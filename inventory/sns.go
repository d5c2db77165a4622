package inventory

// SNSTopic is an SNS topic with its subscriptions.
type SNSTopic struct {
	Meta
	KMSKeyID      string         `json:"kms_key_id"`
	Subscriptions []Subscription `json:"subscriptions"`
	Posture       struct {
		// ConfirmedSubscribers counts subscriptions that are not pending confirmation.
		ConfirmedSubscribers int `json:"confirmed_subscribers"`
		// UsedBy lists the alarms, composite alarms, event subscriptions, stores (ElastiCache
		// and MemoryDB notification topics, S3 bucket notifications) that send to the topic.
		UsedBy []string `json:"used_by"`
	} `json:"posture"`
}

// Subscription is an SNS subscription. Endpoints (email addresses, URLs with tokens) are
// redacted by default when a snapshot is collected.
type Subscription struct {
	ARN       string `json:"arn"`
	Protocol  string `json:"protocol"`
	Endpoint  string `json:"endpoint"`
	Confirmed bool   `json:"confirmed"`
}

// EventSubscription is an RDS (also DocumentDB and Neptune) or Redshift event
// notification subscription.
type EventSubscription struct {
	Meta
	// Service is rds or redshift.
	Service    string `json:"service"`
	SourceType string `json:"source_type"`
	// EventCategories empty means all categories.
	EventCategories []string `json:"event_categories"`
	SourceIDs       []string `json:"source_ids"`
	// Severity is the Redshift severity filter (ERROR, INFO).
	Severity    string `json:"severity"`
	Enabled     bool   `json:"enabled"`
	SNSTopicARN string `json:"sns_topic_arn"`
	Status      string `json:"status"`
	Posture     struct {
		// Notified is yes when the topic has a confirmed subscriber.
		Notified string `json:"notified"`
	} `json:"posture"`
}
