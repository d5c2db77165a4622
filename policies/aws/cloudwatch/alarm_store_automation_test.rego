package storewatch.aws.cloudwatch.alarm_store_automation_test

import data.storewatch.aws.cloudwatch.alarm_store_automation as rule
import data.storewatch.test.fixtures

# The resolver judges whether an alarm on a critical metric runs automation
# (inventory/resolve_recommended.go, TestRecommendedAutomation); these tests hold the rule's
# verdicts and wording.

table(automation, names) := object.union(fixtures.dynamodb_table, {"posture": object.union(fixtures.dynamodb_table.posture, {"alarms_known": "yes", "recommended_alarms": {
	"kind": "dynamodb_table", "metrics": 5, "missing": [], "settings": [], "automation": automation, "automation_alarms": names,
}})})

# unlisted is the table when a monitoring account's alarms of its region could not be
# listed.
unlisted(automation, names) := object.union(table(automation, names), {"posture": {"alarms_known": "no", "unlisted_alarm_accounts": ["444455556666"]}})

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

# One of the alarms that could not be listed may run automation.
test_unknown_alarms_of_another_account_not_listed if {
	inp := {"dynamodb_tables": [unlisted("no", ["errors", "throttles"])]}
	count(rule.deny) == 0 with input as inp
	some u in rule.unknown with input as inp
	u.id == fixtures.dynamodb_table.id
	u.evidence == {"alarms": ["errors", "throttles"], "unlisted_alarm_accounts": ["444455556666"]}
	u.msg == "none of the alarms found on a critical metric of example runs automation (errors, throttles), but the alarms of account 444455556666 in us-east-1 could not be listed, and a cross-account alarm among them may read its metrics"
}

# An alarm that was found and runs automation decides, whatever the others do.
test_pass_one_alarm_heals_though_others_not_listed if {
	inp := {"dynamodb_tables": [unlisted("yes", ["throttles"])]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}
