package storewatch.aws.cloudwatch.alarm_store_automation_test

import data.storewatch.aws.cloudwatch.alarm_store_automation as rule
import data.storewatch.test.fixtures

# The resolver judges whether an alarm on a critical metric runs automation
# (inventory/resolve_recommended.go, TestRecommendedAutomation); these tests hold the rule's
# verdicts and wording.

table(automation, names) := object.union(fixtures.dynamodb_table, {"posture": object.union(fixtures.dynamodb_table.posture, {"recommended_alarms": {
	"kind": "dynamodb_table", "metrics": 5, "missing": [], "settings": [], "automation": automation, "automation_alarms": names,
}})})

test_fail_no_automation if {
	denied := rule.deny with input as {"dynamodb_tables": [table("no", ["errors", "throttles"])]}
	some f in denied
	f.evidence.alarms == ["errors", "throttles"]
	f.msg == "no alarm on a critical metric of example runs automation (Auto Scaling, Systems Manager, Lambda): errors, throttles"
}

test_pass_one_alarm_heals if {
	inp := {"dynamodb_tables": [table("yes", ["throttles"])]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
	fixtures.dynamodb_table.id in rule.applies with input as inp
}

test_pass_only_non_critical_alarms_are_not_judged if {
	inp := {"dynamodb_tables": [table("", [])]}
	count(rule.deny) == 0 with input as inp
	not fixtures.dynamodb_table.id in rule.applies with input as inp
}

test_unknown_actions_unknown_until_apply if {
	inp := {"dynamodb_tables": [table("unknown", ["throttles"])]}
	count(rule.deny) == 0 with input as inp
	some u in rule.unknown with input as inp
	u.id == fixtures.dynamodb_table.id
	u.evidence.alarms == ["throttles"]
	u.msg == "whether an alarm on a critical metric of example runs automation is unknown: the plan leaves the actions of throttles unknown until apply"
}
