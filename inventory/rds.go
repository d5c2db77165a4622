package inventory

// DBInstance is an RDS DB instance: a standalone instance of any engine, or a member of an
// Aurora, DocumentDB or Neptune cluster (then ClusterID is set).
type DBInstance struct {
	Meta
	Engine           string `json:"engine"`
	EngineVersion    string `json:"engine_version"`
	InstanceClass    string `json:"instance_class"`
	Status           string `json:"status"`
	ClusterID        string `json:"cluster_id"`
	ReplicaSourceID  string `json:"replica_source_id"`
	AllocatedStorage int    `json:"allocated_storage"`
	MultiAZ          bool   `json:"multi_az"`
	// EnabledLogExports are the log types published to CloudWatch Logs.
	EnabledLogExports []string `json:"enabled_log_exports"`
	// MonitoringInterval is the Enhanced Monitoring interval in seconds, 0 when off; nil
	// when the API did not say.
	MonitoringInterval           *int     `json:"monitoring_interval" jsonschema:"nullable"`
	MonitoringRoleARN            string   `json:"monitoring_role_arn"`
	PerformanceInsightsEnabled   *bool    `json:"performance_insights_enabled" jsonschema:"nullable"`
	PerformanceInsightsKMSKeyID  string   `json:"performance_insights_kms_key_id"`
	PerformanceInsightsRetention int      `json:"performance_insights_retention"`
	DatabaseInsightsMode         string   `json:"database_insights_mode"`
	ParameterGroup               string   `json:"parameter_group"`
	OptionGroups                 []string `json:"option_groups"`
	// Parameters holds the audit-relevant parameters of the instance's parameter group
	// (pgaudit.log, shared_preload_libraries, server_audit_logging, ...), user-set or
	// engine default; nil when the group could not be read.
	Parameters map[string]string `json:"parameters"`
	// Options are the option names of the instance's option groups (MARIADB_AUDIT_PLUGIN).
	Options []string     `json:"options"`
	Posture StorePosture `json:"posture"`
}

// DBCluster is an RDS DB cluster: Aurora (MySQL, PostgreSQL), a Multi-AZ DB cluster, or
// a DocumentDB or Neptune cluster (Meta.Type says which).
type DBCluster struct {
	Meta
	Engine            string   `json:"engine"`
	EngineVersion     string   `json:"engine_version"`
	EngineMode        string   `json:"engine_mode"`
	Status            string   `json:"status"`
	Members           []string `json:"members"`
	EnabledLogExports []string `json:"enabled_log_exports"`
	ParameterGroup    string   `json:"parameter_group"`
	// Parameters holds the audit-relevant cluster parameters (server_audit_logging,
	// server_audit_events, audit_logs, neptune_enable_audit_log, pgaudit.log, ...); nil
	// when the group could not be read.
	Parameters                 map[string]string `json:"parameters"`
	MonitoringInterval         *int              `json:"monitoring_interval" jsonschema:"nullable"`
	PerformanceInsightsEnabled *bool             `json:"performance_insights_enabled" jsonschema:"nullable"`
	// HTTPEndpointEnabled is the RDS Data API switch, whose calls are CloudTrail data events.
	HTTPEndpointEnabled bool         `json:"http_endpoint_enabled"`
	Posture             StorePosture `json:"posture"`
}
