package storewatch.aws.sns.event_subscription_notifies_test

import data.storewatch.aws.sns.event_subscription_notifies as rule
import data.storewatch.test.fixtures

sub(enabled, notified) := object.union(fixtures.event_subscription, {
	"service": "rds", "source_type": "db-instance", "enabled": enabled, "status": "active",
	"sns_topic_arn": "arn:aws:sns:us-east-1:111122223333:ops", "posture": {"notified": notified},
})

# The trap: a disabled subscription to a perfectly good topic delivers nothing.
test_fail_disabled_subscription if {
	some f in rule.deny with input as {"event_subscriptions": [sub(false, "yes")]}
	f.id == fixtures.event_subscription.id
	f.msg == "rds event subscription example delivers nothing: it is disabled"
}

test_fail_topic_without_confirmed_subscriber if {
	some f in rule.deny with input as {"event_subscriptions": [sub(true, "no")]}
	contains(f.msg, "has no confirmed subscriber")
}

test_pass_enabled_and_notified if {
	inp := {"event_subscriptions": [sub(true, "yes")]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_unknown_topic_unreadable if {
	inp := {"event_subscriptions": [sub(true, "unknown")]}
	count(rule.deny) == 0 with input as inp
	some u in rule.unknown with input as inp
	u.id == fixtures.event_subscription.id
}

test_fail_disabled_wins_over_unknown_topic if {
	inp := {"event_subscriptions": [sub(false, "unknown")]}
	count(rule.deny) == 1 with input as inp
	count(rule.unknown) == 0 with input as inp
}
