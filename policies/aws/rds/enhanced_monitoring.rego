# METADATA
# title: RDS Enhanced Monitoring is on
# description: |
#   CloudWatch's RDS metrics come from the hypervisor once a minute; Enhanced Monitoring adds
#   the operating system's view (per-process CPU and memory, swap, file system, disk queue) at
#   down to one-second granularity, which is what explains a CPU or memory alarm. A DB instance
#   (and a Multi-AZ DB cluster, which has the setting at cluster level) passes when its
#   monitoring interval is set and no longer than max_interval seconds (parameter, default 60,
#   the longest interval RDS offers, as in Security Hub RDS.6). DocumentDB and Neptune
#   instances, which do not offer Enhanced Monitoring, are not judged. Some API answers (and
#   moto) omit the interval: that is unknown, not a failure.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-6
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.html
# custom:
#   id: SW-MON-01
#   severity: low
#   service: rds
#   resource_types: [AWS::RDS::DBInstance, AWS::RDS::DBCluster]
#   requires: [rds:DescribeDBInstances, rds:DescribeDBClusters]
#   fields: [monitoring_interval]
#   applies_fields: [engine]
#   dimension: insights
#   frameworks:
#     aws-fsbp: [RDS.6]
#     aws-config: [rds-enhanced-monitoring-enabled]
#   remediation:
#     console: RDS console → Databases → the instance (or Multi-AZ cluster) → Modify → Monitoring → Enable Enhanced Monitoring, granularity 60 seconds or less, monitoring role (default rds-monitoring-role) → Continue → Apply immediately.
#     cli: aws rds modify-db-instance --db-instance-identifier <id> --monitoring-interval 60 --monitoring-role-arn arn:aws:iam::<account>:role/rds-monitoring-role --apply-immediately
#     terraform: |
#       resource "aws_db_instance" "this" {
#         monitoring_interval = 60
#         monitoring_role_arn = aws_iam_role.rds_monitoring.arn
#       }
package storewatch.aws.rds.enhanced_monitoring

import data.storewatch.lib.config

targets := array.concat(
	[d | some d in input.db_instances; not d.engine in {"docdb", "neptune"}],
	[c | some c in input.db_clusters; c.type == "AWS::RDS::DBCluster"; c.engine in {"mysql", "postgres"}],
)

applies contains t.id if some t in targets

deny contains {"id": t.id, "msg": msg, "evidence": {"monitoring_interval": 0}} if {
	some t in targets
	t.monitoring_interval == 0
	msg := sprintf("%s does not use Enhanced Monitoring", [t.name])
}

max_interval := config.param("SW-MON-01", "max_interval", 60)

deny contains {"id": t.id, "msg": msg, "evidence": {"monitoring_interval": t.monitoring_interval, "max_interval": max_interval}} if {
	some t in targets
	t.monitoring_interval != null
	t.monitoring_interval > max_interval
	msg := sprintf("%s samples Enhanced Monitoring every %d seconds, more than %d", [t.name, t.monitoring_interval, max_interval])
}

unknown contains {"id": t.id, "msg": sprintf("the Enhanced Monitoring interval of %s was not reported", [t.name])} if {
	some t in targets
	t.monitoring_interval == null
}
