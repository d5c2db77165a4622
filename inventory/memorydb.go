package inventory

// MemoryDBCluster is a MemoryDB cluster.
type MemoryDBCluster struct {
	Meta
	NodeType       string       `json:"node_type"`
	EngineVersion  string       `json:"engine_version"`
	Status         string       `json:"status"`
	NumShards      int          `json:"num_shards"`
	ParameterGroup string       `json:"parameter_group"`
	SNSTopicARN    string       `json:"sns_topic_arn"`
	Posture        StorePosture `json:"posture"`
}
