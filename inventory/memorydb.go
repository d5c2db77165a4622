package inventory

// MemoryDBCluster is a MemoryDB cluster.
type MemoryDBCluster struct {
	Meta
	NodeType       string       `json:"node_type,omitempty"`
	EngineVersion  string       `json:"engine_version,omitempty"`
	Status         string       `json:"status,omitempty"`
	NumShards      int          `json:"num_shards,omitempty"`
	ParameterGroup string       `json:"parameter_group,omitempty"`
	SNSTopicARN    string       `json:"sns_topic_arn,omitempty"`
	Posture        StorePosture `json:"posture,omitempty"`
}
