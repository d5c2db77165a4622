package inventory

// ElastiCacheCluster is an ElastiCache replication group (Redis OSS, Valkey) or a standalone
// cache cluster (Memcached, or Redis without a group); Meta.Type says which.
type ElastiCacheCluster struct {
	Meta
	Engine        string   `json:"engine,omitempty"`
	EngineVersion string   `json:"engine_version,omitempty"`
	NodeType      string   `json:"node_type,omitempty"`
	Status        string   `json:"status,omitempty"`
	Members       []string `json:"members,omitempty"`
	// NodeGroups is the number of node groups (shards) of a replication group, each with
	// one primary node among Members; 0 when not known.
	NodeGroups int `json:"node_groups,omitempty"`
	// Replicas is the number of read replicas of a replication group when the source says
	// it without naming the members: a plan's configuration (num_node_groups ×
	// replicas_per_node_group, or num_cache_clusters), whose member clusters are made at apply.
	// Nil when not known: the members and node groups tell, and when a plan leaves both
	// unknown, UnknownFields names replicas.
	Replicas *int `json:"replicas,omitempty"`
	// ReplicationGroupID is set on a cache cluster that belongs to a replication group.
	ReplicationGroupID string                   `json:"replication_group_id,omitempty"`
	LogDelivery        []ElastiCacheLogDelivery `json:"log_delivery,omitempty"`
	NotificationTopic  string                   `json:"notification_topic,omitempty"`
	Posture            StorePosture             `json:"posture,omitempty"`
}

// ElastiCacheLogDelivery is one log delivery configuration.
type ElastiCacheLogDelivery struct {
	// LogType is slow-log or engine-log.
	LogType string `json:"log_type,omitempty"`
	// DestinationType is cloudwatch-logs or kinesis-firehose.
	DestinationType string `json:"destination_type,omitempty"`
	Destination     string `json:"destination,omitempty"`
	Format          string `json:"format,omitempty"`
	// Status is active, enabling, modifying, disabling, error.
	Status string `json:"status,omitempty"`
}
