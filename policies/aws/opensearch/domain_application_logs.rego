# METADATA
# title: OpenSearch domain publishes its error logs to CloudWatch Logs
# description: |
#   An OpenSearch Service (or Elasticsearch) domain publishes the log types of the
#   `log_types` parameter to CloudWatch Logs; the default is ES_APPLICATION_LOGS, the error
#   log that Security Hub OpenSearch.4 (and legacy ES.4) checks. The anchors disagree: the
#   Prowler check mapped to OpenSearch.4 tests SEARCH_SLOW_LOGS and INDEX_SLOW_LOGS instead;
#   set `log_types` to ["ES_APPLICATION_LOGS", "SEARCH_SLOW_LOGS", "INDEX_SLOW_LOGS"] to
#   require both views. Slow logs also need thresholds set on the indices to record anything.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html#opensearch-4
#   - ref: https://docs.aws.amazon.com/opensearch-service/latest/developerguide/createdomain-configure-slow-logs.html
# custom:
#   id: SW-LX-15
#   severity: medium
#   service: opensearch
#   resource_types: [AWS::OpenSearchService::Domain]
#   requires: [es:DescribeDomains]
#   fields: [log_publishing]
#   dimension: log_exports
#   frameworks:
#     aws-fsbp: [OpenSearch.4, ES.4]
#     aws-config: [opensearch-logs-to-cloudwatch, elasticsearch-logs-to-cloudwatch]
#   remediation:
#     console: OpenSearch Service console → Domains → the domain → Logs → Error logs → Enable → choose or create a log group → Enable.
#     cli: aws opensearch update-domain-config --domain-name <name> --log-publishing-options 'ES_APPLICATION_LOGS={CloudWatchLogsLogGroupArn=arn:aws:logs:<region>:<account>:log-group:/aws/opensearch/<name>/application,Enabled=true}'
#     terraform: |
#       resource "aws_opensearch_domain" "this" {
#         log_publishing_options {
#           log_type                 = "ES_APPLICATION_LOGS"
#           cloudwatch_log_group_arn = aws_cloudwatch_log_group.opensearch.arn
#         }
#       }
package storewatch.aws.opensearch.domain_application_logs

import data.storewatch.lib.config

required := {t | some t in config.param("SW-LX-15", "log_types", ["ES_APPLICATION_LOGS"])}

deny contains {"id": d.id, "msg": msg, "evidence": {"log_publishing": d.log_publishing, "missing": missing}} if {
	some d in input.opensearch_domains
	published := {l.log_type | some l in d.log_publishing; l.enabled == true}
	missing := sort(required - published)
	count(missing) > 0
	msg := sprintf("OpenSearch domain %s does not publish %s to CloudWatch Logs", [d.name, concat(", ", missing)])
}
