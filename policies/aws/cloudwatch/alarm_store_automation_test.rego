package storewatch.aws.cloudwatch.alarm_store_automation_test

import data.storewatch.aws.cloudwatch.alarm_store_automation as rule
import data.storewatch.test.fixtures

link(name, metric, heals) := {
	"alarm": name, "name": name, "namespace": "AWS/DynamoDB", "metric": metric, "statistic": "Sum", "threshold": 1,
	"comparison_operator": "GreaterThanThreshold", "period": 60, "evaluation_periods": 5, "datapoints_to_alarm": 5,
	"via_metric_math": false, "effective": "yes", "problems": [], "self_healing": heals, "actions_unknown": false,
}

table(links) := object.union(fixtures.dynamodb_table, {"posture": object.union(fixtures.dynamodb_table.posture, {"alarms": links})})

test_fail_no_automation if {
	denied := rule.deny with input as {"dynamodb_tables": [table([link("throttles", "ReadThrottleEvents", false), link("errors", "SystemErrors", false)])]}
	some f in denied
	f.evidence.alarms == ["errors", "throttles"]
}

test_pass_one_alarm_heals if {
	inp := {"dynamodb_tables": [table([link("throttles", "ReadThrottleEvents", true), link("errors", "SystemErrors", false)])]}
	count(rule.deny) == 0 with input as inp
	fixtures.dynamodb_table.id in rule.applies with input as inp
}

test_pass_only_non_critical_alarms_are_not_judged if {
	inp := {"dynamodb_tables": [table([link("consumed", "ConsumedReadCapacityUnits", false)])]}
	count(rule.deny) == 0 with input as inp
	not fixtures.dynamodb_table.id in rule.applies with input as inp
}

test_pass_critical_parameter if {
	cfg := {"params": {"SW-AH-06": {"critical": {"dynamodb_table": ["ConsumedReadCapacityUnits"]}}}}
	inp := {"dynamodb_tables": [table([link("throttles", "ReadThrottleEvents", false)])]}
	count(rule.deny) == 0 with input as inp with data.storewatch.config as cfg
}

test_unknown_actions_unknown_until_apply if {
	planned := object.union(link("throttles", "ReadThrottleEvents", false), {"actions_unknown": true})
	inp := {"dynamodb_tables": [table([planned, link("errors", "SystemErrors", false)])]}
	count(rule.deny) == 0 with input as inp
	some u in rule.unknown with input as inp
	u.id == fixtures.dynamodb_table.id
	u.evidence.alarms == ["throttles"]
}

test_pass_heals_although_another_is_unknown if {
	planned := object.union(link("throttles", "ReadThrottleEvents", false), {"actions_unknown": true})
	inp := {"dynamodb_tables": [table([planned, link("errors", "SystemErrors", true)])]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}
