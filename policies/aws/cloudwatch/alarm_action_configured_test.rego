package storewatch.aws.cloudwatch.alarm_action_configured_test

import data.storewatch.aws.cloudwatch.alarm_action_configured as rule
import data.storewatch.test.fixtures

alarm(overrides) := object.union(fixtures.alarm, overrides)

topic := "arn:aws:sns:us-east-1:111122223333:ops"

test_fail_no_alarm_action if {
	denied := rule.deny with input as {"alarms": [alarm({"ok_actions": [topic]})]}
	some f in denied
	f.id == fixtures.alarm.id
	f.msg == "alarm example has no action for the ALARM state"
}

test_fail_actions_only_on_parent_composite if {
	posture := object.union(fixtures.alarm.posture, {"parent_composites": ["db-health"], "reaches_via": ["db-health"]})
	denied := rule.deny with input as {"alarms": [alarm({"posture": posture})]}
	some f in denied
	contains(f.msg, "reaches someone through its parent composite alarm db-health")
	f.evidence.parent_composites == ["db-health"]
}

test_fail_part_of_a_composite_that_reaches_no_one if {
	a := alarm({"posture": object.union(fixtures.alarm.posture, {"parent_composites": ["db-health"]})})
	denied := rule.deny with input as {"alarms": [a]}
	some f in denied
	endswith(f.msg, "(it is part of composite alarm db-health)")
}

test_pass_alarm_action if {
	count(rule.deny) == 0 with input as {"alarms": [alarm({"alarm_actions": [topic]})]}
}

test_fail_ok_action_required_by_parameter if {
	cfg := {"params": {"SW-AH-01": {"ok_action_required": true, "insufficient_data_action_required": true}}}
	denied := rule.deny with input as {"alarms": [alarm({"alarm_actions": [topic]})]} with data.storewatch.config as cfg
	msgs := {f.msg | some f in denied}
	msgs == {
		"alarm example has no action for the OK state",
		"alarm example has no action for the INSUFFICIENT_DATA state",
	}
}

test_pass_all_states_with_parameters if {
	cfg := {"params": {"SW-AH-01": {"ok_action_required": true, "insufficient_data_action_required": true}}}
	a := alarm({"alarm_actions": [topic], "ok_actions": [topic], "insufficient_data_actions": [topic]})
	count(rule.deny) == 0 with input as {"alarms": [a]} with data.storewatch.config as cfg
}
