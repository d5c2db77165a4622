package storewatch.aws.logs.log_group_retention_test

import data.storewatch.aws.logs.log_group_retention as rule
import data.storewatch.test.fixtures

group(overrides) := object.union(fixtures.log_group, overrides)

test_fail_thirty_days if {
	denied := rule.deny with input as {"log_groups": [group({"name": "/aws/rds/instance/orders/error", "retention_days": 30})]}
	some f in denied
	f.id == fixtures.log_group.id
	f.evidence.min_retention_days == 365
}

test_fail_one_day_short if {
	denied := rule.deny with input as {"log_groups": [group({"retention_days": 364})]}
	count(denied) == 1
}

test_pass_never_expires if {
	inp := {"log_groups": [group({"retention_days": null})]}
	count(rule.deny) == 0 with input as inp
	fixtures.log_group.id in rule.applies with input as inp
}

test_pass_terraform_zero_never_expires if {
	count(rule.deny) == 0 with input as {"log_groups": [group({"retention_days": 0})]}
}

test_pass_exactly_the_minimum if {
	count(rule.deny) == 0 with input as {"log_groups": [group({"retention_days": 365})]}
}

test_pass_parameter_lowers_the_minimum if {
	inp := {"log_groups": [group({"retention_days": 90})]}
	cfg := {"params": {"SW-CWL-02": {"min_retention_days": 90}}}
	count(rule.deny) == 0 with input as inp with data.storewatch.config as cfg
}

test_fail_parameter_raises_the_minimum if {
	inp := {"log_groups": [group({"retention_days": 400})]}
	cfg := {"params": {"SW-CWL-02": {"min_retention_days": 731}}}
	count(rule.deny) == 1 with input as inp with data.storewatch.config as cfg
}

test_pass_prefix_parameter_leaves_other_groups_out if {
	inp := {"log_groups": [group({"name": "/aws/lambda/x", "retention_days": 7})]}
	cfg := {"params": {"SW-CWL-02": {"log_group_prefixes": ["/aws/rds/"]}}}
	count(rule.deny) == 0 with input as inp with data.storewatch.config as cfg
	not fixtures.log_group.id in rule.applies with input as inp with data.storewatch.config as cfg
}

test_fail_prefix_parameter_judges_matching_groups if {
	inp := {"log_groups": [group({"name": "/aws/rds/instance/a/error", "retention_days": 7})]}
	cfg := {"params": {"SW-CWL-02": {"log_group_prefixes": ["/aws/rds/"]}}}
	count(rule.deny) == 1 with input as inp with data.storewatch.config as cfg
}
