package storewatch.aws.opensearch.domain_application_logs_test

import data.storewatch.aws.opensearch.domain_application_logs as rule
import data.storewatch.test.fixtures

domain(logs) := object.union(fixtures.opensearch_domain, {"log_publishing": logs})

log(t, enabled) := {"log_type": t, "enabled": enabled, "log_group_arn": "arn:aws:logs:us-east-1:111122223333:log-group:/aws/opensearch/search"}

test_fail_only_slow_logs if {
	inp := {"opensearch_domains": [domain([log("SEARCH_SLOW_LOGS", true), log("INDEX_SLOW_LOGS", true)])]}
	some f in rule.deny with input as inp
	f.id == fixtures.opensearch_domain.id
	f.evidence.missing == ["ES_APPLICATION_LOGS"]
}

test_fail_application_logs_disabled if {
	inp := {"opensearch_domains": [domain([log("ES_APPLICATION_LOGS", false)])]}
	count(rule.deny) == 1 with input as inp
}

test_pass_application_logs if {
	inp := {"opensearch_domains": [domain([log("ES_APPLICATION_LOGS", true)])]}
	count(rule.deny) == 0 with input as inp
}

test_fail_prowler_profile_wants_slow_logs if {
	inp := {"opensearch_domains": [domain([log("ES_APPLICATION_LOGS", true), log("SEARCH_SLOW_LOGS", true)])]}
	cfg := {"params": {"SW-LX-15": {"log_types": ["ES_APPLICATION_LOGS", "SEARCH_SLOW_LOGS", "INDEX_SLOW_LOGS"]}}}
	some f in rule.deny with input as inp with data.storewatch.config as cfg
	f.evidence.missing == ["INDEX_SLOW_LOGS"]
}
