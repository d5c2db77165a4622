package storewatch.aws.cloudtrail.cloudwatch_logs_delivery_test

import data.storewatch.aws.cloudtrail.cloudwatch_logs_delivery as rule
import data.storewatch.test.fixtures

group := "arn:aws:logs:us-east-1:111122223333:log-group:/aws/cloudtrail/main:*"

status := {
	"is_logging": true,
	"latest_delivery_error": "",
	"latest_delivery_time": null,
	"latest_digest_delivery_error": "",
	"latest_digest_delivery_time": null,
	"latest_cloudwatch_logs_delivery_error": "",
	"latest_cloudwatch_logs_delivery_time": "2026-09-01T11:55:00Z",
}

trail(arn, st, p) := object.union(fixtures.trail, {
	"cloudwatch_logs_log_group_arn": arn,
	"status": object.union(status, st),
	"posture": object.union({"logging": "yes", "latest_cloudwatch_logs_delivery_age_hours": 0.1}, p),
})

test_pass_recent_delivery if {
	inp := {"trails": [trail(group, {}, {})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

# A stopped trail is judged on its configuration only; SW-TC-01 reports it stopped.
test_pass_stopped_trail_with_group if {
	inp := {"trails": [trail(group, {"is_logging": false}, {"logging": "no", "latest_cloudwatch_logs_delivery_age_hours": 900})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_fail_no_log_group if {
	denied := rule.deny with input as {"trails": [trail("", {}, {})]}
	some f in denied
	f.id == fixtures.trail.id
	contains(f.msg, "does not deliver")
}

test_fail_no_log_group_even_without_status if {
	denied := rule.deny with input as {"trails": [object.union(fixtures.trail, {"posture": {"logging": "unknown"}})]}
	count(denied) == 1
}

test_fail_delivery_error if {
	denied := rule.deny with input as {"trails": [trail(group, {"latest_cloudwatch_logs_delivery_error": "AccessDeniedException"}, {})]}
	some f in denied
	f.evidence.error == "AccessDeniedException"
}

test_fail_stale_delivery if {
	denied := rule.deny with input as {"trails": [trail(group, {}, {"latest_cloudwatch_logs_delivery_age_hours": 49.5})]}
	some f in denied
	f.evidence.age_hours == 49.5
}

test_pass_max_age_parameter if {
	inp := {"trails": [trail(group, {}, {"latest_cloudwatch_logs_delivery_age_hours": 49.5})]}
	count(rule.deny) == 0 with input as inp with data.storewatch.config as {"params": {"SW-CWL-01": {"max_age_hours": 72}}}
}

test_unknown_status_not_collected if {
	inp := {"trails": [object.union(fixtures.trail, {"cloudwatch_logs_log_group_arn": group, "posture": {"logging": "unknown"}})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}

test_unknown_never_delivered if {
	inp := {"trails": [trail(group, {}, {"latest_cloudwatch_logs_delivery_age_hours": null})]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 1 with input as inp
}
