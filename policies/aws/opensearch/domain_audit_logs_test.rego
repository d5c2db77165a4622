package storewatch.aws.opensearch.domain_audit_logs_test

import data.storewatch.aws.opensearch.domain_audit_logs as rule
import data.storewatch.test.fixtures

domain(overrides) := object.union(fixtures.opensearch_domain, overrides)

audit(enabled) := {"log_type": "AUDIT_LOGS", "enabled": enabled, "log_group_arn": "arn:aws:logs:us-east-1:111122223333:log-group:/aws/opensearch/search/audit"}

test_fail_no_audit_logs_and_no_fgac if {
	inp := {"opensearch_domains": [domain({"advanced_security_enabled": false})]}
	some f in rule.deny with input as inp
	f.id == fixtures.opensearch_domain.id
	contains(f.msg, "need fine-grained access control")
}

test_fail_audit_logs_configured_but_disabled if {
	inp := {"opensearch_domains": [domain({"advanced_security_enabled": true, "log_publishing": [audit(false)]})]}
	some f in rule.deny with input as inp
	f.msg == "OpenSearch domain example does not publish audit logs"
}

test_pass_audit_logs_enabled if {
	inp := {"opensearch_domains": [domain({"advanced_security_enabled": true, "log_publishing": [audit(true)]})]}
	count(rule.deny) == 0 with input as inp
}

# Audit logs are written by the fine-grained access control (security) plugin: a domain
# without it that "publishes" AUDIT_LOGS (a plan, or a configuration AWS would reject)
# records nothing.
test_fail_audit_logs_published_without_fgac if {
	inp := {"opensearch_domains": [domain({"advanced_security_enabled": false, "log_publishing": [audit(true)]})]}
	some f in rule.deny with input as inp
	f.id == fixtures.opensearch_domain.id
	contains(f.msg, "fine-grained access control")
}
