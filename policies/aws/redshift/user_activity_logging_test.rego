package storewatch.aws.redshift.user_activity_logging_test

import data.storewatch.aws.redshift.user_activity_logging as rule
import data.storewatch.test.fixtures

cluster(overrides) := object.union(fixtures.redshift_cluster, object.union({"parameter_group": "audit"}, overrides))

test_fail_parameter_false if {
	inp := {"redshift_clusters": [cluster({"parameters": {"enable_user_activity_logging": "false"}})]}
	some f in rule.deny with input as inp
	f.id == fixtures.redshift_cluster.id
}

# The trap: audit logging exports useractivitylog, but the log stays empty.
test_fail_exports_user_activity_log_without_parameter if {
	inp := {"redshift_clusters": [cluster({
		"logging": {"enabled": true, "destination_type": "cloudwatch", "bucket_name": "", "log_exports": ["useractivitylog"], "last_failure": ""},
		"parameters": {"require_ssl": "true"},
	})]}
	some f in rule.deny with input as inp
	f.evidence.enable_user_activity_logging == "false"
}

test_pass_parameter_true if {
	inp := {"redshift_clusters": [cluster({"parameters": {"enable_user_activity_logging": "TRUE"}})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_unknown_parameter_group_unreadable if {
	inp := {"redshift_clusters": [cluster({
		"parameters": {},
		"errors": [{"service": "redshift", "operation": "redshift:DescribeClusterParameters", "code": "AccessDenied"}],
	})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}

test_fail_message_names_the_group if {
	inp := {"redshift_clusters": [cluster({"parameter_group": "audited", "parameters": {"enable_user_activity_logging": "false"}})]}
	some f in rule.deny with input as inp
	contains(f.msg, `in parameter group "audited"`)
}

# A plan's cluster that names no group gets the default one, whose name it does not know.
test_fail_message_without_a_group_name if {
	inp := {"redshift_clusters": [cluster({"parameter_group": "", "parameters": {}})]}
	some f in rule.deny with input as inp
	endswith(f.msg, "in its default parameter group")
}
