package storewatch.aws.s3.bucket_access_logging_test

import data.storewatch.aws.s3.bucket_access_logging as rule
import data.storewatch.test.fixtures

bucket(overrides) := object.union(fixtures.s3_bucket, overrides)

test_fail_no_logging if {
	some f in rule.deny with input as {"s3_buckets": [bucket({"logging": null})]}
	f.id == fixtures.s3_bucket.id
}

test_pass_logging_on if {
	inp := {"s3_buckets": [bucket({"logging": {"target_bucket": "logs", "target_prefix": "example/"}})]}
	count(rule.deny) == 0 with input as inp
	fixtures.s3_bucket.id in rule.applies with input as inp
}

test_pass_log_target_is_exempt if {
	inp := {"s3_buckets": [bucket({"logging": null, "log_delivery_target": true})]}
	count(rule.deny) == 0 with input as inp
	count(rule.applies) == 0 with input as inp
}

test_fail_target_not_in_parameter if {
	inp := {"s3_buckets": [bucket({"logging": {"target_bucket": "scratch", "target_prefix": ""}})]}
	cfg := {"params": {"SW-LX-16": {"target_buckets": ["central-logs"]}}}
	some f in rule.deny with input as inp with data.storewatch.config as cfg
	f.evidence.target_bucket == "scratch"
}

test_pass_target_in_parameter if {
	inp := {"s3_buckets": [bucket({"logging": {"target_bucket": "central-logs", "target_prefix": ""}})]}
	cfg := {"params": {"SW-LX-16": {"target_buckets": ["central-logs"]}}}
	count(rule.deny) == 0 with input as inp with data.storewatch.config as cfg
}
