# METADATA
# title: Redshift cluster has audit logging on
# description: |
#   A provisioned Redshift cluster has audit logging enabled (DescribeLoggingStatus, Security
#   Hub Redshift.4). When it delivers to CloudWatch Logs, it exports the log types of the
#   `log_exports` parameter (default: connectionlog, userlog and useractivitylog); delivery
#   to S3 carries every log type. With the `bucket_names` parameter set (AWS Config's
#   bucketNames), an S3 destination must be one of those buckets. The user activity log stays
#   empty unless the parameter group turns it on (SW-LX-12). A logging status that was not
#   collected makes the verdict unknown.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/redshift-controls.html#redshift-4
#   - ref: https://docs.aws.amazon.com/config/latest/developerguide/redshift-audit-logging-enabled.html
#   - ref: https://docs.aws.amazon.com/redshift/latest/mgmt/db-auditing.html
# custom:
#   id: SW-LX-11
#   severity: medium
#   service: redshift
#   resource_types: [AWS::Redshift::Cluster]
#   requires: [redshift:DescribeClusters, redshift:DescribeLoggingStatus]
#   fields: [logging]
#   dimension: log_exports
#   frameworks:
#     aws-fsbp: [Redshift.4]
#     aws-config: [redshift-audit-logging-enabled]
#   remediation:
#     console: Redshift console → Clusters → the cluster → Properties → Database configurations → Edit audit logging → Turn on → CloudWatch, with connection log, user log and user activity log → Save changes.
#     cli: aws redshift enable-logging --cluster-identifier <id> --log-destination-type cloudwatch --log-exports connectionlog userlog useractivitylog
#     terraform: |
#       resource "aws_redshift_logging" "this" {
#         cluster_identifier   = aws_redshift_cluster.this.id
#         log_destination_type = "cloudwatch"
#         log_exports          = ["connectionlog", "userlog", "useractivitylog"]
#       }
package storewatch.aws.redshift.cluster_audit_logging

import data.storewatch.lib.config

required := {t | some t in config.param("SW-LX-11", "log_exports", ["connectionlog", "userlog", "useractivitylog"])}

buckets := config.param("SW-LX-11", "bucket_names", [])

problems(l) := ["audit logging is off"] if {
	l.enabled == false
} else := array.concat(
	[sprintf("its CloudWatch delivery does not export %s", [concat(", ", missing)]) |
		l.destination_type == "cloudwatch"
		missing := sort(required - {t | some t in l.log_exports})
		count(missing) > 0
	],
	[sprintf("it logs to bucket %q, not one of %s", [l.bucket_name, concat(", ", buckets)]) |
		l.destination_type != "cloudwatch"
		count(buckets) > 0
		not l.bucket_name in buckets
	],
)

deny contains {"id": c.id, "msg": msg, "evidence": c.logging} if {
	some c in input.redshift_clusters
	c.logging != null
	p := problems(c.logging)
	count(p) > 0
	msg := sprintf("Redshift cluster %s: %s", [c.name, concat("; ", p)])
}

unknown contains {"id": c.id, "msg": msg} if {
	some c in input.redshift_clusters
	c.logging == null
	msg := sprintf("the audit logging status of Redshift cluster %s was not collected", [c.name])
}
