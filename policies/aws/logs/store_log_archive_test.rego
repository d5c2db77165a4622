package storewatch.aws.logs.store_log_archive_test

import data.storewatch.aws.logs.store_log_archive as rule
import data.storewatch.test.fixtures

group(archived) := {
	"name": "/aws/docdb/catalog/audit", "found": "yes", "retention_days": null, "kms_encrypted": true,
	"kms_key_manager": "CUSTOMER", "archived": archived, "error_filters": [], "unknown": [],
}

link(t, g) := {"type": t, "log_group": "/aws/docdb/catalog/audit", "destination": "cloudwatch-logs", "group": g}

inp(links) := {"db_clusters": [object.union(fixtures.db_cluster, {"name": "catalog", "posture": {"logs": links}})]}

test_pass_archived if {
	i := inp([link("audit", group(true))])
	count(rule.deny) == 0 with input as i
	count(rule.unknown) == 0 with input as i
	fixtures.db_cluster.id in rule.applies with input as i
}

test_fail_not_archived if {
	denied := rule.deny with input as inp([link("audit", group(true)), link("profiler", group(false))])
	some f in denied
	f.id == fixtures.db_cluster.id
	contains(f.msg, "profiler")
	not contains(f.msg, "(audit)")
}

test_fail_group_missing if {
	some f in rule.deny with input as inp([link("audit", object.union(group(false), {"found": "no"}))])
	contains(f.msg, "does not exist")
}

test_unknown_subscriptions_not_listed if {
	i := inp([link("audit", object.union(group(false), {"unknown": ["subscription_filters"]}))])
	count(rule.deny) == 0 with input as i
	some u in rule.unknown with input as i
	u.id == fixtures.db_cluster.id
}

test_unknown_group_not_listed if {
	count(rule.unknown) == 1 with input as inp([link("audit", object.union(group(false), {"found": "unknown"}))])
}

test_pass_parameter_limits_log_types if {
	cfg := {"params": {"SW-CWL-09": {"log_types": ["audit"]}}}
	i := inp([link("audit", group(true)), link("profiler", group(false))])
	count(rule.deny) == 0 with input as i with data.storewatch.config as cfg
}

test_pass_store_without_cloudwatch_logs_is_not_judged if {
	ec := object.union(fixtures.elasticache_cluster, {"posture": {"logs": [{"type": "slow-log", "log_group": "", "destination": "kinesis-firehose", "group": null}]}})
	not fixtures.elasticache_cluster.id in rule.applies with input as {"elasticache_clusters": [ec]}
}

# A store whose exports a plan leaves unknown is not judged here: its applies_fields make the
# engine report it unknown (TestAppliesFieldsUnknownUntilApply).
test_pass_exports_unknown_are_left_to_the_engine if {
	d := object.union(fixtures.redshift_serverless_namespace, {"unknown_fields": ["log_exports"]})
	not fixtures.redshift_serverless_namespace.id in rule.applies with input as {"redshift_serverless_namespaces": [d]}
	count(rule.deny) == 0 with input as {"redshift_serverless_namespaces": [d]}
}
