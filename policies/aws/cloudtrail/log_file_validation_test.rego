package storewatch.aws.cloudtrail.log_file_validation_test

import data.storewatch.aws.cloudtrail.log_file_validation as rule
import data.storewatch.test.fixtures

test_pass_validation_enabled if {
	count(rule.deny) == 0 with input as {"trails": [object.union(fixtures.trail, {"log_file_validation_enabled": true})]}
}

test_fail_validation_disabled if {
	denied := rule.deny with input as {"trails": [object.union(fixtures.trail, {"log_file_validation_enabled": false})]}
	some f in denied
	f.id == fixtures.trail.id
}
