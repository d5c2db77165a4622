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
