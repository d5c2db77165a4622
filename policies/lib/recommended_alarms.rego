# METADATA
# title: Recommended CloudWatch alarms per data store
# description: |
#   The metric alarms recommended for each kind of data store, with the settings the alarm
#   rules compare alarms with (SW-MA-01, SW-MA-02, SW-AH-06). Sources: the CloudWatch
#   "Recommended alarms" page, the OpenSearch Service "Recommended CloudWatch alarms" page, and
#   for Redshift, DocumentDB, Neptune and MemoryDB (which the CloudWatch page does not cover)
#   the services' own monitoring guides (source "ext"). docs/recommended-alarms.md gives the
#   source of every row and how it was checked.
#
#   A row's "when" says when the metric is required: always, only for some stores (postgres,
#   read_replica, performance_insights, global_table, replicas, dedicated_master), or never
#   (optional: judged by SW-MA-02 when an alarm exists, counted as critical by SW-AH-06, not
#   required by SW-MA-01). A null threshold, period or datapoints is not judged: the
#   recommendation depends on the workload or on the store's capacity.
package storewatch.lib.recommended_alarms

import data.storewatch.lib.config

store_collections := [
	"db_instances", "db_clusters", "dynamodb_tables", "s3_buckets", "redshift_clusters",
	"redshift_serverless_namespaces", "elasticache_clusters", "opensearch_domains", "memorydb_clusters",
]

# kinded pairs each data store of the batch with its kind (the recommendation table that
# applies to it) and its traits (the conditions of that table's rows that hold for it), once
# per batch: rules read [store, kind, traits] and never pass a whole store to a function, which
# would copy it at every call. Members of Aurora, DocumentDB, Neptune and Multi-AZ clusters
# are left out: they are judged with their cluster, whose posture holds the alarms on its
# members' metrics. The engine feeds one collection at a time, so one comprehension yields.
kinded := array.concat(
	array.concat(array.concat(instances, clusters), array.concat(tables, buckets)),
	array.concat(array.concat(warehouses, caches), array.concat(domains, others)),
)

instances := [[s, "rds_instance", t] |
	some s in input.db_instances
	s.cluster_id == ""
	t := (({"always"} | {"postgres" | contains(s.engine, "postgres")}) | {"read_replica" | s.replica_source_id != ""}) | {"performance_insights" | s.performance_insights_enabled == true}
]

cluster_kind("AWS::DocDB::DBCluster", _) := "docdb_cluster"

cluster_kind("AWS::Neptune::DBCluster", _) := "neptune_cluster"

cluster_kind("AWS::RDS::DBCluster", engine) := {
	"aurora": "aurora_mysql", "aurora-mysql": "aurora_mysql", "aurora-postgresql": "aurora_postgresql",
	"mysql": "rds_multi_az_cluster", "postgres": "rds_multi_az_cluster",
}[engine]

clusters := [[s, k, t] |
	some s in input.db_clusters
	k := cluster_kind(s.type, s.engine)
	t := ({"always"} | {"postgres" | contains(s.engine, "postgres")}) | {"performance_insights" | s.performance_insights_enabled == true}
]

tables := [[s, "dynamodb_table", t] |
	some s in input.dynamodb_tables
	t := {"always"} | {"global_table" | count(s.replica_regions) > 0}
]

buckets := [[s, "s3_bucket", {"always"}] | some s in input.s3_buckets]

warehouses := array.concat(
	[[s, "redshift_cluster", {"always"}] | some s in input.redshift_clusters],
	[[s, "redshift_serverless_namespace", {"always"}] | some s in input.redshift_serverless_namespaces],
)

cache_kind("memcached") := "elasticache_memcached"

cache_kind(engine) := "elasticache_redis" if engine != "memcached"

caches := [[s, cache_kind(s.engine), t] |
	some s in input.elasticache_clusters
	t := {"always"} | {"replicas" | count(s.members) > 1}
]

domains := [[s, "opensearch_domain", t] |
	some s in input.opensearch_domains
	t := {"always"} | {"dedicated_master" | s.dedicated_master_enabled == true}
]

others := [[s, "memorydb_cluster", {"always"}] | some s in input.memorydb_clusters]

# label names a store in a message: by name, or by id when a plan leaves the name unknown.
label(name, _) := name if name != ""

label("", id) := id

kind_labels := {
	"rds_instance": "RDS DB instances",
	"rds_multi_az_cluster": "RDS Multi-AZ DB clusters",
	"aurora_mysql": "Aurora MySQL clusters",
	"aurora_postgresql": "Aurora PostgreSQL clusters",
	"docdb_cluster": "DocumentDB clusters",
	"neptune_cluster": "Neptune clusters",
	"dynamodb_table": "DynamoDB tables",
	"s3_bucket": "S3 buckets",
	"redshift_cluster": "Redshift clusters",
	"redshift_serverless_namespace": "Redshift Serverless namespaces",
	"elasticache_redis": "ElastiCache (Redis OSS, Valkey) clusters",
	"elasticache_memcached": "ElastiCache (Memcached) clusters",
	"opensearch_domain": "OpenSearch domains",
	"memorydb_cluster": "MemoryDB clusters",
}

row(metric, statistic, comparison, threshold, period, datapoints, when, source) := {
	"metric": metric,
	"statistic": statistic,
	"comparison": comparison,
	"threshold": threshold,
	"period": period,
	"datapoints": datapoints,
	"when": when,
	"source": source,
}

op_gt := "GreaterThanThreshold"

op_ge := "GreaterThanOrEqualToThreshold"

op_lt := "LessThanThreshold"

op_le := "LessThanOrEqualToThreshold"

# Binary and counting metrics get no tolerance: "> 1" on a 0/1 metric never fires.
exact(r) := object.union(r, {"tolerance": 0})

rds_common := [
	row("CPUUtilization", "Average", op_gt, 90, 60, 5, "always", "cw"),
	row("DatabaseConnections", "Average", op_gt, null, 60, 5, "always", "cw"),
	row("FreeableMemory", "Average", op_lt, null, 60, 15, "always", "cw"),
	row("DBLoad", "Average", op_gt, null, 60, 15, "performance_insights", "cw"),
	row("MaximumUsedTransactionIDs", "Average", op_gt, 1000000000, 60, 1, "postgres", "cw"),
]

rds_storage := [
	row("FreeStorageSpace", "Minimum", op_lt, null, 60, 5, "always", "cw"),
	row("ReadLatency", "p90", op_gt, null, 60, 5, "always", "cw"),
	row("WriteLatency", "p90", op_gt, null, 60, 5, "always", "cw"),
	row("EBSByteBalance%", "Average", op_lt, 10, 60, 3, "optional", "cw"),
	row("EBSIOBalance%", "Average", op_lt, 10, 60, 3, "optional", "cw"),
]

aurora_common := [
	row("FreeLocalStorage", "Average", op_lt, null, 60, 5, "always", "cw"),
	row("BufferCacheHitRatio", "Average", op_lt, 80, 60, 10, "optional", "cw"),
	exact(row("EngineUptime", "Average", op_le, 0, 60, 2, "optional", "cw")),
	row("StorageNetworkThroughput", "Average", op_gt, null, 60, 5, "optional", "cw"),
]

default_table := {
	"rds_instance": array.concat(array.concat(rds_common, rds_storage), [row("ReplicaLag", "Maximum", op_gt, null, 60, 10, "read_replica", "cw")]),
	"rds_multi_az_cluster": array.concat(rds_common, rds_storage),
	"aurora_mysql": array.concat(array.concat(rds_common, aurora_common), [
		row("AuroraVolumeBytesLeftTotal", "Average", op_lt, null, 60, 5, "always", "cw"),
		row("RollbackSegmentHistoryListLength", "Average", op_gt, 1000000, 60, 5, "optional", "cw"),
		exact(row("BlockedTransactions", "Average", op_gt, 0, 60, 5, "optional", "cw")),
		exact(row("AuroraBinlogReplicaLag", "Average", op_le, -1, 60, 2, "optional", "cw")),
	]),
	"aurora_postgresql": array.concat(rds_common, aurora_common),
	"docdb_cluster": [
		row("CPUUtilization", "Average", op_gt, null, null, null, "always", "ext"),
		row("FreeableMemory", "Average", op_lt, null, null, null, "always", "ext"),
		row("DatabaseConnections", "Average", op_gt, null, null, null, "always", "ext"),
		row("FreeLocalStorage", "Average", op_lt, null, null, null, "always", "ext"),
		row("BufferCacheHitRatio", "Average", op_lt, null, null, null, "optional", "ext"),
		row("DBInstanceReplicaLag", "Maximum", op_gt, null, null, null, "optional", "ext"),
		row("VolumeBytesUsed", "Average", op_gt, null, null, null, "optional", "ext"),
	],
	"neptune_cluster": [
		row("CPUUtilization", "Average", op_gt, null, null, null, "always", "ext"),
		row("FreeableMemory", "Average", op_lt, null, null, null, "always", "ext"),
		row("MainRequestQueuePendingRequests", "Average", op_gt, null, null, null, "always", "ext"),
		row("TotalServerErrorsPerSec", "Average", op_gt, null, null, null, "always", "ext"),
		row("ClusterReplicaLag", "Maximum", op_gt, null, null, null, "optional", "ext"),
		row("BufferCacheHitRatio", "Average", op_lt, null, null, null, "optional", "ext"),
	],
	"dynamodb_table": [
		row("ReadThrottleEvents", "Sum", op_gt, null, 60, 5, "always", "cw"),
		row("WriteThrottleEvents", "Sum", op_gt, null, 60, 5, "always", "cw"),
		row("SystemErrors", "Sum", op_gt, null, 60, 15, "always", "cw"),
		row("ReplicationLatency", "Average", op_gt, null, 60, 15, "global_table", "cw"),
		row("SuccessfulRequestLatency", "Average", op_gt, null, 60, 10, "optional", "cw"),
	],
	"s3_bucket": [
		row("4xxErrors", "Average", op_gt, 0.05, 60, 15, "always", "cw"),
		row("5xxErrors", "Average", op_gt, 0.05, 60, 15, "always", "cw"),
		exact(row("OperationsFailedReplication", "Maximum", op_gt, 0, 60, 1, "optional", "cw")),
	],
	"redshift_cluster": [
		exact(row("HealthStatus", "Minimum", op_lt, 1, null, null, "always", "ext")),
		row("PercentageDiskSpaceUsed", "Average", op_gt, null, null, null, "always", "ext"),
		row("CPUUtilization", "Average", op_gt, null, null, null, "always", "ext"),
		row("ReadLatency", "Average", op_gt, null, null, null, "optional", "ext"),
		row("WriteLatency", "Average", op_gt, null, null, null, "optional", "ext"),
	],
	"redshift_serverless_namespace": [],
	"elasticache_redis": [
		row("CPUUtilization", "Average", op_gt, 90, 60, 5, "always", "cw"),
		row("EngineCPUUtilization", "Average", op_gt, 90, 60, 5, "always", "cw"),
		row("DatabaseMemoryUsagePercentage", "Average", op_gt, null, 60, 5, "always", "cw"),
		row("CurrConnections", "Average", op_gt, null, 60, 10, "always", "cw"),
		row("ReplicationLag", "Average", op_gt, null, 60, 15, "replicas", "cw"),
	],
	"elasticache_memcached": [
		row("CPUUtilization", "Average", op_gt, 90, 60, 5, "always", "cw"),
		row("CurrConnections", "Average", op_gt, null, 60, 10, "always", "cw"),
	],
	"opensearch_domain": [
		exact(row("ClusterStatus.red", "Maximum", op_ge, 1, 60, 1, "always", "os")),
		exact(row("ClusterStatus.yellow", "Maximum", op_ge, 1, 60, 5, "always", "os")),
		row("FreeStorageSpace", "Minimum", op_le, null, 60, 1, "always", "os"),
		exact(row("ClusterIndexWritesBlocked", "Maximum", op_ge, 1, 300, 1, "always", "os")),
		row("Nodes", "Minimum", op_lt, null, 86400, 1, "always", "os"),
		exact(row("AutomatedSnapshotFailure", "Maximum", op_ge, 1, 60, 1, "always", "os")),
		row("CPUUtilization", "Maximum", op_ge, 80, 900, 3, "always", "os"),
		row("JVMMemoryPressure", "Maximum", op_ge, 95, 60, 3, "always", "os"),
		row("OldGenJVMMemoryPressure", "Maximum", op_ge, 80, 60, 3, "optional", "os"),
		row("MasterCPUUtilization", "Maximum", op_ge, 50, 900, 3, "dedicated_master", "os"),
		row("MasterJVMMemoryPressure", "Maximum", op_ge, 95, 60, 3, "dedicated_master", "os"),
		row("MasterOldGenJVMMemoryPressure", "Maximum", op_ge, 80, 60, 3, "optional", "os"),
		exact(row("KMSKeyError", "Maximum", op_ge, 1, 60, 1, "optional", "os")),
		exact(row("KMSKeyInaccessible", "Maximum", op_ge, 1, 60, 1, "optional", "os")),
		row("ThreadpoolWriteQueue", "Average", op_ge, 100, 60, 1, "optional", "os"),
		row("ThreadpoolSearchQueue", "Average", op_ge, 500, 60, 1, "optional", "os"),
	],
	"memorydb_cluster": [
		row("CPUUtilization", "Average", op_gt, null, null, null, "always", "ext"),
		row("EngineCPUUtilization", "Average", op_gt, null, null, null, "always", "ext"),
		row("DatabaseMemoryUsagePercentage", "Average", op_gt, null, null, null, "always", "ext"),
		row("CurrConnections", "Average", op_gt, null, null, null, "always", "ext"),
		row("SwapUsage", "Average", op_gt, null, null, null, "optional", "ext"),
		row("ReplicationLag", "Average", op_gt, null, null, null, "optional", "ext"),
	],
}

# settings_override is SW-MA-02's "settings" parameter, which overrides fields of a row:
# {"<kind>": {"<metric>": {"threshold": 80, ...}}}.
settings_override := config.param("SW-MA-02", "settings", {})

# table is the recommendation table with the overrides applied, built once per evaluation.
table := {k: rs |
	some k, base_rows in default_table
	rs := [object.union(b, object.get(settings_override, [k, b.metric], {})) | some b in base_rows]
}

# rows are the recommendation rows of a kind.
rows(k) := object.get(table, k, [])

# row_index gives, per kind, the row of each recommended metric.
row_index := {k: {r.metric: r | some r in rs} | some k, rs in table}

# required_override is SW-MA-01's "required" parameter, which replaces the list of a kind:
# {"s3_bucket": ["5xxErrors"]}.
required_override := config.param("SW-MA-01", "required", {})

# required_index groups each kind's required metrics by the trait that requires them, once.
required_index := {k: {w: ms | some w in {r.when | some r in rs}; ms := {r.metric | some r in rs; r.when == w}} |
	some k, rs in table
}

# required lists the metrics SW-MA-01 requires of a store of kind k with the given traits.
required(k, _) := {m | some m in list} if list := required_override[k]

required(k, traits) := {m | some t in traits; some m in object.get(required_index, [k, t], [])} if {
	not required_override[k]
}

# critical_override is SW-AH-06's "critical" parameter, which replaces the list of a kind.
critical_override := config.param("SW-AH-06", "critical", {})

# critical lists the metrics SW-AH-06 looks for automation on: by default every recommended
# metric of the kind.
critical(k) := {m | some m in list} if list := critical_override[k]

critical(k) := {r.metric | some r in rows(k)} if not critical_override[k]
