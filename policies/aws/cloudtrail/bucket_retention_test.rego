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

# A rule on the logs whose expiration date has passed deletes them within a day of
# delivery, whatever a whole-bucket rule says.
test_fail_passed_expiration_date if {
	inp := {"trails": [trail({"object_lock": "no", "lifecycle": "yes", "retention_days": 400, "expired_since": "2025-01-01T00:00:00Z"})]}
	denied := rule.deny with input as inp
	count(denied) == 1
	some f in denied
	f.evidence.expired_since == "2025-01-01T00:00:00Z"
	contains(f.msg, "2025-01-01T00:00:00Z")
	count(rule.unknown) == 0 with input as inp
}

# One finding only, about the passed date, when no rule keeps the logs either.
test_fail_passed_expiration_date_alone if {
	denied := rule.deny with input as {"trails": [trail({"object_lock": "no", "lifecycle": "no", "retention_days": 30, "expired_since": "2025-01-01T00:00:00Z"})]}
	count(denied) == 1
	some f in denied
	f.evidence.expired_since == "2025-01-01T00:00:00Z"
}

test_pass_passed_expiration_date_object_lock if {
	inp := {"trails": [trail({"object_lock": "yes", "lifecycle": "no", "expired_since": "2025-01-01T00:00:00Z"})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

# With Object Lock unknown, a passed date leaves the verdict unknown, never a pass.
test_unknown_passed_expiration_date_object_lock_unknown if {
	inp := {"trails": [trail({"object_lock": "unknown", "lifecycle": "yes", "retention_days": 400, "expired_since": "2025-01-01T00:00:00Z"})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}

# A date to come closer than the minimum: a file delivered at collection is kept only
# until then, a known fail, though the resolver cannot state the lifecycle in days.
test_fail_near_expiration_date if {
	inp := {"trails": [trail({"object_lock": "no", "lifecycle": "unknown", "retention_days": 400, "lifecycle_reason": "whatever", "next_expiration_date": "2027-01-01T00:00:00Z", "days_to_next_expiration": 121})]}
	denied := rule.deny with input as inp
	count(denied) == 1
	some f in denied
	f.evidence.next_expiration_date == "2027-01-01T00:00:00Z"
	f.evidence.days_to_next_expiration == 121
	contains(f.msg, "on 2027-01-01T00:00:00Z")
	contains(f.msg, "at most 121 days, fewer than 365")
	count(rule.unknown) == 0 with input as inp
}

# Less than a day left is zero whole days.
test_fail_expiration_date_tomorrow if {
	inp := {"trails": [trail({"object_lock": "no", "lifecycle": "unknown", "retention_days": 400, "next_expiration_date": "2026-09-02T00:00:00Z", "days_to_next_expiration": 0})]}
	count(rule.deny) == 1 with input as inp
	count(rule.unknown) == 0 with input as inp
}

# One finding only: a passed date, or shorter days, are reported before a date to come,
# which is reported before the missing rule for the rest of the logs.
test_fail_near_expiration_date_one_finding if {
	near := {"next_expiration_date": "2027-01-01T00:00:00Z", "days_to_next_expiration": 121}
	some f1 in rule.deny with input as {"trails": [trail(object.union(near, {"object_lock": "no", "lifecycle": "yes", "retention_days": 30}))]}
	f1.evidence.retention_days == 30
	count(rule.deny) == 1 with input as {"trails": [trail(object.union(near, {"object_lock": "no", "lifecycle": "yes", "retention_days": 30}))]}
	some f2 in rule.deny with input as {"trails": [trail(object.union(near, {"object_lock": "no", "lifecycle": "no", "expired_since": "2025-01-01T00:00:00Z"}))]}
	f2.evidence.expired_since == "2025-01-01T00:00:00Z"
	count(rule.deny) == 1 with input as {"trails": [trail(object.union(near, {"object_lock": "no", "lifecycle": "no", "expired_since": "2025-01-01T00:00:00Z"}))]}
	some f3 in rule.deny with input as {"trails": [trail(object.union(near, {"object_lock": "no", "lifecycle": "no"}))]}
	f3.evidence.days_to_next_expiration == 121
	count(rule.deny) == 1 with input as {"trails": [trail(object.union(near, {"object_lock": "no", "lifecycle": "no"}))]}
}

test_near_expiration_date_object_lock if {
	near := {"lifecycle": "unknown", "retention_days": 400, "next_expiration_date": "2027-01-01T00:00:00Z", "days_to_next_expiration": 121}
	count(rule.deny) == 0 with input as {"trails": [trail(object.union(near, {"object_lock": "yes"}))]}
	count(rule.unknown) == 0 with input as {"trails": [trail(object.union(near, {"object_lock": "yes"}))]}
	count(rule.deny) == 0 with input as {"trails": [trail(object.union(near, {"object_lock": "unknown"}))]}
	count(rule.unknown) == 1 with input as {"trails": [trail(object.union(near, {"object_lock": "unknown"}))]}
}

test_near_expiration_date_min_param if {
	inp := {"trails": [trail({"object_lock": "no", "lifecycle": "unknown", "retention_days": 400, "next_expiration_date": "2027-01-01T00:00:00Z", "days_to_next_expiration": 121})]}
	count(rule.deny) == 0 with input as inp with data.storewatch.config.params as {"SW-TI-07": {"min_retention_days": 90}}
	count(rule.unknown) == 1 with input as inp with data.storewatch.config.params as {"SW-TI-07": {"min_retention_days": 90}}
}

# A date still to come at least the minimum away, or a tag-filtered rule that would expire
# the logs sooner once they are tagged: the resolver says lifecycle unknown, and why.
test_unknown_lifecycle_reason if {
	reason := "lifecycle rule \"cutoff\" deletes every object it holds on 2028-01-01, however new: how many days the trail's files are kept cannot be stated in days"
	inp := {"trails": [trail({"object_lock": "no", "lifecycle": "unknown", "retention_days": 400, "lifecycle_reason": reason, "next_expiration_date": "2028-01-01T00:00:00Z", "days_to_next_expiration": 486})]}
	count(rule.deny) == 0 with input as inp
	some u in rule.unknown with input as inp
	endswith(u.msg, concat("", [": ", reason]))
}

test_unknown_tagged_rule_sooner if {
	reason := "lifecycle rule \"tagged\" expires the trail's files once they carry its tags, which anyone allowed s3:PutObjectTagging can add, after 30 days, sooner than the 400 days the other rules give"
	inp := {"trails": [trail({"object_lock": "no", "lifecycle": "unknown", "retention_days": 400, "lifecycle_reason": reason})]}
	count(rule.deny) == 0 with input as inp
	some u in rule.unknown with input as inp
	contains(u.msg, "s3:PutObjectTagging")
}

# Even the soonest rule that may come to hold the files keeps them long enough: the
# lifecycle is unknown, the verdict is not.
test_pass_tagged_rule_sooner_but_long_enough if {
	reason := "lifecycle rule \"tagged\" expires the trail's files once they carry its tags, which anyone allowed s3:PutObjectTagging can add, after 370 days, sooner than the 900 days the other rules give"
	inp := {"trails": [trail({"object_lock": "no", "lifecycle": "unknown", "retention_days": 900, "may_expire_days": 370, "lifecycle_reason": reason})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp with data.storewatch.config.params as {"SW-TI-07": {"min_retention_days": 400}}
}

# A shorter rule known to apply still fails, whatever the reason the rest is unknown.
test_fail_short_rule_with_lifecycle_reason if {
	inp := {"trails": [trail({"object_lock": "no", "lifecycle": "unknown", "retention_days": 30, "lifecycle_reason": "whatever"})]}
	count(rule.deny) == 1 with input as inp
	count(rule.unknown) == 0 with input as inp
}
