# METADATA
# title: Neptune cluster audits and publishes its audit log to CloudWatch Logs
# description: |
#   A Neptune DB cluster exports its `audit` log to CloudWatch Logs (Security Hub Neptune.2)
#   and its cluster parameter group sets `neptune_enable_audit_log` = 1: the parameter
#   defaults to 0, and an export without it publishes nothing. A parameter the group does not
#   report counts as its default; a group that could not be read makes the verdict unknown.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/neptune-controls.html#neptune-2
#   - ref: https://docs.aws.amazon.com/neptune/latest/userguide/auditing.html
#   - ref: https://docs.aws.amazon.com/neptune/latest/userguide/cloudwatch-logs.html
# custom:
#   id: SW-LX-10
#   severity: medium
#   service: neptune
#   resource_types: [AWS::Neptune::DBCluster]
#   requires: [rds:DescribeDBClusters, rds:DescribeDBClusterParameters]
#   fields: [enabled_log_exports, parameters]
#   dimension: log_exports
#   frameworks:
#     aws-fsbp: [Neptune.2]
#     aws-config: [neptune-cluster-cloudwatch-log-export-enabled]
#   remediation:
#     console: Neptune console → Parameter groups → the cluster's custom DB cluster parameter group → neptune_enable_audit_log = 1 → Save (reboot the instances); Databases → the cluster → Modify → Log exports → Audit log → Apply immediately.
#     cli: aws neptune modify-db-cluster-parameter-group --db-cluster-parameter-group-name <group> --parameters ParameterName=neptune_enable_audit_log,ParameterValue=1,ApplyMethod=pending-reboot && aws neptune modify-db-cluster --db-cluster-identifier <id> --cloudwatch-logs-export-configuration '{"EnableLogTypes":["audit"]}' --apply-immediately
#     terraform: |
#       resource "aws_neptune_cluster_parameter_group" "audit" {
#         family = "neptune1.3"
#         parameter {
#           name  = "neptune_enable_audit_log"
#           value = "1"
#         }
#       }
#       resource "aws_neptune_cluster" "this" {
#         neptune_cluster_parameter_group_name = aws_neptune_cluster_parameter_group.audit.name
#         enable_cloudwatch_logs_exports       = ["audit"]
#       }
package storewatch.aws.neptune.cluster_audit_logs

param_ops := {"rds:DescribeDBClusterParameters", "rds:DescribeDBClusterParameterGroups"}

unreadable(c) if {
	count(c.parameters) == 0
	some e in object.get(c, "errors", [])
	e.operation in param_ops
}

problems(c) := array.concat(
	["does not export its audit log" | not "audit" in c.enabled_log_exports],
	["neptune_enable_audit_log is not 1 in its parameter group" |
		not object.get(c.parameters, "neptune_enable_audit_log", "0") in {"1", "true"}
	],
)

applies contains c.id if {
	some c in input.db_clusters
	c.type == "AWS::Neptune::DBCluster"
}

deny contains {"id": c.id, "msg": msg, "evidence": evidence} if {
	some c in input.db_clusters
	c.type == "AWS::Neptune::DBCluster"
	not unreadable(c)
	p := problems(c)
	count(p) > 0
	evidence := {
		"exported": c.enabled_log_exports,
		"parameter_group": c.parameter_group,
		"neptune_enable_audit_log": object.get(c.parameters, "neptune_enable_audit_log", null),
	}
	msg := sprintf("Neptune cluster %s %s", [c.name, concat(" and ", p)])
}

unknown contains {"id": c.id, "msg": msg} if {
	some c in input.db_clusters
	c.type == "AWS::Neptune::DBCluster"
	unreadable(c)
	msg := sprintf("the parameters of Neptune cluster %s could not be read (parameter group %q)", [c.name, c.parameter_group])
}
