# METADATA
# title: Aurora MySQL cluster publishes its audit log to CloudWatch Logs
# description: |
#   An Aurora MySQL DB cluster exports the `audit` log to CloudWatch Logs (Security Hub
#   RDS.34), so that the audit trail of every instance of the cluster lands in one place that
#   outlives the instances. The export alone publishes an empty log: Advanced Auditing must
#   also be turned on in the cluster parameter group (SW-LX-06). Aurora Serverless v1
#   clusters (engine mode `serverless`) cannot configure exports and are not judged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-34
#   - ref: https://docs.aws.amazon.com/config/latest/developerguide/rds-aurora-mysql-audit-logging-enabled.html
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Integrating.CloudWatch.html
# custom:
#   id: SW-LX-05
#   severity: medium
#   service: rds
#   resource_types: [AWS::RDS::DBCluster]
#   requires: [rds:DescribeDBClusters]
#   fields: [enabled_log_exports, engine]
#   applies_fields: [engine]
#   dimension: log_exports
#   frameworks:
#     aws-fsbp: [RDS.34]
#     aws-config: [rds-aurora-mysql-audit-logging-enabled]
#   remediation:
#     console: RDS console → Databases → the cluster → Modify → Log exports → select Audit log → Continue → Apply immediately.
#     cli: aws rds modify-db-cluster --db-cluster-identifier <id> --cloudwatch-logs-export-configuration '{"EnableLogTypes":["audit"]}' --apply-immediately
#     terraform: |
#       resource "aws_rds_cluster" "this" {
#         engine                          = "aurora-mysql"
#         enabled_cloudwatch_logs_exports = ["audit", "error", "general", "slowquery"]
#       }
package storewatch.aws.rds.aurora_mysql_audit_export

# "aurora" is the engine name of the retired MySQL 5.6-compatible Aurora.
judged(c) if {
	c.type == "AWS::RDS::DBCluster"
	c.engine in {"aurora-mysql", "aurora"}
	c.engine_mode != "serverless"
}

applies contains c.id if {
	some c in input.db_clusters
	judged(c)
}

deny contains {"id": c.id, "msg": msg, "evidence": {"exported": c.enabled_log_exports}} if {
	some c in input.db_clusters
	judged(c)
	not "audit" in c.enabled_log_exports
	msg := sprintf("Aurora MySQL cluster %s does not export its audit log to CloudWatch Logs", [c.name])
}
