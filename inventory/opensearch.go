package inventory

// OpenSearchDomain is an OpenSearch Service (or legacy Elasticsearch) domain.
type OpenSearchDomain struct {
	Meta
	EngineVersion           string `json:"engine_version"`
	InstanceCount           int    `json:"instance_count"`
	DedicatedMasterEnabled  bool   `json:"dedicated_master_enabled"`
	AdvancedSecurityEnabled bool   `json:"advanced_security_enabled"`
	// LogPublishing lists the configured log types (AUDIT_LOGS, ES_APPLICATION_LOGS,
	// SEARCH_SLOW_LOGS, INDEX_SLOW_LOGS), enabled or not.
	LogPublishing []OpenSearchLogPublishing `json:"log_publishing"`
	Posture       StorePosture              `json:"posture"`
}

// OpenSearchLogPublishing is one log publishing option of a domain.
type OpenSearchLogPublishing struct {
	LogType     string `json:"log_type"`
	Enabled     bool   `json:"enabled"`
	LogGroupARN string `json:"log_group_arn"`
}
