package storewatch.aws.cloudtrail.delivery_healthy_test

import data.storewatch.aws.cloudtrail.delivery_healthy as rule
import data.storewatch.test.fixtures

status := {
	"is_logging": true,
	"latest_delivery_error": "",
	"latest_delivery_time": "2026-09-01T10:00:00Z",
	"latest_digest_delivery_error": "",
	"latest_digest_delivery_time": "2026-09-01T11:30:00Z",
	"latest_cloudwatch_logs_delivery_error": "",
	"latest_cloudwatch_logs_delivery_time": null,
}

trail(validated, st, p) := object.union(fixtures.trail, {
	"log_file_validation_enabled": validated,
	"status": object.union(status, st),
	"posture": object.union({"logging": "yes", "latest_delivery_age_hours": 2, "latest_digest_delivery_age_hours": 0.5}, p),
})

test_pass_recent_deliveries if {
	inp := {"trails": [trail(true, {}, {})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
	fixtures.trail.id in rule.applies with input as inp
}

test_pass_stale_digest_ignored_without_validation if {
	inp := {"trails": [trail(false, {"latest_digest_delivery_error": "AccessDenied"}, {"latest_digest_delivery_age_hours": 200})]}
	count(rule.deny) == 0 with input as inp
}

test_pass_stopped_trail_not_judged if {
	inp := {"trails": [trail(true, {"is_logging": false}, {"logging": "no", "latest_delivery_age_hours": 500})]}
	count(rule.deny) == 0 with input as inp
	not fixtures.trail.id in rule.applies with input as inp
}

test_fail_delivery_error if {
	denied := rule.deny with input as {"trails": [trail(true, {"latest_delivery_error": "AccessDenied"}, {})]}
	some f in denied
	f.id == fixtures.trail.id
	contains(f.msg, "AccessDenied")
}

test_fail_digest_error_with_validation if {
	denied := rule.deny with input as {"trails": [trail(true, {"latest_digest_delivery_error": "KMS.DisabledException"}, {})]}
	some f in denied
	contains(f.msg, "digest delivery fails")
}

test_fail_stale_log_and_digest if {
	denied := rule.deny with input as {"trails": [trail(true, {}, {"latest_delivery_age_hours": 72, "latest_digest_delivery_age_hours": 30})]}
	some f in denied
	count(f.evidence.problems) == 2
}

test_pass_max_age_parameter if {
	inp := {"trails": [trail(true, {}, {"latest_delivery_age_hours": 72, "latest_digest_delivery_age_hours": 1})]}
	count(rule.deny) == 0 with input as inp with data.storewatch.config as {"params": {"SW-TI-06": {"max_age_hours": 96}}}
}

test_unknown_status_not_collected if {
	inp := {"trails": [object.union(fixtures.trail, {"posture": {"logging": "unknown"}})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}

test_unknown_no_delivery_reported if {
	inp := {"trails": [trail(true, {}, {"latest_delivery_age_hours": null, "latest_digest_delivery_age_hours": null})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 2 with input as inp
}
