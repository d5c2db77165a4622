package inventory

// RedshiftCluster is a provisioned Redshift cluster.
type RedshiftCluster struct {
	Meta
	NodeType      string `json:"node_type,omitempty"`
	NumberOfNodes int    `json:"number_of_nodes,omitempty"`
	Status        string `json:"status,omitempty"`
	Encrypted     bool   `json:"encrypted,omitempty"`
	// Logging is the audit logging status (DescribeLoggingStatus); nil when not collected.
	Logging        *RedshiftLogging `json:"logging,omitempty" jsonschema:"nullable"`
	ParameterGroup string           `json:"parameter_group,omitempty"`
	// Parameters holds the audit-relevant parameters (enable_user_activity_logging); nil
	// when the group could not be read.
	Parameters map[string]string `json:"parameters,omitempty"`
	Posture    StorePosture      `json:"posture,omitempty"`
}

// RedshiftLogging is a cluster's audit logging configuration.
type RedshiftLogging struct {
	Enabled bool `json:"enabled,omitempty"`
	// DestinationType is s3 or cloudwatch.
	DestinationType string   `json:"destination_type,omitempty"`
	BucketName      string   `json:"bucket_name,omitempty"`
	LogExports      []string `json:"log_exports,omitempty"`
	LastFailure     string   `json:"last_failure,omitempty"`
}

// RedshiftServerlessNamespace is a Redshift Serverless namespace.
type RedshiftServerlessNamespace struct {
	Meta
	LogExports []string     `json:"log_exports,omitempty"`
	Posture    StorePosture `json:"posture,omitempty"`
}
