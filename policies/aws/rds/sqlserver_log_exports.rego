# METADATA
# title: RDS for SQL Server instance publishes its logs to CloudWatch Logs
# description: |
#   An RDS for SQL Server DB instance (sqlserver-ee, -se, -ex or -web) exports the log types
#   of the `log_types` parameter to CloudWatch Logs, by default `error` and `agent`, the
#   two SQL Server can export (Security Hub RDS.40). RDS Custom for SQL Server cannot export
#   logs and is not judged. Logging what users do inside the database needs the
#   SQLSERVER_AUDIT option (SW-LX-08).
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-40
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Concepts.SQLServer.html
# custom:
#   id: SW-LX-03
#   severity: medium
#   service: rds
#   resource_types: [AWS::RDS::DBInstance]
#   requires: [rds:DescribeDBInstances]
#   fields: [enabled_log_exports, engine]
#   applies_fields: [engine]
#   dimension: log_exports
#   frameworks:
#     aws-fsbp: [RDS.40]
#     aws-config: [rds-sqlserver-logs-to-cloudwatch]
#   remediation:
#     console: RDS console → Databases → the instance → Modify → Log exports → select Agent log and Error log → Continue → Apply immediately.
#     cli: aws rds modify-db-instance --db-instance-identifier <id> --cloudwatch-logs-export-configuration '{"EnableLogTypes":["error","agent"]}'
#     terraform: |
#       resource "aws_db_instance" "this" {
#         engine                          = "sqlserver-se"
#         enabled_cloudwatch_logs_exports = ["error", "agent"]
#       }
package storewatch.aws.rds.sqlserver_log_exports

import data.storewatch.lib.config

required := {t | some t in config.param("SW-LX-03", "log_types", ["error", "agent"])}

# RDS Custom engines are named custom-sqlserver-*, so the prefix leaves them out.
judged(db) if {
	startswith(db.engine, "sqlserver-")
	db.cluster_id == ""
}

applies contains db.id if {
	some db in input.db_instances
	judged(db)
}

deny contains {"id": db.id, "msg": msg, "evidence": {"engine": db.engine, "exported": db.enabled_log_exports, "missing": missing}} if {
	some db in input.db_instances
	judged(db)
	missing := sort(required - {t | some t in db.enabled_log_exports})
	count(missing) > 0
	msg := sprintf("SQL Server instance %s (%s) does not export %s to CloudWatch Logs", [db.name, db.engine, concat(", ", missing)])
}
