package storewatch.aws.cloudtrail.kms_encryption_test

import data.storewatch.aws.cloudtrail.kms_encryption as rule
import data.storewatch.test.fixtures

test_pass_kms_key if {
	count(rule.deny) == 0 with input as {"trails": [object.union(fixtures.trail, {"kms_key_id": "arn:aws:kms:us-east-1:111122223333:key/k1"})]}
}

test_fail_no_kms_key if {
	denied := rule.deny with input as {"trails": [object.union(fixtures.trail, {"kms_key_id": ""})]}
	some f in denied
	f.id == fixtures.trail.id
}
