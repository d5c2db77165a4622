package storewatch.aws.s3.bucket_data_events_test

import data.storewatch.aws.s3.bucket_data_events as rule
import data.storewatch.test.fixtures

yes := {"status": "yes", "by": ["arn:aws:cloudtrail:us-east-1:111122223333:trail/main"], "reason": ""}

no := {"status": "no", "by": [], "reason": "no logging trail records the data events of the AWS::S3::Bucket bucket: trail main records only the AWS::S3::Object data events with resources.ARN StartsWith [arn:aws:s3:::bucket/exports/]"}

undecided := {"status": "unknown", "by": [], "reason": "the event selectors of trail main were not collected"}

bucket(read, write) := object.union(fixtures.s3_bucket, {"posture": {"data_events": {"read": read, "write": write}}})

test_pass_read_and_write if {
	inp := {"s3_buckets": [bucket(yes, yes)]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_fail_prefix_only if {
	denied := rule.deny with input as {"s3_buckets": [bucket(no, no)]}
	some f in denied
	f.id == fixtures.s3_bucket.id
	contains(f.msg, "read and write")
	contains(f.msg, "StartsWith")
}

# A readOnly selector records reads; writes are still missing.
test_fail_read_only_selector if {
	denied := rule.deny with input as {"s3_buckets": [bucket(yes, no)]}
	some f in denied
	contains(f.msg, "write data events")
}

test_pass_writes_only_parameter if {
	inp := {"s3_buckets": [bucket(no, yes)]}
	count(rule.deny) == 0 with input as inp with data.storewatch.config as {"params": {"SW-DE-03": {"directions": ["write"]}}}
}

test_unknown_selectors_not_collected if {
	inp := {"s3_buckets": [bucket(yes, undecided)]}
	count(rule.deny) == 0 with input as inp
	some u in rule.unknown with input as inp
	contains(u.msg, "not collected")
}

test_unknown_not_resolved if {
	inp := {"s3_buckets": [object.union(fixtures.s3_bucket, {"posture": {"data_events": null}})]}
	count(rule.unknown) == 1 with input as inp
}
