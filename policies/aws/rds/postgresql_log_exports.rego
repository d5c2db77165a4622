# METADATA
# title: RDS for PostgreSQL instance publishes its logs to CloudWatch Logs
# description: |
#   An RDS for PostgreSQL DB instance exports the log types of the `log_types` parameter to
#   CloudWatch Logs. The default is `postgresql`, the default of Security Hub RDS.36 and of
#   the AWS Config rule rds-postgresql-logs-to-cloudwatch; add `upgrade` to match SW-LX-01,
#   which requires both. Members of Multi-AZ DB clusters are judged at cluster level
#   (SW-LX-07). Exporting the `postgresql` log only publishes what the engine writes: what
#   it writes is set by the parameter group (log_statement, log_connections, pgaudit; see
#   SW-LX-08).
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-36
#   - ref: https://docs.aws.amazon.com/config/latest/developerguide/rds-postgresql-logs-to-cloudwatch.html
# custom:
#   id: SW-LX-02
#   severity: medium
#   service: rds
#   resource_types: [AWS::RDS::DBInstance]
#   requires: [rds:DescribeDBInstances]
#   fields: [enabled_log_exports, engine]
#   applies_fields: [engine]
#   dimension: log_exports
#   frameworks:
#     aws-fsbp: [RDS.36]
#     aws-config: [rds-postgresql-logs-to-cloudwatch]
#   remediation:
#     console: RDS console → Databases → the instance → Modify → Log exports → select PostgreSQL log (and Upgrade log) → Continue → Apply immediately.
#     cli: aws rds modify-db-instance --db-instance-identifier <id> --cloudwatch-logs-export-configuration '{"EnableLogTypes":["postgresql","upgrade"]}'
#     terraform: |
#       resource "aws_db_instance" "this" {
#         engine                          = "postgres"
#         enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]
#       }
package storewatch.aws.rds.postgresql_log_exports

import data.storewatch.lib.config

required := {t | some t in config.param("SW-LX-02", "log_types", ["postgresql"])}

judged(db) if {
	db.engine == "postgres"
	db.cluster_id == ""
}

applies contains db.id if {
	some db in input.db_instances
	judged(db)
}

deny contains {"id": db.id, "msg": msg, "evidence": {"exported": db.enabled_log_exports, "missing": missing}} if {
	some db in input.db_instances
	judged(db)
	missing := sort(required - {t | some t in db.enabled_log_exports})
	count(missing) > 0
	msg := sprintf("PostgreSQL instance %s does not export %s to CloudWatch Logs", [db.name, concat(", ", missing)])
}
