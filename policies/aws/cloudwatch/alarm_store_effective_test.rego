package storewatch.aws.cloudwatch.alarm_store_effective_test

import data.storewatch.aws.cloudwatch.alarm_store_effective as rule
import data.storewatch.test.fixtures

link(name, metric, effective, problems) := {
	"alarm": name, "name": name, "namespace": "AWS/DynamoDB", "metric": metric, "statistic": "Sum", "threshold": 1,
	"comparison_operator": "GreaterThanThreshold", "period": 60, "evaluation_periods": 5, "datapoints_to_alarm": 5,
	"via_metric_math": false, "effective": effective, "problems": problems, "self_healing": false,
}

judgement := {"kind": "dynamodb_table", "metrics": 5, "missing": [], "settings": [], "automation": "", "automation_alarms": []}

table(links) := object.union(fixtures.dynamodb_table, {"posture": object.union(fixtures.dynamodb_table.posture, {"alarms": links, "recommended_alarms": judgement})})

test_pass_all_effective if {
	inp := {"dynamodb_tables": [table([link("a", "ReadThrottleEvents", "yes", []), link("b", "SystemErrors", "yes", [])])]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
	fixtures.dynamodb_table.id in rule.applies with input as inp
}

test_pass_unwatched_store_is_not_judged if {
	inp := {"dynamodb_tables": [table([])]}
	count(rule.deny) == 0 with input as inp
	not fixtures.dynamodb_table.id in rule.applies with input as inp
}

test_fail_disabled_alarm if {
	math := [
		link("math", "ReadThrottleEvents", "no", ["its actions are disabled, so it notifies nobody"]),
		link("math", "WriteThrottleEvents", "no", ["its actions are disabled, so it notifies nobody"]),
	]
	denied := rule.deny with input as {"dynamodb_tables": [table(array.concat(math, [link("ok", "SystemErrors", "yes", [])]))]}
	some f in denied
	f.msg == "example is watched by alarms that reach no one: math (its actions are disabled, so it notifies nobody)"
}

test_unknown_topic_not_readable if {
	inp := {"dynamodb_tables": [table([link("a", "ReadThrottleEvents", "unknown", ["the subscriptions of topic t could not be read"])])]}
	count(rule.deny) == 0 with input as inp
	some f in rule.unknown with input as inp
	f.evidence.undecided_alarms == {"a": ["the subscriptions of topic t could not be read"]}
}

test_fail_takes_precedence_over_unknown if {
	inp := {"dynamodb_tables": [table([link("a", "ReadThrottleEvents", "unknown", ["x"]), link("b", "SystemErrors", "no", ["y"])])]}
	count(rule.deny) == 1 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_pass_store_the_table_does_not_judge if {
	member := object.union(fixtures.db_instance, {"posture": object.union(fixtures.db_instance.posture, {"alarms": [link("a", "CPUUtilization", "no", ["x"])]})})
	inp := {"db_instances": [member]}
	count(rule.deny) == 0 with input as inp
	not fixtures.db_instance.id in rule.applies with input as inp
}

test_unknown_alarms_of_another_account_not_listed if {
	t := table([link("a", "ReadThrottleEvents", "yes", [])])
	unlisted := object.union(t, {"posture": object.union(t.posture, {"unlisted_alarm_accounts": ["444455556666"]})})
	inp := {"dynamodb_tables": [unlisted]}
	count(rule.deny) == 0 with input as inp
	some f in rule.unknown with input as inp
	f.evidence.unlisted_alarm_accounts == ["444455556666"]
	contains(f.msg, "account 444455556666")
}

test_fail_an_ineffective_alarm_even_when_others_not_listed if {
	t := table([link("a", "ReadThrottleEvents", "no", ["its actions are disabled, so it notifies nobody"])])
	unlisted := object.union(t, {"posture": object.union(t.posture, {"unlisted_alarm_accounts": ["444455556666"]})})
	inp := {"dynamodb_tables": [unlisted]}
	count(rule.deny) == 1 with input as inp
	count(rule.unknown) == 0 with input as inp
}
