package storewatch.aws.logs.store_log_groups_governed_test

import data.storewatch.aws.logs.store_log_groups_governed as rule
import data.storewatch.test.fixtures

governed := {
	"name": "/aws/rds/instance/orders/error", "found": "yes", "retention_days": null, "kms_encrypted": true,
	"kms_key_manager": "CUSTOMER", "archived": false, "error_filters": [], "unknown": [],
}

link(group) := {"type": "error", "log_group": "/aws/rds/instance/orders/error", "destination": "cloudwatch-logs", "group": group}

db(links) := object.union(fixtures.db_instance, {"name": "orders", "posture": {"logs": links}})

inp(links) := {"db_instances": [db(links)]}

test_pass_governed_group if {
	i := inp([link(governed), {"type": "audit", "log_group": "", "destination": "s3", "group": null}])
	count(rule.deny) == 0 with input as i
	count(rule.unknown) == 0 with input as i
	fixtures.db_instance.id in rule.applies with input as i
}

test_pass_long_retention if {
	count(rule.deny) == 0 with input as inp([link(object.union(governed, {"retention_days": 731}))])
}

test_fail_group_missing if {
	denied := rule.deny with input as inp([link({"name": "/aws/rds/instance/orders/error", "found": "no", "retention_days": null, "kms_encrypted": false, "unknown": []})])
	some f in denied
	f.id == fixtures.db_instance.id
	contains(f.msg, "does not exist")
	f.evidence.error.found == "no"
}

test_fail_short_retention if {
	denied := rule.deny with input as inp([link(object.union(governed, {"retention_days": 30}))])
	some f in denied
	contains(f.msg, "keeps events 30 days (less than 365)")
}

test_fail_no_kms if {
	denied := rule.deny with input as inp([link(object.union(governed, {"kms_encrypted": false}))])
	some f in denied
	contains(f.msg, "not encrypted with a KMS key")
}

test_pass_retention_from_cwl_02_parameter if {
	cfg := {"params": {"SW-CWL-02": {"min_retention_days": 30}}}
	count(rule.deny) == 0 with input as inp([link(object.union(governed, {"retention_days": 30}))]) with data.storewatch.config as cfg
}

test_fail_own_parameter_wins if {
	cfg := {"params": {"SW-CWL-02": {"min_retention_days": 30}, "SW-CWL-05": {"min_retention_days": 90}}}
	count(rule.deny) == 1 with input as inp([link(object.union(governed, {"retention_days": 30}))]) with data.storewatch.config as cfg
}

test_unknown_groups_not_listed if {
	i := inp([link({"name": "/aws/rds/instance/orders/error", "found": "unknown", "retention_days": null, "kms_encrypted": false, "unknown": []})])
	count(rule.deny) == 0 with input as i
	some u in rule.unknown with input as i
	u.id == fixtures.db_instance.id
}

test_unknown_group_not_resolved if {
	count(rule.unknown) == 1 with input as inp([link(null)])
}

test_unknown_key_left_unknown_by_plan if {
	i := inp([link(object.union(governed, {"kms_encrypted": false, "unknown": ["kms_key_id"]}))])
	count(rule.deny) == 0 with input as i
	some u in rule.unknown with input as i
	contains(u.msg, "kms_key_id")
}

test_unknown_retention_left_unknown_by_plan if {
	i := inp([link(object.union(governed, {"retention_days": 1, "unknown": ["retention_days"]}))])
	count(rule.deny) == 0 with input as i
	count(rule.unknown) == 1 with input as i
}

# A store with one failing and one undecided link gets both verdicts; the engine lets the
# failure win (TestLogRulesEndToEnd).
test_fail_with_an_undecided_link if {
	links := [link(object.union(governed, {"retention_days": 7})), object.union(link(null), {"type": "slowquery"})]
	count(rule.deny) == 1 with input as inp(links)
	count(rule.unknown) == 1 with input as inp(links)
}

test_fail_one_verdict_per_problem if {
	links := [link(object.union(governed, {"retention_days": 7, "kms_encrypted": false}))]
	count(rule.deny) == 2 with input as inp(links)
}

test_pass_store_without_cloudwatch_exports_is_not_judged if {
	rs := object.union(fixtures.redshift_cluster, {"posture": {"logs": [{"type": "audit", "log_group": "", "destination": "s3", "group": null}]}})
	count(rule.deny) == 0 with input as {"redshift_clusters": [rs]}
	not fixtures.redshift_cluster.id in rule.applies with input as {"redshift_clusters": [rs]}
}

# A store whose exports a plan leaves unknown is not judged here: its applies_fields make the
# engine report it unknown (TestAppliesFieldsUnknownUntilApply).
test_pass_exports_unknown_until_apply_are_left_to_the_engine if {
	d := object.union(fixtures.db_cluster, {"unknown_fields": ["enabled_log_exports"]})
	not fixtures.db_cluster.id in rule.applies with input as {"db_clusters": [d]}
	count(rule.deny) == 0 with input as {"db_clusters": [d]}
}

test_fail_opensearch_domain if {
	d := object.union(fixtures.opensearch_domain, {"posture": {"logs": [{"type": "AUDIT_LOGS", "log_group": "/search/audit", "destination": "cloudwatch-logs", "group": object.union(governed, {"kms_encrypted": false})}]}})
	some f in rule.deny with input as {"opensearch_domains": [d]}
	f.id == fixtures.opensearch_domain.id
}

test_fail_key_disabled if {
	denied := rule.deny with input as inp([link(object.union(governed, {"kms_key_state": "Disabled"}))])
	some f in denied
	contains(f.msg, "whose KMS key is Disabled")
}

test_pass_key_enabled_or_updating if {
	every state in ["Enabled", "Updating"] {
		i := inp([link(object.union(governed, {"kms_key_state": state}))])
		count(rule.deny) == 0 with input as i
		count(rule.unknown) == 0 with input as i
	}
}

# A key outside the snapshot is SW-CWL-03's question on the group itself.
test_pass_key_state_unknown_left_to_cwl_03 if {
	i := inp([link(object.union(governed, {"kms_key_state": "unknown"}))])
	count(rule.deny) == 0 with input as i
	count(rule.unknown) == 0 with input as i
}

test_unknown_key_creating_or_unrecognised if {
	every state in ["Creating", "SomeFutureState"] {
		i := inp([link(object.union(governed, {"kms_key_state": state}))])
		count(rule.deny) == 0 with input as i
		some u in rule.unknown with input as i
		contains(u.msg, state)
		u.evidence.error.kms_key_state == state
	}
}

test_fail_wins_over_an_undecided_key if {
	i := inp([link(object.union(governed, {"kms_key_state": "Creating", "retention_days": 7}))])
	some f in rule.deny with input as i
	contains(f.msg, "7 days")
}
