package storewatch.aws.dynamodb.account_capacity_alarms_test

import data.storewatch.aws.dynamodb.account_capacity_alarms as rule
import data.storewatch.test.fixtures

link(metric) := {
	"alarm": metric, "name": metric, "namespace": "AWS/DynamoDB", "metric": metric, "statistic": "Maximum", "threshold": 80,
	"comparison_operator": "GreaterThanThreshold", "period": 300, "evaluation_periods": 2, "datapoints_to_alarm": 2,
	"via_metric_math": false, "effective": "yes", "problems": [], "self_healing": false,
}

region(tables, links) := object.union(fixtures.region, {"posture": object.union(fixtures.region.posture, {
	"store_count": {"AWS::DynamoDB::Table": tables},
	"dynamodb_account_capacity_alarms": links,
})})

test_fail_write_alarm_missing if {
	denied := rule.deny with input as {"regions": [region(3, [link("AccountProvisionedReadCapacityUtilization")])]}
	some f in denied
	f.id == fixtures.region.id
	f.evidence.missing == ["AccountProvisionedWriteCapacityUtilization"]
}

test_pass_both_alarms if {
	inp := {"regions": [region(3, [link("AccountProvisionedReadCapacityUtilization"), link("AccountProvisionedWriteCapacityUtilization")])]}
	count(rule.deny) == 0 with input as inp
	fixtures.region.id in rule.applies with input as inp
}

test_pass_region_without_tables_is_not_judged if {
	inp := {"regions": [fixtures.region]}
	count(rule.deny) == 0 with input as inp
	not fixtures.region.id in rule.applies with input as inp
}

test_pass_metrics_parameter if {
	cfg := {"params": {"SW-MA-03": {"metrics": ["AccountProvisionedReadCapacityUtilization"]}}}
	count(rule.deny) == 0 with input as {"regions": [region(1, [link("AccountProvisionedReadCapacityUtilization")])]} with data.storewatch.config as cfg
}

# A monitoring account's cross-account alarm may read the account's capacity metrics: when
# its alarms in the region could not be listed, the missing alarm may be among them.
test_unknown_alarms_of_another_account_not_listed if {
	r := object.union(region(3, [link("AccountProvisionedReadCapacityUtilization")]), {"posture": {"unlisted_alarm_accounts": ["444455556666"]}})
	count(rule.deny) == 0 with input as {"regions": [r]}
	some u in rule.unknown with input as {"regions": [r]}
	u.id == fixtures.region.id
	u.evidence == {"missing": ["AccountProvisionedWriteCapacityUtilization"], "tables": 3, "unlisted_alarm_accounts": ["444455556666"]}
	u.msg == "us-east-1 has 3 DynamoDB tables and no known alarm on AccountProvisionedWriteCapacityUtilization, but the alarms of account 444455556666 in us-east-1 could not be listed, and a cross-account alarm among them may read the account's capacity metrics"
}

test_pass_both_alarms_though_others_not_listed if {
	r := object.union(region(3, [link("AccountProvisionedReadCapacityUtilization"), link("AccountProvisionedWriteCapacityUtilization")]), {"posture": {"unlisted_alarm_accounts": ["444455556666"]}})
	count(rule.deny) == 0 with input as {"regions": [r]}
	count(rule.unknown) == 0 with input as {"regions": [r]}
}

# A planned alarm whose metric name the plan leaves unknown might be the missing one once
# applied: undecided, not failed, and the message says which alarm and why.
test_unknown_planned_alarm_might_read_the_metric if {
	undecided := [{"alarm": "aws_cloudwatch_metric_alarm.capacity", "reasons": ["its metric name is known only after apply"]}]
	r := object.union(region(3, [link("AccountProvisionedReadCapacityUtilization")]), {"posture": {"unresolved_capacity_alarms": undecided}})
	count(rule.deny) == 0 with input as {"regions": [r]}
	some u in rule.unknown with input as {"regions": [r]}
	u.id == fixtures.region.id
	u.evidence == {"missing": ["AccountProvisionedWriteCapacityUtilization"], "tables": 3, "unresolved_alarms": ["aws_cloudwatch_metric_alarm.capacity"]}
	u.msg == "us-east-1 has 3 DynamoDB tables and no known alarm on AccountProvisionedWriteCapacityUtilization, but alarms whose metrics the plan leaves unknown until apply might read them: aws_cloudwatch_metric_alarm.capacity (its metric name is known only after apply)"
}

test_pass_both_alarms_though_a_planned_one_is_undecided if {
	undecided := [{"alarm": "aws_cloudwatch_metric_alarm.capacity", "reasons": ["its metric name is known only after apply"]}]
	r := object.union(region(3, [link("AccountProvisionedReadCapacityUtilization"), link("AccountProvisionedWriteCapacityUtilization")]), {"posture": {"unresolved_capacity_alarms": undecided}})
	count(rule.deny) == 0 with input as {"regions": [r]}
	count(rule.unknown) == 0 with input as {"regions": [r]}
}
