# METADATA
# title: Redshift Serverless namespace publishes its logs to CloudWatch Logs
# description: |
#   A Redshift Serverless namespace exports the log types of the `log_exports` parameter to
#   CloudWatch Logs: by default connectionlog, userlog and useractivitylog, the three it can
#   export. The AWS Config rule redshift-serverless-publish-logs-to-cloudwatch checks only
#   connectionlog and userlog by default; the user activity log is the one that records what
#   users ran. Security Hub has a RedshiftServerless control for this whose id the rule
#   catalog could not verify, so none is mapped.
# related_resources:
#   - ref: https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-audit-logging.html
#   - ref: https://docs.aws.amazon.com/config/latest/developerguide/redshift-serverless-publish-logs-to-cloudwatch.html
# custom:
#   id: SW-LX-13
#   severity: medium
#   service: redshift-serverless
#   resource_types: [AWS::RedshiftServerless::Namespace]
#   requires: [redshift-serverless:ListNamespaces]
#   fields: [log_exports]
#   dimension: log_exports
#   frameworks:
#     aws-config: [redshift-serverless-publish-logs-to-cloudwatch]
#   remediation:
#     console: Redshift Serverless console → Namespace configuration → the namespace → Security and encryption → Edit → Export logs → select User log, Connection log and User activity log → Save changes.
#     cli: aws redshift-serverless update-namespace --namespace-name <name> --log-exports userlog connectionlog useractivitylog
#     terraform: |
#       resource "aws_redshiftserverless_namespace" "this" {
#         namespace_name = "analytics"
#         log_exports    = ["connectionlog", "userlog", "useractivitylog"]
#       }
package storewatch.aws.redshiftserverless.namespace_log_exports

import data.storewatch.lib.config

required := {t | some t in config.param("SW-LX-13", "log_exports", ["connectionlog", "userlog", "useractivitylog"])}

deny contains {"id": ns.id, "msg": msg, "evidence": {"exported": ns.log_exports, "missing": missing}} if {
	some ns in input.redshift_serverless_namespaces
	missing := sort(required - {t | some t in ns.log_exports})
	count(missing) > 0
	msg := sprintf("Redshift Serverless namespace %s does not export %s to CloudWatch Logs", [ns.name, concat(", ", missing)])
}
