package inventory

// DBInstance is an RDS DB instance: a standalone instance of any engine, or a member of an
// Aurora, DocumentDB or Neptune cluster (then ClusterID is set).
type DBInstance struct {
	Meta
	Engine           string `json:"engine,omitempty"`
	EngineVersion    string `json:"engine_version,omitempty"`
	InstanceClass    string `json:"instance_class,omitempty"`
	Status           string `json:"status,omitempty"`
	ClusterID        string `json:"cluster_id,omitempty"`
	ReplicaSourceID  string `json:"replica_source_id,omitempty"`
	AllocatedStorage int    `json:"allocated_storage,omitempty"`
	MultiAZ          bool   `json:"multi_az,omitempty"`
	// EnabledLogExports are the log types published to CloudWatch Logs.
	EnabledLogExports []string `json:"enabled_log_exports,omitempty"`
	// MonitoringInterval is the Enhanced Monitoring interval in seconds, 0 when off; nil
	// when the API did not say.
	MonitoringInterval           *int     `json:"monitoring_interval,omitempty" jsonschema:"nullable"`
	MonitoringRoleARN            string   `json:"monitoring_role_arn,omitempty"`
	PerformanceInsightsEnabled   *bool    `json:"performance_insights_enabled,omitempty" jsonschema:"nullable"`
	PerformanceInsightsKMSKeyID  string   `json:"performance_insights_kms_key_id,omitempty"`
	PerformanceInsightsRetention int      `json:"performance_insights_retention,omitempty"`
	DatabaseInsightsMode         string   `json:"database_insights_mode,omitempty"`
	ParameterGroup               string   `json:"parameter_group,omitempty"`
	OptionGroups                 []string `json:"option_groups,omitempty"`
	// Parameters holds the audit-relevant parameters of the instance's parameter group
	// (pgaudit.log, shared_preload_libraries, server_audit_logging, ...), user-set or
	// engine default; nil when the group could not be read.
	Parameters map[string]string `json:"parameters,omitempty"`
	// Options are the option names of the instance's option groups (MARIADB_AUDIT_PLUGIN).
	Options []string     `json:"options,omitempty"`
	Posture StorePosture `json:"posture,omitempty"`
}

// DBCluster is an RDS DB cluster: Aurora (MySQL, PostgreSQL), a Multi-AZ DB cluster, or
// a DocumentDB or Neptune cluster (Meta.Type says which).
type DBCluster struct {
	Meta
	Engine            string   `json:"engine,omitempty"`
	EngineVersion     string   `json:"engine_version,omitempty"`
	EngineMode        string   `json:"engine_mode,omitempty"`
	Status            string   `json:"status,omitempty"`
	Members           []string `json:"members,omitempty"`
	EnabledLogExports []string `json:"enabled_log_exports,omitempty"`
	ParameterGroup    string   `json:"parameter_group,omitempty"`
	// Parameters holds the audit-relevant cluster parameters (server_audit_logging,
	// server_audit_events, audit_logs, neptune_enable_audit_log, pgaudit.log, ...); nil
	// when the group could not be read.
	Parameters                 map[string]string `json:"parameters,omitempty"`
	MonitoringInterval         *int              `json:"monitoring_interval,omitempty" jsonschema:"nullable"`
	PerformanceInsightsEnabled *bool             `json:"performance_insights_enabled,omitempty" jsonschema:"nullable"`
	// HTTPEndpointEnabled is the RDS Data API switch, whose calls are CloudTrail data events.
	HTTPEndpointEnabled bool         `json:"http_endpoint_enabled,omitempty"`
	Posture             StorePosture `json:"posture,omitempty"`
}
