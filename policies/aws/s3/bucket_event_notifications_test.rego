package storewatch.aws.s3.bucket_event_notifications_test

import data.storewatch.aws.s3.bucket_event_notifications as rule
import data.storewatch.test.fixtures

bucket(notifications) := object.union(fixtures.s3_bucket, {"notifications": notifications})

sns(events) := {"kind": "sns", "arn": "arn:aws:sns:us-east-1:111122223333:bucket-events", "events": events}

test_fail_no_notifications if {
	some f in rule.deny with input as {"s3_buckets": [bucket([])]}
	f.id == fixtures.s3_bucket.id
}

test_pass_any_destination if {
	count(rule.deny) == 0 with input as {"s3_buckets": [bucket([sns(["s3:ObjectCreated:*"])])]}
}

test_fail_required_event_type_not_sent if {
	inp := {"s3_buckets": [bucket([sns(["s3:ObjectCreated:*"])])]}
	cfg := {"params": {"SW-EV-05": {"event_types": ["s3:ObjectRemoved:Delete"]}}}
	some f in rule.deny with input as inp with data.storewatch.config as cfg
	f.evidence.missing == ["s3:ObjectRemoved:Delete"]
}

test_pass_wildcard_covers_required_event_type if {
	inp := {"s3_buckets": [bucket([sns(["s3:ObjectRemoved:*"])])]}
	cfg := {"params": {"SW-EV-05": {"event_types": ["s3:ObjectRemoved:Delete"]}}}
	count(rule.deny) == 0 with input as inp with data.storewatch.config as cfg
}

test_pass_eventbridge_receives_everything if {
	inp := {"s3_buckets": [bucket([{"kind": "eventbridge", "arn": "", "events": []}])]}
	cfg := {"params": {"SW-EV-05": {"event_types": ["s3:ObjectRemoved:Delete"]}}}
	count(rule.deny) == 0 with input as inp with data.storewatch.config as cfg
}

sns_reach(reach, events) := object.union(sns(events), {"reach": reach})

# The trap: a destination exists, but it is an SNS topic nobody confirmed a subscription to.
test_fail_only_sns_topic_without_confirmed_subscriber if {
	some f in rule.deny with input as {"s3_buckets": [bucket([sns_reach("no", ["s3:ObjectCreated:*"])])]}
	f.id == fixtures.s3_bucket.id
	contains(f.msg, "without a confirmed subscriber: arn:aws:sns:us-east-1:111122223333:bucket-events")
}

test_pass_sns_topic_with_confirmed_subscriber if {
	inp := {"s3_buckets": [bucket([sns_reach("yes", ["s3:ObjectCreated:*"])])]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_pass_silent_topic_beside_a_queue if {
	queue := {"kind": "sqs", "arn": "arn:aws:sqs:us-east-1:111122223333:q", "events": ["s3:ObjectCreated:*"]}
	inp := {"s3_buckets": [bucket([sns_reach("no", ["s3:ObjectCreated:*"]), queue])]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_unknown_sns_topic_unreadable if {
	inp := {"s3_buckets": [bucket([sns_reach("unknown", ["s3:ObjectCreated:*"])])]}
	count(rule.deny) == 0 with input as inp
	some u in rule.unknown with input as inp
	u.id == fixtures.s3_bucket.id
}

test_fail_required_event_type_only_to_silent_topic if {
	queue := {"kind": "sqs", "arn": "arn:aws:sqs:us-east-1:111122223333:q", "events": ["s3:ObjectCreated:*"]}
	inp := {"s3_buckets": [bucket([sns_reach("no", ["s3:ObjectRemoved:*"]), queue])]}
	cfg := {"params": {"SW-EV-05": {"event_types": ["s3:ObjectRemoved:Delete"]}}}
	some f in rule.deny with input as inp with data.storewatch.config as cfg
	f.evidence.missing == ["s3:ObjectRemoved:Delete"]
}

test_unknown_required_event_type_only_to_unreadable_topic if {
	queue := {"kind": "sqs", "arn": "arn:aws:sqs:us-east-1:111122223333:q", "events": ["s3:ObjectCreated:*"]}
	inp := {"s3_buckets": [bucket([sns_reach("unknown", ["s3:ObjectRemoved:*"]), queue])]}
	cfg := {"params": {"SW-EV-05": {"event_types": ["s3:ObjectRemoved:Delete"]}}}
	count(rule.deny) == 0 with input as inp with data.storewatch.config as cfg
	count(rule.unknown) == 1 with input as inp with data.storewatch.config as cfg
}
