package storewatch.aws.s3.request_metrics_test

import data.storewatch.aws.s3.request_metrics as rule
import data.storewatch.test.fixtures

test_fail_no_configuration if {
	some f in rule.deny with input as {"s3_buckets": [fixtures.s3_bucket]}
	f.id == fixtures.s3_bucket.id
}

test_pass_entire_bucket if {
	count(rule.deny) == 0 with input as {"s3_buckets": [object.union(fixtures.s3_bucket, {"metrics_configurations": ["EntireBucket"]})]}
}
