package inventory

// RedshiftCluster is a provisioned Redshift cluster.
type RedshiftCluster struct {
	Meta
	NodeType      string `json:"node_type"`
	NumberOfNodes int    `json:"number_of_nodes"`
	Status        string `json:"status"`
	Encrypted     bool   `json:"encrypted"`
	// Logging is the audit logging status (DescribeLoggingStatus); nil when not collected.
	Logging        *RedshiftLogging `json:"logging" jsonschema:"nullable"`
	ParameterGroup string           `json:"parameter_group"`
	// Parameters holds the audit-relevant parameters (enable_user_activity_logging); nil
	// when the group could not be read.
	Parameters map[string]string `json:"parameters"`
	Posture    StorePosture      `json:"posture"`
}

// RedshiftLogging is a cluster's audit logging configuration.
type RedshiftLogging struct {
	Enabled bool `json:"enabled"`
	// DestinationType is s3 or cloudwatch.
	DestinationType string   `json:"destination_type"`
	BucketName      string   `json:"bucket_name"`
	LogExports      []string `json:"log_exports"`
	LastFailure     string   `json:"last_failure"`
}

// RedshiftServerlessNamespace is a Redshift Serverless namespace.
type RedshiftServerlessNamespace struct {
	Meta
	LogExports []string     `json:"log_exports"`
	Posture    StorePosture `json:"posture"`
}
