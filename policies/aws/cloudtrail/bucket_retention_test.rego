package storewatch.aws.cloudtrail.bucket_retention_test

import data.storewatch.aws.cloudtrail.bucket_retention as rule
import data.storewatch.test.fixtures

trail(bucket) := object.union(fixtures.trail, {"posture": {"bucket": object.union({"name": "trail-logs", "found": "yes", "log_prefix": "AWSLogs/111122223333/"}, bucket)}})

test_pass_object_lock if {
	inp := {"trails": [trail({"object_lock": "yes", "lifecycle": "yes", "retention_days": 30})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_pass_long_lifecycle if {
	inp := {"trails": [trail({"object_lock": "no", "lifecycle": "yes", "retention_days": 400})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_pass_long_lifecycle_object_lock_unknown if {
	inp := {"trails": [trail({"object_lock": "unknown", "lifecycle": "yes", "retention_days": 400})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_fail_short_lifecycle if {
	denied := rule.deny with input as {"trails": [trail({"object_lock": "no", "lifecycle": "yes", "retention_days": 90})]}
	some f in denied
	f.id == fixtures.trail.id
	f.evidence.retention_days == 90
}

test_fail_no_lock_no_lifecycle if {
	denied := rule.deny with input as {"trails": [trail({"object_lock": "no", "lifecycle": "no", "retention_days": 0})]}
	count(denied) == 1
}

test_pass_min_days_parameter if {
	inp := {"trails": [trail({"object_lock": "no", "lifecycle": "yes", "retention_days": 90})]}
	count(rule.deny) == 0 with input as inp with data.storewatch.config as {"params": {"SW-TI-07": {"min_retention_days": 90}}}
}

test_unknown_bucket_in_another_account if {
	inp := {"trails": [trail({"found": "unknown", "object_lock": "unknown", "lifecycle": "unknown", "retention_days": 0})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}

# A rule on another prefix, or a disabled one, leaves the trail's logs without a lifecycle:
# the resolver reports lifecycle no, with no days.
test_fail_no_rule_holds_the_trail_logs if {
	denied := rule.deny with input as {"trails": [trail({"object_lock": "no", "lifecycle": "no", "retention_days": 0})]}
	count(denied) == 1
	some f in denied
	f.evidence.log_prefix == "AWSLogs/111122223333/"
	contains(f.msg, "AWSLogs/111122223333/")
}

# A rule on one region's folder expires some of the logs sooner without keeping the rest:
# one finding, about the early expiry.
test_fail_partial_rule_expires_sooner if {
	denied := rule.deny with input as {"trails": [trail({"object_lock": "no", "lifecycle": "no", "retention_days": 30})]}
	count(denied) == 1
	some f in denied
	f.evidence.retention_days == 30
}

# A rule known to apply expires logs early even when another may or may not apply.
test_fail_short_rule_while_another_is_undecided if {
	inp := {"trails": [trail({"object_lock": "no", "lifecycle": "unknown", "retention_days": 30})]}
	count(rule.deny) == 1 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_unknown_prefix_known_after_apply if {
	inp := {"trails": [trail({"object_lock": "no", "lifecycle": "unknown", "retention_days": 0, "log_prefix": ""})]}
	count(rule.deny) == 0 with input as inp
	some u in rule.unknown with input as inp
	contains(u.msg, "known only after apply")
}
