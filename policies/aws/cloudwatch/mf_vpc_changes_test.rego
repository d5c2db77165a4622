package storewatch.aws.cloudwatch.mf_vpc_changes_test

import data.storewatch.aws.cloudwatch.mf_vpc_changes as rule
import data.storewatch.test.fixtures

account(controls) := object.union(fixtures.account, {"posture": {"metric_filter_controls": controls}})

chain := {
	"trail": "arn:aws:cloudtrail:us-east-1:111122223333:trail/main",
	"log_group": "arn:aws:logs:us-east-1:111122223333:log-group:CloudTrail/Default:*",
	"filter": "vpc-changes",
	"metric": "VPCChanges",
	"namespace": "CISBenchmark",
	"alarm": "arn:aws:cloudwatch:us-east-1:111122223333:alarm:vpc-changes",
	"topic": "arn:aws:sns:us-east-1:111122223333:security",
}

test_pass_complete_chain if {
	inp := {"accounts": [account([{"control": "MF-14", "status": "yes", "reason": "", "chain": chain}])]}
	count(rule.deny) == 0 with input as inp
	count(rule.unknown) == 0 with input as inp
}

test_pass_other_controls_failing_do_not_matter if {
	inp := {"accounts": [account([
		{"control": "MF-14", "status": "yes", "reason": "", "chain": chain},
		{"control": "OTHER", "status": "no", "reason": "broken", "chain": chain},
	])]}
	count(rule.deny) == 0 with input as inp
}

test_fail_names_the_missing_link if {
	reason := "metric filter vpc-changes in log group CloudTrail/Default publishes no metric"
	inp := {"accounts": [account([{"control": "MF-14", "status": "no", "reason": reason, "chain": chain}])]}
	denied := rule.deny with input as inp
	some f in denied
	f.id == fixtures.account.id
	f.msg == sprintf("Account %s has no alarm on VPC changes: %s", [fixtures.account.id, reason])
	f.evidence.control == "MF-14"
	count(rule.unknown) == 0 with input as inp
}

test_unknown_when_a_link_was_not_collected if {
	inp := {"accounts": [account([{"control": "MF-14", "status": "unknown", "reason": "the alarms of 111122223333 in us-east-1 could not be listed (cloudwatch:DescribeAlarms failed)", "chain": chain}])]}
	undecided := rule.unknown with input as inp
	some u in undecided
	u.id == fixtures.account.id
	contains(u.msg, "the alarms of 111122223333 in us-east-1 could not be listed (cloudwatch:DescribeAlarms failed)")
	count(rule.deny) == 0 with input as inp
}

test_unknown_when_not_resolved if {
	inp := {"accounts": [account([])]}
	some u in rule.unknown with input as inp
	u.id == fixtures.account.id
	count(rule.deny) == 0 with input as inp
}
