package storewatch.aws.redshiftserverless.namespace_log_exports_test

import data.storewatch.aws.redshiftserverless.namespace_log_exports as rule
import data.storewatch.test.fixtures

ns(exports) := object.union(fixtures.redshift_serverless_namespace, {"log_exports": exports})

test_fail_no_exports if {
	some f in rule.deny with input as {"redshift_serverless_namespaces": [ns([])]}
	f.id == fixtures.redshift_serverless_namespace.id
	f.evidence.missing == ["connectionlog", "useractivitylog", "userlog"]
}

test_fail_config_default_is_not_enough if {
	some f in rule.deny with input as {"redshift_serverless_namespaces": [ns(["connectionlog", "userlog"])]}
	f.evidence.missing == ["useractivitylog"]
}

test_pass_all_three if {
	count(rule.deny) == 0 with input as {"redshift_serverless_namespaces": [ns(["userlog", "useractivitylog", "connectionlog"])]}
}

test_pass_parameter_matches_aws_config if {
	inp := {"redshift_serverless_namespaces": [ns(["connectionlog", "userlog"])]}
	cfg := {"params": {"SW-LX-13": {"log_exports": ["connectionlog", "userlog"]}}}
	count(rule.deny) == 0 with input as inp with data.storewatch.config as cfg
}
