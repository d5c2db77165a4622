package inventory

// DynamoDBTable is a DynamoDB table.
type DynamoDBTable struct {
	Meta
	Status string `json:"status"`
	// BillingMode is PROVISIONED or PAY_PER_REQUEST.
	BillingMode         string   `json:"billing_mode"`
	ReadCapacity        int      `json:"read_capacity"`
	WriteCapacity       int      `json:"write_capacity"`
	GlobalIndexes       []string `json:"global_indexes"`
	ReplicaRegions      []string `json:"replica_regions"`
	StreamEnabled       bool     `json:"stream_enabled"`
	PointInTimeRecovery *bool    `json:"point_in_time_recovery" jsonschema:"nullable"`
	// ContributorInsights is ENABLED, DISABLED, ...; empty when not collected.
	ContributorInsights string `json:"contributor_insights"`
	// AutoScaling lists the scalable dimensions with an Application Auto Scaling target
	// (dynamodb:table:ReadCapacityUnits, ...).
	AutoScaling []string     `json:"auto_scaling"`
	Posture     StorePosture `json:"posture"`
}
