package inventory

// DynamoDBTable is a DynamoDB table.
type DynamoDBTable struct {
	Meta
	Status string `json:"status,omitempty"`
	// BillingMode is PROVISIONED or PAY_PER_REQUEST.
	BillingMode         string   `json:"billing_mode,omitempty"`
	ReadCapacity        int      `json:"read_capacity,omitempty"`
	WriteCapacity       int      `json:"write_capacity,omitempty"`
	GlobalIndexes       []string `json:"global_indexes,omitempty"`
	ReplicaRegions      []string `json:"replica_regions,omitempty"`
	StreamEnabled       bool     `json:"stream_enabled,omitempty"`
	PointInTimeRecovery *bool    `json:"point_in_time_recovery,omitempty" jsonschema:"nullable"`
	// ContributorInsights is ENABLED, DISABLED, ...; empty when not collected.
	ContributorInsights string `json:"contributor_insights,omitempty"`
	// AutoScaling lists the scalable dimensions with an Application Auto Scaling target
	// (dynamodb:table:ReadCapacityUnits, ...).
	AutoScaling []string     `json:"auto_scaling,omitempty"`
	Posture     StorePosture `json:"posture,omitempty"`
}
