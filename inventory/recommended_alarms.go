package inventory

// RecommendedAlarm is one row of the recommended-alarm table: a metric a kind of data store
// should have an alarm on, and the settings rules SW-MA-01, SW-MA-02 and SW-AH-06 compare
// alarms with. docs/recommended-alarms.md gives the source of every row and how it was
// checked; this table is the only copy the rules read.
type RecommendedAlarm struct {
	Metric     string `json:"metric"`
	Statistic  string `json:"statistic"`
	Comparison string `json:"comparison"`
	// Threshold, Period and Datapoints are nil when the recommendation depends on the
	// workload or on the store's capacity: they are not judged.
	Threshold  *float64 `json:"threshold" jsonschema:"nullable"`
	Period     *int     `json:"period" jsonschema:"nullable"`
	Datapoints *int     `json:"datapoints" jsonschema:"nullable"`
	// When says when the metric is required: "always", a trait of the store (postgres,
	// read_replica, performance_insights, global_table, replicas, dedicated_master), or
	// "optional" (judged when an alarm exists, never required).
	When string `json:"when"`
	// Source is cw (the CloudWatch "Recommended alarms" page), os (the OpenSearch page) or
	// ext (the service's own monitoring guide).
	Source string `json:"source"`
	// Tolerance is how far past the threshold an alarm may fire, as a fraction of it; nil
	// means SW-MA-02's tolerance parameter. Binary and counting metrics have 0: "> 1" on a
	// 0/1 metric never fires.
	Tolerance *float64 `json:"tolerance,omitempty" jsonschema:"nullable"`
}

// Kinds of data store in the recommended-alarm table.
const (
	KindRDSInstance                 = "rds_instance"
	KindRDSMultiAZCluster           = "rds_multi_az_cluster"
	KindAuroraMySQL                 = "aurora_mysql"
	KindAuroraPostgreSQL            = "aurora_postgresql"
	KindDocDBCluster                = "docdb_cluster"
	KindNeptuneCluster              = "neptune_cluster"
	KindDynamoDBTable               = "dynamodb_table"
	KindS3Bucket                    = "s3_bucket"
	KindRedshiftCluster             = "redshift_cluster"
	KindRedshiftServerlessNamespace = "redshift_serverless_namespace"
	KindElastiCacheRedis            = "elasticache_redis"
	KindElastiCacheMemcached        = "elasticache_memcached"
	KindOpenSearchDomain            = "opensearch_domain"
	KindMemoryDBCluster             = "memorydb_cluster"
)

const (
	opGT = "GreaterThanThreshold"
	opGE = "GreaterThanOrEqualToThreshold"
	opLT = "LessThanThreshold"
	opLE = "LessThanOrEqualToThreshold"
)

// row builds a table row; a negative period or datapoints and a NaN threshold stand for
// "not judged" (nil) to keep the table one line a row.
func row(metric, stat, op string, threshold float64, period, datapoints int, when, source string) RecommendedAlarm {
	r := RecommendedAlarm{Metric: metric, Statistic: stat, Comparison: op, When: when, Source: source}
	if threshold == threshold { // not NaN
		r.Threshold = &threshold
	}
	if period >= 0 {
		r.Period = &period
	}
	if datapoints >= 0 {
		r.Datapoints = &datapoints
	}
	return r
}

// exact gives a row no tolerance.
func exact(r RecommendedAlarm) RecommendedAlarm {
	zero := 0.0
	r.Tolerance = &zero
	return r
}

// none marks an unjudged threshold, period or datapoints in the table.
var none = nan()

func nan() float64 {
	zero := 0.0
	return zero / zero
}

const unjudged = -1

var (
	rdsCommon = []RecommendedAlarm{
		row("CPUUtilization", "Average", opGT, 90, 60, 5, "always", "cw"),
		row("DatabaseConnections", "Average", opGT, none, 60, 5, "always", "cw"),
		row("FreeableMemory", "Average", opLT, none, 60, 15, "always", "cw"),
		row("DBLoad", "Average", opGT, none, 60, 15, "performance_insights", "cw"),
		row("MaximumUsedTransactionIDs", "Average", opGT, 1000000000, 60, 1, "postgres", "cw"),
	}
	rdsStorage = []RecommendedAlarm{
		row("FreeStorageSpace", "Minimum", opLT, none, 60, 5, "always", "cw"),
		row("ReadLatency", "p90", opGT, none, 60, 5, "always", "cw"),
		row("WriteLatency", "p90", opGT, none, 60, 5, "always", "cw"),
		row("EBSByteBalance%", "Average", opLT, 10, 60, 3, "optional", "cw"),
		row("EBSIOBalance%", "Average", opLT, 10, 60, 3, "optional", "cw"),
	}
	auroraCommon = []RecommendedAlarm{
		row("FreeLocalStorage", "Average", opLT, none, 60, 5, "always", "cw"),
		row("BufferCacheHitRatio", "Average", opLT, 80, 60, 10, "optional", "cw"),
		exact(row("EngineUptime", "Average", opLE, 0, 60, 2, "optional", "cw")),
		row("StorageNetworkThroughput", "Average", opGT, none, 60, 5, "optional", "cw"),
	}
)

func concatRows(parts ...[]RecommendedAlarm) []RecommendedAlarm {
	var out []RecommendedAlarm
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// DefaultRecommendedAlarms returns the recommended-alarm table, by kind of store, as
// documented in docs/recommended-alarms.md. Each call returns a fresh copy.
func DefaultRecommendedAlarms() map[string][]RecommendedAlarm {
	return map[string][]RecommendedAlarm{
		KindRDSInstance:       concatRows(rdsCommon, rdsStorage, []RecommendedAlarm{row("ReplicaLag", "Maximum", opGT, none, 60, 10, "read_replica", "cw")}),
		KindRDSMultiAZCluster: concatRows(rdsCommon, rdsStorage),
		KindAuroraMySQL: concatRows(rdsCommon, auroraCommon, []RecommendedAlarm{
			row("AuroraVolumeBytesLeftTotal", "Average", opLT, none, 60, 5, "always", "cw"),
			row("RollbackSegmentHistoryListLength", "Average", opGT, 1000000, 60, 5, "optional", "cw"),
			exact(row("BlockedTransactions", "Average", opGT, 0, 60, 5, "optional", "cw")),
			exact(row("AuroraBinlogReplicaLag", "Average", opLE, -1, 60, 2, "optional", "cw")),
		}),
		KindAuroraPostgreSQL: concatRows(rdsCommon, auroraCommon),
		KindDocDBCluster: {
			row("CPUUtilization", "Average", opGT, none, unjudged, unjudged, "always", "ext"),
			row("FreeableMemory", "Average", opLT, none, unjudged, unjudged, "always", "ext"),
			row("DatabaseConnections", "Average", opGT, none, unjudged, unjudged, "always", "ext"),
			row("FreeLocalStorage", "Average", opLT, none, unjudged, unjudged, "always", "ext"),
			row("BufferCacheHitRatio", "Average", opLT, none, unjudged, unjudged, "optional", "ext"),
			row("DBInstanceReplicaLag", "Maximum", opGT, none, unjudged, unjudged, "optional", "ext"),
			row("VolumeBytesUsed", "Average", opGT, none, unjudged, unjudged, "optional", "ext"),
		},
		KindNeptuneCluster: {
			row("CPUUtilization", "Average", opGT, none, unjudged, unjudged, "always", "ext"),
			row("FreeableMemory", "Average", opLT, none, unjudged, unjudged, "always", "ext"),
			row("MainRequestQueuePendingRequests", "Average", opGT, none, unjudged, unjudged, "always", "ext"),
			row("TotalServerErrorsPerSec", "Average", opGT, none, unjudged, unjudged, "always", "ext"),
			row("ClusterReplicaLag", "Maximum", opGT, none, unjudged, unjudged, "optional", "ext"),
			row("BufferCacheHitRatio", "Average", opLT, none, unjudged, unjudged, "optional", "ext"),
		},
		KindDynamoDBTable: {
			row("ReadThrottleEvents", "Sum", opGT, none, 60, 5, "always", "cw"),
			row("WriteThrottleEvents", "Sum", opGT, none, 60, 5, "always", "cw"),
			row("SystemErrors", "Sum", opGT, none, 60, 15, "always", "cw"),
			row("ReplicationLatency", "Average", opGT, none, 60, 15, "global_table", "cw"),
			row("SuccessfulRequestLatency", "Average", opGT, none, 60, 10, "optional", "cw"),
		},
		KindS3Bucket: {
			row("4xxErrors", "Average", opGT, 0.05, 60, 15, "always", "cw"),
			row("5xxErrors", "Average", opGT, 0.05, 60, 15, "always", "cw"),
			exact(row("OperationsFailedReplication", "Maximum", opGT, 0, 60, 1, "optional", "cw")),
		},
		KindRedshiftCluster: {
			exact(row("HealthStatus", "Minimum", opLT, 1, unjudged, unjudged, "always", "ext")),
			row("PercentageDiskSpaceUsed", "Average", opGT, none, unjudged, unjudged, "always", "ext"),
			row("CPUUtilization", "Average", opGT, none, unjudged, unjudged, "always", "ext"),
			row("ReadLatency", "Average", opGT, none, unjudged, unjudged, "optional", "ext"),
			row("WriteLatency", "Average", opGT, none, unjudged, unjudged, "optional", "ext"),
		},
		KindRedshiftServerlessNamespace: {},
		KindElastiCacheRedis: {
			row("CPUUtilization", "Average", opGT, 90, 60, 5, "always", "cw"),
			row("EngineCPUUtilization", "Average", opGT, 90, 60, 5, "always", "cw"),
			row("DatabaseMemoryUsagePercentage", "Average", opGT, none, 60, 5, "always", "cw"),
			row("CurrConnections", "Average", opGT, none, 60, 10, "always", "cw"),
			row("ReplicationLag", "Average", opGT, none, 60, 15, "replicas", "cw"),
		},
		KindElastiCacheMemcached: {
			row("CPUUtilization", "Average", opGT, 90, 60, 5, "always", "cw"),
			row("CurrConnections", "Average", opGT, none, 60, 10, "always", "cw"),
		},
		KindOpenSearchDomain: {
			exact(row("ClusterStatus.red", "Maximum", opGE, 1, 60, 1, "always", "os")),
			exact(row("ClusterStatus.yellow", "Maximum", opGE, 1, 60, 5, "always", "os")),
			row("FreeStorageSpace", "Minimum", opLE, none, 60, 1, "always", "os"),
			exact(row("ClusterIndexWritesBlocked", "Maximum", opGE, 1, 300, 1, "always", "os")),
			row("Nodes", "Minimum", opLT, none, 86400, 1, "always", "os"),
			exact(row("AutomatedSnapshotFailure", "Maximum", opGE, 1, 60, 1, "always", "os")),
			row("CPUUtilization", "Maximum", opGE, 80, 900, 3, "always", "os"),
			row("JVMMemoryPressure", "Maximum", opGE, 95, 60, 3, "always", "os"),
			row("OldGenJVMMemoryPressure", "Maximum", opGE, 80, 60, 3, "optional", "os"),
			row("MasterCPUUtilization", "Maximum", opGE, 50, 900, 3, "dedicated_master", "os"),
			row("MasterJVMMemoryPressure", "Maximum", opGE, 95, 60, 3, "dedicated_master", "os"),
			row("MasterOldGenJVMMemoryPressure", "Maximum", opGE, 80, 60, 3, "optional", "os"),
			exact(row("KMSKeyError", "Maximum", opGE, 1, 60, 1, "optional", "os")),
			exact(row("KMSKeyInaccessible", "Maximum", opGE, 1, 60, 1, "optional", "os")),
			row("ThreadpoolWriteQueue", "Average", opGE, 100, 60, 1, "optional", "os"),
			row("ThreadpoolSearchQueue", "Average", opGE, 500, 60, 1, "optional", "os"),
		},
		KindMemoryDBCluster: {
			row("CPUUtilization", "Average", opGT, none, unjudged, unjudged, "always", "ext"),
			row("EngineCPUUtilization", "Average", opGT, none, unjudged, unjudged, "always", "ext"),
			row("DatabaseMemoryUsagePercentage", "Average", opGT, none, unjudged, unjudged, "always", "ext"),
			row("CurrConnections", "Average", opGT, none, unjudged, unjudged, "always", "ext"),
			row("SwapUsage", "Average", opGT, none, unjudged, unjudged, "optional", "ext"),
			row("ReplicationLag", "Average", opGT, none, unjudged, unjudged, "optional", "ext"),
		},
	}
}
