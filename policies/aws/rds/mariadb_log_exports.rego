# METADATA
# title: RDS for MariaDB instance publishes its logs to CloudWatch Logs
# description: |
#   An RDS for MariaDB DB instance exports the log types of the `log_types` parameter to
#   CloudWatch Logs. The default is `audit` and `error`, the default of Security Hub RDS.42
#   and of the AWS Config rule mariadb-publish-logs-to-cloudwatch-logs; SW-LX-01 asks for the
#   full set (audit, error, general, slowquery). The `audit` log stays empty unless the
#   instance's option group has the MARIADB_AUDIT_PLUGIN option (SW-LX-08).
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-42
#   - ref: https://docs.aws.amazon.com/config/latest/developerguide/mariadb-publish-logs-to-cloudwatch-logs.html
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.MariaDB.PublishtoCloudWatchLogs.html
# custom:
#   id: SW-LX-04
#   severity: medium
#   service: rds
#   resource_types: [AWS::RDS::DBInstance]
#   requires: [rds:DescribeDBInstances]
#   fields: [enabled_log_exports, engine]
#   applies_fields: [engine]
#   dimension: log_exports
#   frameworks:
#     aws-fsbp: [RDS.42]
#     aws-config: [mariadb-publish-logs-to-cloudwatch-logs]
#   remediation:
#     console: RDS console → Databases → the instance → Modify → Log exports → select Audit log and Error log → Continue → Apply immediately.
#     cli: aws rds modify-db-instance --db-instance-identifier <id> --cloudwatch-logs-export-configuration '{"EnableLogTypes":["audit","error"]}'
#     terraform: |
#       resource "aws_db_instance" "this" {
#         engine                          = "mariadb"
#         enabled_cloudwatch_logs_exports = ["audit", "error", "general", "slowquery"]
#       }
package storewatch.aws.rds.mariadb_log_exports

import data.storewatch.lib.config

required := {t | some t in config.param("SW-LX-04", "log_types", ["audit", "error"])}

applies contains db.id if {
	some db in input.db_instances
	db.engine == "mariadb"
}

deny contains {"id": db.id, "msg": msg, "evidence": {"exported": db.enabled_log_exports, "missing": missing}} if {
	some db in input.db_instances
	db.engine == "mariadb"
	missing := sort(required - {t | some t in db.enabled_log_exports})
	count(missing) > 0
	msg := sprintf("MariaDB instance %s does not export %s to CloudWatch Logs", [db.name, concat(", ", missing)])
}
