# METADATA
# title: Aurora MySQL cluster has Advanced Auditing turned on
# description: |
#   An Aurora MySQL DB cluster's parameter group turns Advanced Auditing on
#   (`server_audit_logging` = 1/ON) and says what to audit (`server_audit_events` not
#   empty), as Security Hub RDS.45 requires. Both default to off and empty: a cluster that
#   exports its `audit` log (SW-LX-05) without them publishes an empty log. A parameter the
#   group does not report counts as its engine default. When the cluster parameter group
#   could not be read, the verdict is unknown (another engine's unreadable group concerns
#   this rule not at all).
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-45
#   - ref: https://docs.aws.amazon.com/config/latest/developerguide/aurora-mysql-cluster-audit-logging.html
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Auditing.html
# custom:
#   id: SW-LX-06
#   severity: medium
#   service: rds
#   resource_types: [AWS::RDS::DBCluster]
#   requires: [rds:DescribeDBClusters, rds:DescribeDBClusterParameters]
#   scoped_requires: [rds:DescribeDBClusterParameters]
#   fields: [parameters, engine]
#   applies_fields: [engine]
#   dimension: log_exports
#   frameworks:
#     aws-fsbp: [RDS.45]
#     aws-config: [aurora-mysql-cluster-audit-logging]
#   remediation:
#     console: RDS console → Parameter groups → the cluster's (custom) DB cluster parameter group → Edit → server_audit_logging = 1, server_audit_events = CONNECT,QUERY_DCL,QUERY_DDL → Save; attach the group to the cluster if it uses a default group.
#     cli: aws rds modify-db-cluster-parameter-group --db-cluster-parameter-group-name <group> --parameters ParameterName=server_audit_logging,ParameterValue=1,ApplyMethod=immediate ParameterName=server_audit_events,ParameterValue='CONNECT,QUERY_DCL,QUERY_DDL',ApplyMethod=immediate
#     terraform: |
#       resource "aws_rds_cluster_parameter_group" "audit" {
#         family = "aurora-mysql8.0"
#         parameter {
#           name  = "server_audit_logging"
#           value = "1"
#         }
#         parameter {
#           name  = "server_audit_events"
#           value = "CONNECT,QUERY_DCL,QUERY_DDL"
#         }
#       }
package storewatch.aws.rds.aurora_mysql_audit_logging

param_ops := {"rds:DescribeDBClusterParameters", "rds:DescribeDBClusterParameterGroups"}

judged(c) if {
	c.type == "AWS::RDS::DBCluster"
	c.engine in {"aurora-mysql", "aurora"}
}

# The collector leaves parameters empty when it could not read the group, and records why.
unreadable(c) if {
	count(c.parameters) == 0
	some e in object.get(c, "errors", [])
	e.operation in param_ops
}

logging_off(c) if not lower(object.get(c.parameters, "server_audit_logging", "0")) in {"1", "on"}

no_events(c) if trim_space(object.get(c.parameters, "server_audit_events", "")) == ""

applies contains c.id if {
	some c in input.db_clusters
	judged(c)
}

# Only the judged clusters read their parameter group here: one that could not be read for
# an Aurora PostgreSQL or Multi-AZ cluster leaves the rule not applying to it, not unknown.
depends["rds:DescribeDBClusterParameters"] contains c.id if {
	some c in input.db_clusters
	judged(c)
}

deny contains {"id": c.id, "msg": msg, "evidence": evidence} if {
	some c in input.db_clusters
	judged(c)
	not unreadable(c)
	missing := [p |
		some p in ["server_audit_logging", "server_audit_events"]
		off(c, p)
	]
	count(missing) > 0
	evidence := {
		"parameter_group": c.parameter_group,
		"server_audit_logging": object.get(c.parameters, "server_audit_logging", null),
		"server_audit_events": object.get(c.parameters, "server_audit_events", null),
	}
	msg := sprintf("Aurora MySQL cluster %s does not audit: %s in parameter group %q", [c.name, concat(" and ", [reason[p] | some p in missing]), c.parameter_group])
}

off(c, "server_audit_logging") if logging_off(c)

off(c, "server_audit_events") if no_events(c)

reason := {
	"server_audit_logging": "server_audit_logging is not 1/ON",
	"server_audit_events": "server_audit_events is empty",
}

unknown contains {"id": c.id, "msg": msg} if {
	some c in input.db_clusters
	judged(c)
	unreadable(c)
	msg := sprintf("the parameters of Aurora MySQL cluster %s could not be read (parameter group %q)", [c.name, c.parameter_group])
}
