package storewatch.aws.redshift.cluster_audit_logging_test

import data.storewatch.aws.redshift.cluster_audit_logging as rule
import data.storewatch.test.fixtures

cluster(logging) := object.union(fixtures.redshift_cluster, {"logging": logging})

logging(overrides) := object.union(
	{
		"enabled": true, "destination_type": "cloudwatch", "bucket_name": "",
		"log_exports": ["connectionlog", "userlog", "useractivitylog"], "last_failure": "",
	},
	overrides,
)

test_fail_logging_off if {
	inp := {"redshift_clusters": [cluster(logging({"enabled": false}))]}
	some f in rule.deny with input as inp
	f.id == fixtures.redshift_cluster.id
	f.msg == "Redshift cluster example: audit logging is off"
}

test_fail_cloudwatch_without_user_activity_log if {
	inp := {"redshift_clusters": [cluster(logging({"log_exports": ["connectionlog", "userlog"]}))]}
	some f in rule.deny with input as inp
	contains(f.msg, "does not export useractivitylog")
}

test_pass_cloudwatch_full_set if {
	inp := {"redshift_clusters": [cluster(logging({}))]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_pass_s3_delivery if {
	inp := {"redshift_clusters": [cluster(logging({"destination_type": "s3", "bucket_name": "audit", "log_exports": []}))]}
	count(rule.deny) == 0 with input as inp
}

test_fail_s3_bucket_not_in_parameter if {
	inp := {"redshift_clusters": [cluster(logging({"destination_type": "s3", "bucket_name": "scratch", "log_exports": []}))]}
	cfg := {"params": {"SW-LX-11": {"bucket_names": ["audit"]}}}
	some f in rule.deny with input as inp with data.storewatch.config as cfg
	contains(f.msg, "logs to bucket \"scratch\", not one of audit")
}

test_unknown_logging_status_not_collected if {
	inp := {"redshift_clusters": [fixtures.redshift_cluster]}
	count(rule.deny) == 0 with input as inp
	some u in rule.unknown with input as inp
	u.id == fixtures.redshift_cluster.id
}
