# METADATA
# title: RDS DB cluster publishes its engine's logs to CloudWatch Logs
# description: |
#   An Aurora or Multi-AZ DB cluster exports its engine's logs to CloudWatch Logs, per the
#   `required` parameter (engine → log types). Defaults: Aurora PostgreSQL `postgresql`
#   (Security Hub RDS.37); Multi-AZ PostgreSQL `postgresql` and `upgrade`; Multi-AZ MySQL
#   `error`, `general` and `slowquery` (Multi-AZ clusters cannot export an audit log); Aurora
#   MySQL `error`, `general` and `slowquery` (its `audit` log is SW-LX-05's, so one missing
#   export is reported once). Prowler passes a cluster that exports any one log type; this
#   rule wants the set. DocumentDB and Neptune clusters are judged by SW-LX-09 and SW-LX-10;
#   Aurora Serverless v1 clusters cannot configure exports and are not judged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-37
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html
# custom:
#   id: SW-LX-07
#   severity: medium
#   service: rds
#   resource_types: [AWS::RDS::DBCluster]
#   requires: [rds:DescribeDBClusters]
#   fields: [enabled_log_exports, engine]
#   applies_fields: [engine]
#   dimension: log_exports
#   frameworks:
#     aws-fsbp: [RDS.37]
#     aws-config: [rds-aurora-postgresql-logs-to-cloudwatch]
#   remediation:
#     console: RDS console → Databases → the cluster → Modify → Log exports → select every log type listed in the finding → Continue → Apply immediately.
#     cli: aws rds modify-db-cluster --db-cluster-identifier <id> --cloudwatch-logs-export-configuration '{"EnableLogTypes":["postgresql"]}' --apply-immediately
#     terraform: |
#       resource "aws_rds_cluster" "this" {
#         engine                          = "aurora-postgresql"
#         enabled_cloudwatch_logs_exports = ["postgresql"]
#       }
package storewatch.aws.rds.cluster_log_exports

import data.storewatch.lib.config

default_required := {
	"aurora-postgresql": ["postgresql"],
	"postgres": ["postgresql", "upgrade"],
	"mysql": ["error", "general", "slowquery"],
	"aurora-mysql": ["error", "general", "slowquery"],
	"aurora": ["error", "general", "slowquery"],
}

required(engine) := {t | some t in object.get(config.param("SW-LX-07", "required", default_required), engine, [])}

judged(c) if {
	c.type == "AWS::RDS::DBCluster"
	c.engine_mode != "serverless"
	count(required(c.engine)) > 0
}

applies contains c.id if {
	some c in input.db_clusters
	judged(c)
}

deny contains {"id": c.id, "msg": msg, "evidence": {"engine": c.engine, "exported": c.enabled_log_exports, "missing": missing}} if {
	some c in input.db_clusters
	judged(c)
	missing := sort(required(c.engine) - {t | some t in c.enabled_log_exports})
	count(missing) > 0
	msg := sprintf("DB cluster %s (%s) does not export %s to CloudWatch Logs", [c.name, c.engine, concat(", ", missing)])
}
