package storewatch.aws.cloudwatch.alarm_topic_subscribed_test

import data.storewatch.aws.cloudwatch.alarm_topic_subscribed as rule
import data.storewatch.test.fixtures

ops := "arn:aws:sns:us-east-1:111122223333:ops"

central := "arn:aws:sns:us-east-1:999988887777:central"

alarm(actions, notifies) := object.union(fixtures.alarm, {
	"alarm_actions": [t.arn | some t in actions],
	"posture": object.union(fixtures.alarm.posture, {"actions": actions, "notifies": notifies}),
})

sns(arn, n) := {"arn": arn, "kind": "sns", "confirmed_subscribers": n}

test_fail_topic_without_confirmed_subscriber if {
	denied := rule.deny with input as {"alarms": [alarm([sns(ops, 0)], "no")]}
	some f in denied
	f.id == fixtures.alarm.id
	f.evidence.topics == [ops]
}

test_fail_one_of_two_topics_is_dead if {
	denied := rule.deny with input as {"alarms": [alarm([sns(ops, 2), sns(central, 0)], "yes")]}
	some f in denied
	f.evidence.topics == [central]
}

test_fail_topic_does_not_exist if {
	denied := rule.deny with input as {"alarms": [alarm([sns(ops, null)], "no")]}
	some f in denied
	f.evidence.topics == [ops]
}

test_pass_confirmed_subscriber if {
	inp := {"alarms": [alarm([sns(ops, 1)], "yes")]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
	fixtures.alarm.id in rule.applies with input as inp
}

test_pass_no_sns_action_is_not_judged if {
	inp := {"alarms": [alarm([{"arn": "arn:aws:lambda:us-east-1:111122223333:function:heal", "kind": "lambda", "confirmed_subscribers": null}], "no")]}
	count(rule.deny) == 0 with input as inp
	not fixtures.alarm.id in rule.applies with input as inp
}

test_unknown_topic_not_readable if {
	inp := {"alarms": [alarm([sns(central, null)], "unknown")]}
	count(rule.deny) == 0 with input as inp
	some f in rule.unknown with input as inp
	f.evidence.topics == [central]
}
