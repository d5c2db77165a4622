package inventory

// OpenSearchDomain is an OpenSearch Service (or legacy Elasticsearch) domain.
type OpenSearchDomain struct {
	Meta
	EngineVersion           string `json:"engine_version,omitempty"`
	InstanceCount           int    `json:"instance_count,omitempty"`
	DedicatedMasterEnabled  bool   `json:"dedicated_master_enabled,omitempty"`
	AdvancedSecurityEnabled bool   `json:"advanced_security_enabled,omitempty"`
	// LogPublishing lists the configured log types (AUDIT_LOGS, ES_APPLICATION_LOGS,
	// SEARCH_SLOW_LOGS, INDEX_SLOW_LOGS), enabled or not.
	LogPublishing []OpenSearchLogPublishing `json:"log_publishing,omitempty"`
	Posture       StorePosture              `json:"posture,omitempty"`
}

// OpenSearchLogPublishing is one log publishing option of a domain.
type OpenSearchLogPublishing struct {
	LogType     string `json:"log_type,omitempty"`
	Enabled     bool   `json:"enabled,omitempty"`
	LogGroupARN string `json:"log_group_arn,omitempty"`
}
