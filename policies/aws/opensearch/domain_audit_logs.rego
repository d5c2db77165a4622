# METADATA
# title: OpenSearch domain publishes audit logs to CloudWatch Logs
# description: |
#   An OpenSearch Service (or Elasticsearch) domain publishes AUDIT_LOGS to CloudWatch Logs
#   (Security Hub OpenSearch.5 and its legacy twin ES.5): who authenticated, who was refused,
#   which indices were read or changed. Audit logs are written by fine-grained access
#   control: a domain without it fails, whether or not it has an AUDIT_LOGS publishing
#   option (which then delivers nothing), and is told so in the finding.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html#opensearch-5
#   - ref: https://docs.aws.amazon.com/opensearch-service/latest/developerguide/audit-logs.html
# custom:
#   id: SW-LX-14
#   severity: medium
#   service: opensearch
#   resource_types: [AWS::OpenSearchService::Domain]
#   requires: [es:DescribeDomains]
#   fields: [log_publishing, advanced_security_enabled]
#   dimension: log_exports
#   frameworks:
#     aws-fsbp: [OpenSearch.5, ES.5]
#     aws-config: [opensearch-audit-logging-enabled]
#   remediation:
#     console: OpenSearch Service console → Domains → the domain → Logs → Audit logs → Enable → choose or create a log group (with a resource policy that lets es.amazonaws.com write) → Enable. Turn on fine-grained access control first if the domain lacks it.
#     cli: aws opensearch update-domain-config --domain-name <name> --log-publishing-options 'AUDIT_LOGS={CloudWatchLogsLogGroupArn=arn:aws:logs:<region>:<account>:log-group:/aws/opensearch/<name>/audit,Enabled=true}'
#     terraform: |
#       resource "aws_opensearch_domain" "this" {
#         advanced_security_options {
#           enabled = true
#         }
#         log_publishing_options {
#           log_type                 = "AUDIT_LOGS"
#           cloudwatch_log_group_arn = aws_cloudwatch_log_group.audit.arn
#         }
#       }
package storewatch.aws.opensearch.domain_audit_logs

publishes_audit(d) if {
	some l in d.log_publishing
	l.log_type == "AUDIT_LOGS"
	l.enabled == true
}

deny contains {"id": d.id, "msg": msg, "evidence": {"log_publishing": d.log_publishing, "advanced_security_enabled": d.advanced_security_enabled}} if {
	some d in input.opensearch_domains
	not publishes_audit(d)
	hint := {true: "", false: " (audit logs need fine-grained access control, which is off)"}[d.advanced_security_enabled]
	msg := sprintf("OpenSearch domain %s does not publish audit logs%s", [d.name, hint])
}

# The audit log is written by the security plugin of fine-grained access control: without
# it, an AUDIT_LOGS publishing option delivers nothing.
deny contains {"id": d.id, "msg": msg, "evidence": {"log_publishing": d.log_publishing, "advanced_security_enabled": false}} if {
	some d in input.opensearch_domains
	publishes_audit(d)
	d.advanced_security_enabled == false
	msg := sprintf("OpenSearch domain %s publishes audit logs, but fine-grained access control, which writes them, is off: the log stays empty", [d.name])
}
