# METADATA
# title: Recommended CloudWatch alarms per data store
# description: |
#   What the alarm rules (SW-MA-01, SW-MA-02, SW-MA-04, SW-AH-06) share. The recommended-alarm
#   table itself (docs/recommended-alarms.md) is in Go (inventory/recommended_alarms.go): the
#   resolver judges each store's alarms against its kind's rows, with the rules' parameters
#   applied, into posture.recommended_alarms, and the rules only word the failures.
package storewatch.lib.recommended_alarms

store_collections := [
	"db_instances", "db_clusters", "dynamodb_tables", "s3_buckets", "redshift_clusters",
	"redshift_serverless_namespaces", "elasticache_clusters", "opensearch_domains", "memorydb_clusters",
]

# judged pairs each data store of the batch that the table judges with its judgement, once per
# batch. Members of Aurora, DocumentDB, Neptune and Multi-AZ clusters and of ElastiCache
# replication groups have none: they are judged with their cluster or group, whose posture
# holds the alarms on its members' metrics.
judged := [[s, r] |
	some name in store_collections
	some s in input[name]
	r := s.posture.recommended_alarms
	r != null
]

# unlisted says, for a store or region x whose alarms are not all known (alarms_known is
# not yes), whose alarms could not be listed. A metric-math alarm may read another
# account's metrics in its Region (MetricDataQuery.AccountId), so the accounts are x's own
# and those known to hold such alarms whose alarm listing of the region failed
# (unlisted_alarm_accounts, inventory/index.go).
unlisted(x) := msg if {
	ids := object.get(x.posture, "unlisted_alarm_accounts", [])
	count(ids) > 0
	msg := sprintf("the alarms of %s in %s could not be listed, and a cross-account alarm among them may read its metrics", [accounts(ids), x.region])
}

unlisted(x) := sprintf("the alarms of %s could not be listed", [x.region]) if {
	count(object.get(x.posture, "unlisted_alarm_accounts", [])) == 0
}

accounts(ids) := sprintf("account %s", ids) if count(ids) == 1

accounts(ids) := sprintf("accounts %s", [concat(", ", ids)]) if count(ids) > 1

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
