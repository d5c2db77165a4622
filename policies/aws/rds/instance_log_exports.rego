# METADATA
# title: RDS instance publishes its engine's logs to CloudWatch Logs
# description: |
#   An RDS DB instance exports the full engine-specific set of logs to CloudWatch Logs, as
#   Security Hub RDS.9 requires (not "any one log type"): MySQL and MariaDB audit, error,
#   general and slowquery; PostgreSQL postgresql and upgrade; Oracle alert, audit, trace and
#   listener; SQL Server error and agent. Members of Aurora, DocumentDB and Neptune clusters
#   export at cluster level and are judged there.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-9
# custom:
#   id: SW-LX-01
#   severity: medium
#   service: rds
#   resource_types: [AWS::RDS::DBInstance]
#   requires: [rds:DescribeDBInstances]
#   fields: [enabled_log_exports, engine]
#   applies_fields: [engine]
#   dimension: log_exports
#   frameworks:
#     aws-fsbp: [RDS.9]
#     aws-config: [rds-logging-enabled]
#   remediation:
#     console: RDS console → Databases → the instance → Modify → Log exports → select every log type listed in the finding → Apply immediately.
#     cli: aws rds modify-db-instance --db-instance-identifier <id> --cloudwatch-logs-export-configuration '{"EnableLogTypes":["audit","error","general","slowquery"]}' --apply-immediately
#     terraform: |
#       resource "aws_db_instance" "this" {
#         enabled_cloudwatch_logs_exports = ["audit", "error", "general", "slowquery"]
#       }
package storewatch.aws.rds.instance_log_exports

import data.storewatch.lib.config

default_required := {
	"mysql": ["audit", "error", "general", "slowquery"],
	"mariadb": ["audit", "error", "general", "slowquery"],
	"postgres": ["postgresql", "upgrade"],
	"oracle": ["alert", "audit", "trace", "listener"],
	"sqlserver": ["error", "agent"],
	"db2": ["diag.log", "notify.log"],
}

family(engine) := "oracle" if startswith(engine, "oracle")
else := "sqlserver" if startswith(engine, "sqlserver")
else := "db2" if startswith(engine, "db2")
else := engine

required(engine) := {t | some t in object.get(config.param("SW-LX-01", "required", default_required), family(engine), [])}

applies contains db.id if {
	some db in input.db_instances
	db.cluster_id == ""
	count(required(db.engine)) > 0
}

deny contains {"id": db.id, "msg": msg, "evidence": {"engine": db.engine, "exported": db.enabled_log_exports, "missing": missing}} if {
	some db in input.db_instances
	db.cluster_id == ""
	exported := {t | some t in db.enabled_log_exports}
	missing := sort(required(db.engine) - exported)
	count(missing) > 0
	msg := sprintf("%s (%s) does not export %s to CloudWatch Logs", [db.name, db.engine, concat(", ", missing)])
}
