package storewatch.lib.recommended_alarms_test

import data.storewatch.lib.recommended_alarms as rec
import data.storewatch.test.fixtures

# kinds of a batch of one collection: {[id, kind, traits]}.
kinds(coll, items) := ks if {
	kinded := rec.kinded with input as {coll: items}
	ks := {[s.id, k, t] | some [s, k, t] in kinded}
}

test_kinds if {
	kinds("db_instances", [object.union(fixtures.db_instance, {"engine": "mysql"})]) == {[fixtures.db_instance.id, "rds_instance", {"always"}]}
	kinds("db_instances", [object.union(fixtures.db_instance, {"engine": "aurora-mysql", "cluster_id": "c"})]) == set()
	kinds("db_clusters", [object.union(fixtures.db_cluster, {"engine": "aurora-mysql"})]) == {[fixtures.db_cluster.id, "aurora_mysql", {"always"}]}
	kinds("db_clusters", [object.union(fixtures.db_cluster, {"engine": "aurora-postgresql"})]) == {[fixtures.db_cluster.id, "aurora_postgresql", {"always", "postgres"}]}
	kinds("db_clusters", [object.union(fixtures.db_cluster, {"engine": "mysql", "performance_insights_enabled": true})]) == {[fixtures.db_cluster.id, "rds_multi_az_cluster", {"always", "performance_insights"}]}
	kinds("db_clusters", [object.union(fixtures.db_cluster, {"type": "AWS::DocDB::DBCluster", "engine": "docdb"})]) == {[fixtures.db_cluster.id, "docdb_cluster", {"always"}]}
	kinds("db_clusters", [object.union(fixtures.db_cluster, {"type": "AWS::Neptune::DBCluster", "engine": "neptune"})]) == {[fixtures.db_cluster.id, "neptune_cluster", {"always"}]}
	kinds("db_clusters", [object.union(fixtures.db_cluster, {"engine": "something-new"})]) == set()
	kinds("dynamodb_tables", [object.union(fixtures.dynamodb_table, {"replica_regions": ["eu-west-1"]})]) == {[fixtures.dynamodb_table.id, "dynamodb_table", {"always", "global_table"}]}
	kinds("s3_buckets", [fixtures.s3_bucket]) == {[fixtures.s3_bucket.id, "s3_bucket", {"always"}]}
	kinds("redshift_clusters", [fixtures.redshift_cluster]) == {[fixtures.redshift_cluster.id, "redshift_cluster", {"always"}]}
	kinds("redshift_serverless_namespaces", [fixtures.redshift_serverless_namespace]) == {[fixtures.redshift_serverless_namespace.id, "redshift_serverless_namespace", {"always"}]}
	kinds("elasticache_clusters", [object.union(fixtures.elasticache_cluster, {"engine": "valkey", "members": ["a", "b"]})]) == {[fixtures.elasticache_cluster.id, "elasticache_redis", {"always", "replicas"}]}
	kinds("elasticache_clusters", [object.union(fixtures.elasticache_cluster, {"engine": "memcached"})]) == {[fixtures.elasticache_cluster.id, "elasticache_memcached", {"always"}]}
	kinds("opensearch_domains", [object.union(fixtures.opensearch_domain, {"dedicated_master_enabled": true})]) == {[fixtures.opensearch_domain.id, "opensearch_domain", {"always", "dedicated_master"}]}
	kinds("memorydb_clusters", [fixtures.memorydb_cluster]) == {[fixtures.memorydb_cluster.id, "memorydb_cluster", {"always"}]}
	kinds("trails", [fixtures.trail]) == set()
}

test_instance_traits if {
	db := object.union(fixtures.db_instance, {"engine": "postgres", "replica_source_id": "primary", "performance_insights_enabled": true})
	kinds("db_instances", [db]) == {[fixtures.db_instance.id, "rds_instance", {"always", "postgres", "read_replica", "performance_insights"}]}
}

test_every_kind_has_a_table_and_valid_rows if {
	count(rec.default_table) == 14
	every k, rows in rec.default_table {
		rec.kind_labels[k]
		every r in rows {
			r.when in {"always", "optional", "postgres", "read_replica", "performance_insights", "global_table", "replicas", "dedicated_master"}
			r.source in {"cw", "os", "ext"}
			r.comparison in {"GreaterThanThreshold", "GreaterThanOrEqualToThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold"}
		}
	}
}

test_required_follows_traits if {
	rec.required("rds_instance", {"always"}) == {"CPUUtilization", "DatabaseConnections", "FreeableMemory", "FreeStorageSpace", "ReadLatency", "WriteLatency"}
	rec.required("rds_instance", {"always", "postgres", "read_replica", "performance_insights"}) == rec.required("rds_instance", {"always"}) | {"MaximumUsedTransactionIDs", "ReplicaLag", "DBLoad"}
	"ReplicationLatency" in rec.required("dynamodb_table", {"always", "global_table"})
	not "ReplicationLatency" in rec.required("dynamodb_table", {"always"})
	"MasterCPUUtilization" in rec.required("opensearch_domain", {"always", "dedicated_master"})
	not "OldGenJVMMemoryPressure" in rec.required("opensearch_domain", {"always", "dedicated_master"})
	count(rec.required("redshift_serverless_namespace", {"always"})) == 0
}

test_required_parameter_replaces_a_kind if {
	cfg := {"params": {"SW-MA-01": {"required": {"s3_bucket": ["5xxErrors"]}}}}
	rec.required("s3_bucket", {"always"}) == {"5xxErrors"} with data.storewatch.config as cfg
	rec.required("dynamodb_table", {"always"}) == {"ReadThrottleEvents", "WriteThrottleEvents", "SystemErrors"} with data.storewatch.config as cfg
}

test_settings_parameter_overrides_a_row if {
	cfg := {"params": {"SW-MA-02": {"settings": {"s3_bucket": {"5xxErrors": {"threshold": 0.01}}}}}}
	some r in rec.rows("s3_bucket") with data.storewatch.config as cfg
	r.metric == "5xxErrors"
	r.threshold == 0.01
}

test_critical_defaults_to_every_row_and_can_be_replaced if {
	"OperationsFailedReplication" in rec.critical("s3_bucket")
	cfg := {"params": {"SW-AH-06": {"critical": {"s3_bucket": ["5xxErrors"]}}}}
	rec.critical("s3_bucket") == {"5xxErrors"} with data.storewatch.config as cfg
}

test_labels if {
	rec.label("example", "arn:aws:s3:::example") == "example"
	rec.label("", "aws_s3_bucket.example") == "aws_s3_bucket.example"
	rec.row_index.s3_bucket["5xxErrors"].threshold == 0.05
}
