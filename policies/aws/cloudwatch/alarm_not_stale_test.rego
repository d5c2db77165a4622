package storewatch.aws.cloudwatch.alarm_not_stale_test

import data.storewatch.aws.cloudwatch.alarm_not_stale as rule
import data.storewatch.test.fixtures

alarm(overrides, posture) := object.union(object.union(fixtures.alarm, {"treat_missing_data": "breaching"}), object.union(overrides, {
	"posture": object.union(object.union(fixtures.alarm.posture, {"orphaned": "no"}), posture),
}))

msgs(a) := {f.msg | some f in rule.deny with input as {"alarms": [a]}}

test_pass_healthy_alarm if {
	inp := {"alarms": [alarm({"state_value": "OK"}, {})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_pass_briefly_without_data if {
	count(rule.deny) == 0 with input as {"alarms": [alarm({"state_value": "INSUFFICIENT_DATA"}, {"stuck_days": 7})]}
}

test_fail_stuck if {
	msgs(alarm({"state_value": "INSUFFICIENT_DATA"}, {"stuck_days": 30})) == {"alarm example has been in INSUFFICIENT_DATA for 30 days: its metric no longer arrives"}
}

test_pass_stuck_limit_parameter if {
	cfg := {"params": {"SW-AH-05": {"max_insufficient_data_days": 60}}}
	count(rule.deny) == 0 with input as {"alarms": [alarm({}, {"stuck_days": 30})]} with data.storewatch.config as cfg
}

test_fail_orphaned if {
	msgs(alarm({}, {"orphaned": "yes", "missing_resources": ["DBInstanceIdentifier=gone"]})) == {"alarm example watches resources that do not exist: DBInstanceIdentifier=gone"}
}

test_fail_treat_missing_data_not_set if {
	msgs(alarm({"treat_missing_data": ""}, {})) == {"alarm example does not say how to treat missing data"}
}

test_pass_treat_missing_data_not_required if {
	cfg := {"params": {"SW-AH-05": {"require_treat_missing_data": false}}}
	count(rule.deny) == 0 with input as {"alarms": [alarm({"treat_missing_data": ""}, {})]} with data.storewatch.config as cfg
}

test_unknown_orphan_status if {
	inp := {"alarms": [alarm({}, {"orphaned": "unknown"})]}
	count(rule.deny) == 0 with input as inp
	some f in rule.unknown with input as inp
	f.id == fixtures.alarm.id
}
