package inventory

// ElastiCacheCluster is an ElastiCache replication group (Redis OSS, Valkey) or a standalone
// cache cluster (Memcached, or Redis without a group); Meta.Type says which.
type ElastiCacheCluster struct {
	Meta
	Engine        string   `json:"engine"`
	EngineVersion string   `json:"engine_version"`
	NodeType      string   `json:"node_type"`
	Status        string   `json:"status"`
	Members       []string `json:"members"`
	// ReplicationGroupID is set on a cache cluster that belongs to a replication group.
	ReplicationGroupID string                   `json:"replication_group_id"`
	LogDelivery        []ElastiCacheLogDelivery `json:"log_delivery"`
	NotificationTopic  string                   `json:"notification_topic"`
	Posture            StorePosture             `json:"posture"`
}

// ElastiCacheLogDelivery is one log delivery configuration.
type ElastiCacheLogDelivery struct {
	// LogType is slow-log or engine-log.
	LogType string `json:"log_type"`
	// DestinationType is cloudwatch-logs or kinesis-firehose.
	DestinationType string `json:"destination_type"`
	Destination     string `json:"destination"`
	Format          string `json:"format"`
	// Status is active, enabling, modifying, disabling, error.
	Status string `json:"status"`
}
