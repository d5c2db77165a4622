package storewatch.aws.logs.store_log_error_alarms_test

import data.storewatch.aws.logs.store_log_error_alarms as rule
import data.storewatch.test.fixtures

alarmed_errors := {"filter": "errors", "catches": ["error", "out_of_memory"], "metric": "App/DBErrors", "alarmed": "yes", "alarms": ["a"]}

group(filters) := {
	"name": "/aws/rds/instance/orders/error", "found": "yes", "retention_days": null, "kms_encrypted": true,
	"kms_key_manager": "CUSTOMER", "archived": false, "error_filters": filters, "unknown": [],
}

link(t, g) := {"type": t, "log_group": "/aws/rds/instance/orders/error", "destination": "cloudwatch-logs", "group": g}

inp(links) := {"db_instances": [object.union(fixtures.db_instance, {"name": "orders", "posture": {"logs": links}})]}

test_pass_alarmed_error_filter if {
	i := inp([link("error", group([alarmed_errors])), link("slowquery", group([]))])
	count(rule.deny) == 0 with input as i
	count(rule.unknown) == 0 with input as i
	fixtures.db_instance.id in rule.applies with input as i
}

test_fail_no_filter if {
	denied := rule.deny with input as inp([link("error", group([]))])
	some f in denied
	f.id == fixtures.db_instance.id
	contains(f.msg, "catching error")
	f.evidence.error.missing == ["error"]
}

test_fail_filter_without_alarm if {
	f := object.union(alarmed_errors, {"alarmed": "no", "alarms": []})
	count(rule.deny) == 1 with input as inp([link("error", group([f]))])
}

test_fail_group_missing if {
	g := object.union(group([]), {"found": "no"})
	some f in rule.deny with input as inp([link("postgresql", g)])
	contains(f.msg, "does not exist")
}

test_pass_slow_query_log_only_is_not_judged if {
	i := inp([link("slowquery", group([]))])
	count(rule.deny) == 0 with input as i
	not fixtures.db_instance.id in rule.applies with input as i
}

test_unknown_alarm_undecided if {
	f := object.union(alarmed_errors, {"alarmed": "unknown"})
	i := inp([link("error", group([f]))])
	count(rule.deny) == 0 with input as i
	some u in rule.unknown with input as i
	contains(u.msg, "could not be decided")
}

test_pass_undecided_filter_beside_an_alarmed_one if {
	f := object.union(alarmed_errors, {"filter": "errors-2", "alarmed": "unknown"})
	i := inp([link("error", group([alarmed_errors, f]))])
	count(rule.deny) == 0 with input as i
	count(rule.unknown) == 0 with input as i
}

test_unknown_filters_not_listed if {
	g := object.union(group([]), {"unknown": ["metric_filters"]})
	i := inp([link("error", g)])
	count(rule.deny) == 0 with input as i
	some u in rule.unknown with input as i
	contains(u.msg, "could not be listed")
}

test_unknown_group_not_listed if {
	count(rule.unknown) == 1 with input as inp([link("error", object.union(group([]), {"found": "unknown"}))])
}

test_fail_parameter_requires_more_categories if {
	cfg := {"params": {"SW-CWL-08": {"required": {"error": ["error", "auth_failure"]}}}}
	denied := rule.deny with input as inp([link("error", group([alarmed_errors]))]) with data.storewatch.config as cfg
	some f in denied
	contains(f.msg, "catching auth_failure")
}

test_fail_redshift_connection_log_needs_auth_failures if {
	rs := object.union(fixtures.redshift_cluster, {"posture": {"logs": [link("connectionlog", group([alarmed_errors]))]}})
	some f in rule.deny with input as {"redshift_clusters": [rs]}
	contains(f.msg, "auth_failure")
}

# A store whose exports a plan leaves unknown is not judged here: its applies_fields make the
# engine report it unknown (TestAppliesFieldsUnknownUntilApply).
test_pass_exports_unknown_are_left_to_the_engine if {
	d := object.union(fixtures.opensearch_domain, {"unknown_fields": ["log_publishing"]})
	not fixtures.opensearch_domain.id in rule.applies with input as {"opensearch_domains": [d]}
	count(rule.deny) == 0 with input as {"opensearch_domains": [d]}
}
