# METADATA
# title: Redshift cluster writes its user activity log
# description: |
#   A provisioned Redshift cluster's parameter group sets `enable_user_activity_logging` to
#   `true`. The user activity log (each query before it runs) is the part of Redshift audit
#   logging that says what users did, and it stays empty, whatever SW-LX-11's exports say,
#   until this parameter is on; its default is false. A parameter the group does not report
#   counts as its default; a group that could not be read makes the verdict unknown.
# related_resources:
#   - ref: https://docs.aws.amazon.com/redshift/latest/mgmt/db-auditing.html#db-auditing-enable-logging
#   - ref: https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-parameter-groups.html
# custom:
#   id: SW-LX-12
#   severity: medium
#   service: redshift
#   resource_types: [AWS::Redshift::Cluster]
#   requires: [redshift:DescribeClusters, redshift:DescribeClusterParameters]
#   fields: [parameters]
#   dimension: log_exports
#   remediation:
#     console: Redshift console → Configurations → Workload management → the cluster's custom parameter group → Parameters → enable_user_activity_logging = true → Save; the cluster picks it up at its next reboot.
#     cli: aws redshift modify-cluster-parameter-group --parameter-group-name <group> --parameters ParameterName=enable_user_activity_logging,ParameterValue=true
#     terraform: |
#       resource "aws_redshift_parameter_group" "audit" {
#         family = "redshift-1.0"
#         parameter {
#           name  = "enable_user_activity_logging"
#           value = "true"
#         }
#       }
package storewatch.aws.redshift.user_activity_logging

param_ops := {"redshift:DescribeClusterParameters", "redshift:DescribeClusterParameterGroups"}

unreadable(c) if {
	count(c.parameters) == 0
	some e in object.get(c, "errors", [])
	e.operation in param_ops
}

deny contains {"id": c.id, "msg": msg, "evidence": evidence} if {
	some c in input.redshift_clusters
	not unreadable(c)
	value := object.get(c.parameters, "enable_user_activity_logging", "false")
	lower(value) != "true"
	evidence := {"parameter_group": c.parameter_group, "enable_user_activity_logging": value}
	msg := sprintf("Redshift cluster %s does not log user activity: enable_user_activity_logging is %s in %s", [c.name, value, group(c)])
}

unknown contains {"id": c.id, "msg": msg} if {
	some c in input.redshift_clusters
	unreadable(c)
	msg := sprintf("the parameters of Redshift cluster %s could not be read (%s)", [c.name, group(c)])
}

# A plan leaves the group of a cluster that names none empty until apply: the default group.
group(c) := sprintf("parameter group %q", [c.parameter_group]) if c.parameter_group != ""

else := "its default parameter group"
