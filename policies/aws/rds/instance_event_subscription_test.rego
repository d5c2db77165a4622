package storewatch.aws.rds.instance_event_subscription_test

import data.storewatch.aws.rds.instance_event_subscription as rule
import data.storewatch.test.fixtures

entry(category_notified, scoped) := {
	"source_type": "db-instance",
	"categories": object.keys(category_notified),
	"subscriptions": ["arn:aws:rds:us-east-1:111122223333:es:ops"],
	"notified": "yes",
	"category_notified": category_notified,
	"scoped_subscriptions": scoped,
}

region(entries) := object.union(fixtures.region, {"posture": object.union(fixtures.region.posture, {
	"store_count": {"AWS::RDS::DBInstance": 2},
	"rds_event_subscriptions": entries,
})})

test_fail_no_subscription if {
	inp := {"regions": [region([])]}
	some f in rule.deny with input as inp
	f.id == fixtures.region.id
	contains(f.msg, "no enabled subscription to every db-instance covers")
}

test_fail_required_category_missing if {
	inp := {"regions": [region([entry({"failure": "yes", "maintenance": "yes"}, [])])]}
	count(rule.deny) == 1 with input as inp
}

test_fail_topic_without_confirmed_subscriber if {
	inp := {"regions": [region([entry({"*": "no"}, [])])]}
	some f in rule.deny with input as inp
	contains(f.msg, "reach no confirmed SNS subscriber")
}

test_fail_subscription_limited_to_named_sources if {
	inp := {"regions": [region([entry({}, ["arn:aws:rds:us-east-1:111122223333:es:orders-only"])])]}
	some f in rule.deny with input as inp
	contains(f.msg, "limited to named sources do not count: arn:aws:rds:us-east-1:111122223333:es:orders-only")
}

test_pass_all_categories if {
	inp := {"regions": [region([entry({"*": "yes"}, [])])]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
	fixtures.region.id in rule.applies with input as inp
}

test_pass_required_categories_named if {
	inp := {"regions": [region([entry({c: "yes" | some c in ["maintenance", "configuration change", "failure"]}, [])])]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_unknown_topic_could_not_be_read if {
	inp := {"regions": [region([entry({"*": "unknown"}, [])])]}
	count(rule.deny) == 0 with input as inp
	some u in rule.unknown with input as inp
	u.id == fixtures.region.id
}

test_pass_region_without_rds_stores_is_not_judged if {
	inp := {"regions": [fixtures.region]}
	count(rule.deny) == 0 with input as inp
	count(rule.applies) == 0 with input as inp
}

test_pass_parameter_narrows_categories if {
	inp := {"regions": [region([entry({"failure": "yes"}, [])])]}
	cfg := {"params": {"SW-EV-02": {"categories": ["Failure"]}}}
	count(rule.deny) == 0 with input as inp with data.storewatch.config as cfg
}
