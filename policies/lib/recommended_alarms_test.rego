package storewatch.lib.recommended_alarms_test

import data.storewatch.lib.recommended_alarms as rec
import data.storewatch.test.fixtures

test_kinds if {
	rec.kind(object.union(fixtures.db_instance, {"engine": "mysql"})) == "rds_instance"
	not rec.kind(object.union(fixtures.db_instance, {"engine": "aurora-mysql", "cluster_id": "c"}))
	rec.kind(object.union(fixtures.db_cluster, {"engine": "aurora-mysql"})) == "aurora_mysql"
	rec.kind(object.union(fixtures.db_cluster, {"engine": "aurora-postgresql"})) == "aurora_postgresql"
	rec.kind(object.union(fixtures.db_cluster, {"engine": "postgres"})) == "rds_multi_az_cluster"
	rec.kind(object.union(fixtures.db_cluster, {"type": "AWS::DocDB::DBCluster", "engine": "docdb"})) == "docdb_cluster"
	rec.kind(object.union(fixtures.db_cluster, {"type": "AWS::Neptune::DBCluster", "engine": "neptune"})) == "neptune_cluster"
	rec.kind(fixtures.dynamodb_table) == "dynamodb_table"
	rec.kind(fixtures.s3_bucket) == "s3_bucket"
	rec.kind(fixtures.redshift_cluster) == "redshift_cluster"
	rec.kind(fixtures.redshift_serverless_namespace) == "redshift_serverless_namespace"
	rec.kind(object.union(fixtures.elasticache_cluster, {"engine": "valkey"})) == "elasticache_redis"
	rec.kind(object.union(fixtures.elasticache_cluster, {"type": "AWS::ElastiCache::CacheCluster", "engine": "memcached"})) == "elasticache_memcached"
	rec.kind(fixtures.opensearch_domain) == "opensearch_domain"
	rec.kind(fixtures.memorydb_cluster) == "memorydb_cluster"
}

test_every_kind_has_a_table_and_valid_rows if {
	kinds := {k | some k, _ in rec.default_table}
	count(kinds) == 14
	every k, rows in rec.default_table {
		every r in rows {
			r.when in {"always", "optional", "postgres", "read_replica", "performance_insights", "global_table", "replicas", "dedicated_master"}
			r.source in {"cw", "os", "ext"}
			r.comparison in {"GreaterThanThreshold", "GreaterThanOrEqualToThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold"}
			k != ""
		}
	}
}

test_required_follows_conditions if {
	plain := object.union(fixtures.db_instance, {"engine": "mysql"})
	rec.required(plain) == {"CPUUtilization", "DatabaseConnections", "FreeableMemory", "FreeStorageSpace", "ReadLatency", "WriteLatency"}
	replica := object.union(fixtures.db_instance, {"engine": "postgres", "replica_source_id": "primary", "performance_insights_enabled": true})
	rec.required(replica) == rec.required(plain) | {"MaximumUsedTransactionIDs", "ReplicaLag", "DBLoad"}
	global := object.union(fixtures.dynamodb_table, {"replica_regions": ["eu-west-1"]})
	"ReplicationLatency" in rec.required(global)
	not "ReplicationLatency" in rec.required(fixtures.dynamodb_table)
	master := object.union(fixtures.opensearch_domain, {"dedicated_master_enabled": true})
	"MasterCPUUtilization" in rec.required(master)
	not "MasterCPUUtilization" in rec.required(fixtures.opensearch_domain)
	redis := object.union(fixtures.elasticache_cluster, {"engine": "redis", "members": ["a", "b"]})
	"ReplicationLag" in rec.required(redis)
	count(rec.required(fixtures.redshift_serverless_namespace)) == 0
}

test_required_parameter_replaces_a_kind if {
	cfg := {"params": {"SW-MA-01": {"required": {"s3_bucket": ["5xxErrors"]}}}}
	rec.required(fixtures.s3_bucket) == {"5xxErrors"} with data.storewatch.config as cfg
	rec.required(fixtures.dynamodb_table) == {"ReadThrottleEvents", "WriteThrottleEvents", "SystemErrors"} with data.storewatch.config as cfg
}

test_settings_parameter_overrides_a_row if {
	cfg := {"params": {"SW-MA-02": {"settings": {"s3_bucket": {"5xxErrors": {"threshold": 0.01}}}}}}
	some r in rec.rows(fixtures.s3_bucket) with data.storewatch.config as cfg
	r.metric == "5xxErrors"
	r.threshold == 0.01
}

test_critical_defaults_to_every_row_and_can_be_replaced if {
	"OperationsFailedReplication" in rec.critical(fixtures.s3_bucket)
	cfg := {"params": {"SW-AH-06": {"critical": {"s3_bucket": ["5xxErrors"]}}}}
	rec.critical(fixtures.s3_bucket) == {"5xxErrors"} with data.storewatch.config as cfg
}

test_stores_reads_the_store_collections_only if {
	count(rec.stores) == 2 with input as {"s3_buckets": [fixtures.s3_bucket, fixtures.s3_bucket]}
	count(rec.stores) == 0 with input as {"trails": [fixtures.trail]}
}

test_labels if {
	rec.label(fixtures.s3_bucket) == "example"
	rec.label(object.union(fixtures.s3_bucket, {"name": ""})) == fixtures.s3_bucket.id
	rec.kind_label(fixtures.s3_bucket) == "S3 buckets"
	every k, _ in rec.default_table {
		rec.kind_labels[k]
	}
}
