package storewatch.aws.cloudwatch.alarm_actions_enabled_test

import data.storewatch.aws.cloudwatch.alarm_actions_enabled as rule
import data.storewatch.test.fixtures

test_fail_actions_disabled if {
	denied := rule.deny with input as {"alarms": [object.union(fixtures.alarm, {"actions_enabled": false})]}
	some f in denied
	f.id == fixtures.alarm.id
	f.evidence.actions_enabled == false
}

test_pass_actions_enabled if {
	count(rule.deny) == 0 with input as {"alarms": [object.union(fixtures.alarm, {"actions_enabled": true})]}
}
