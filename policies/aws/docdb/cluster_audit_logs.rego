# METADATA
# title: DocumentDB cluster audits and publishes its audit log to CloudWatch Logs
# description: |
#   A DocumentDB cluster exports the log types of the `log_types` parameter to CloudWatch
#   Logs, and its cluster parameter group turns each of them on: `audit_logs` not
#   `disabled`/`none` for `audit` (DocumentDB auditing is off by default and an export
#   without it publishes nothing), `profiler` = `enabled` for `profiler`. The anchors
#   disagree on the exports: Security Hub DocumentDB.4 requires `audit`, Prowler `audit` and
#   `profiler`, Trivy either one. The default is `audit` alone: the audit log records who did
#   what, which is what this theme is about, while the profiler is a performance log with a
#   cost; set `log_types` to ["audit", "profiler"] to match Prowler. A parameter the group
#   does not report counts as its default (off); a group that could not be read makes the
#   verdict unknown.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/documentdb-controls.html#documentdb-4
#   - ref: https://docs.aws.amazon.com/documentdb/latest/developerguide/event-auditing.html
#   - ref: https://docs.aws.amazon.com/documentdb/latest/developerguide/profiling.html
# custom:
#   id: SW-LX-09
#   severity: medium
#   service: docdb
#   resource_types: [AWS::DocDB::DBCluster]
#   requires: [rds:DescribeDBClusters, rds:DescribeDBClusterParameters]
#   fields: [enabled_log_exports, parameters]
#   dimension: log_exports
#   frameworks:
#     aws-fsbp: [DocumentDB.4]
#     aws-config: [docdb-cluster-audit-logging-enabled]
#   remediation:
#     console: DocumentDB console → Parameter groups → the cluster's custom parameter group → audit_logs = enabled → Save; Clusters → the cluster → Modify → Log exports → Audit logs → Apply immediately.
#     cli: aws docdb modify-db-cluster-parameter-group --db-cluster-parameter-group-name <group> --parameters ParameterName=audit_logs,ParameterValue=enabled,ApplyMethod=immediate && aws docdb modify-db-cluster --db-cluster-identifier <id> --cloudwatch-logs-export-configuration '{"EnableLogTypes":["audit"]}' --apply-immediately
#     terraform: |
#       resource "aws_docdb_cluster_parameter_group" "audit" {
#         family = "docdb5.0"
#         parameter {
#           name  = "audit_logs"
#           value = "enabled"
#         }
#       }
#       resource "aws_docdb_cluster" "this" {
#         db_cluster_parameter_group_name = aws_docdb_cluster_parameter_group.audit.name
#         enabled_cloudwatch_logs_exports = ["audit"]
#       }
package storewatch.aws.docdb.cluster_audit_logs

import data.storewatch.lib.config

required := {t | some t in config.param("SW-LX-09", "log_types", ["audit"])}

param_ops := {"rds:DescribeDBClusterParameters", "rds:DescribeDBClusterParameterGroups"}

unreadable(c) if {
	count(c.parameters) == 0
	some e in object.get(c, "errors", [])
	e.operation in param_ops
}

# off says whether the parameter that turns a log type on leaves it off.
off("audit", c) if lower(object.get(c.parameters, "audit_logs", "disabled")) in {"disabled", "none", "false", ""}

off("profiler", c) if lower(object.get(c.parameters, "profiler", "disabled")) != "enabled"

problems(c) := array.concat(
	[sprintf("does not export %s", [concat(", ", missing)]) |
		missing := sort(required - {t | some t in c.enabled_log_exports})
		count(missing) > 0
	],
	sort([sprintf("%s is off in its parameter group", [name[t]]) | some t in required; off(t, c)]),
)

name := {"audit": "audit_logs", "profiler": "profiler"}

applies contains c.id if {
	some c in input.db_clusters
	c.type == "AWS::DocDB::DBCluster"
}

deny contains {"id": c.id, "msg": msg, "evidence": evidence} if {
	some c in input.db_clusters
	c.type == "AWS::DocDB::DBCluster"
	not unreadable(c)
	p := problems(c)
	count(p) > 0
	evidence := {
		"exported": c.enabled_log_exports,
		"parameter_group": c.parameter_group,
		"audit_logs": object.get(c.parameters, "audit_logs", null),
	}
	msg := sprintf("DocumentDB cluster %s %s", [c.name, concat("; ", p)])
}

unknown contains {"id": c.id, "msg": msg} if {
	some c in input.db_clusters
	c.type == "AWS::DocDB::DBCluster"
	unreadable(c)
	msg := sprintf("the parameters of DocumentDB cluster %s could not be read (parameter group %q)", [c.name, c.parameter_group])
}
