package storewatch.aws.cloudtrail.s3_write_data_events_test

import data.storewatch.aws.cloudtrail.s3_write_data_events as rule
import data.storewatch.test.fixtures

account(write, read) := object.union(fixtures.account, {"posture": {"s3_data_events": {"write": write, "read": read}}})

yes := {"status": "yes", "by": ["arn:aws:cloudtrail:us-east-1:111122223333:trail/main"], "reason": ""}

no := {"status": "no", "by": [], "reason": "no logging multi-Region trail records S3 object-level data events of all buckets: trail main records only the AWS::S3::Object data events with resources.ARN NotStartsWith [arn:aws:s3:::scratch/]"}

test_pass_all_buckets if {
	inp := {"accounts": [account(yes, no)]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_fail_not_recorded if {
	denied := rule.deny with input as {"accounts": [account(no, yes)]}
	some f in denied
	f.id == fixtures.account.id
	contains(f.msg, "NotStartsWith")
}

test_unknown_selectors if {
	inp := {"accounts": [account({"status": "unknown", "by": [], "reason": "the event selectors of trail main were not collected"}, yes)]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}
