# METADATA
# title: Logging trails that record management events have CloudTrail Insights
# description: |
#   A trail that is logging and records management events has at least one Insights
#   selector (ApiCallRateInsight or ApiErrorRateInsight), so that unusual bursts of API
#   calls or errors against the data stores (a mass deletion, a scripted exfiltration) are
#   flagged. Trails that record only data events, and trails that are not logging, are not
#   judged. The verdict is unknown when the trail's status or selectors were not collected.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-insights-events-with-cloudtrail.html
# custom:
#   id: SW-TC-05
#   severity: low
#   service: cloudtrail
#   resource_types: [AWS::CloudTrail::Trail]
#   requires: [cloudtrail:GetInsightSelectors]
#   collects: [cloudtrail:GetTrailStatus, cloudtrail:GetEventSelectors]
#   fields: [insight_types]
#   dimension: insights
#   remediation:
#     console: CloudTrail console → Trails → the trail → Insights events → Edit → select API call rate and API error rate.
#     cli: aws cloudtrail put-insight-selectors --trail-name <trail> --insight-selectors '[{"InsightType":"ApiCallRateInsight"},{"InsightType":"ApiErrorRateInsight"}]'
#     terraform: |
#       resource "aws_cloudtrail" "main" {
#         insight_selector {
#           insight_type = "ApiCallRateInsight"
#         }
#         insight_selector {
#           insight_type = "ApiErrorRateInsight"
#         }
#       }
package storewatch.aws.cloudtrail.insights_enabled

applies contains t.id if {
	some t in input.trails
	t.posture.logging != "no"
	t.posture.management_events != "none"
}

deny contains {"id": t.id, "msg": msg, "evidence": {"management_events": t.posture.management_events}} if {
	some t in input.trails
	t.posture.logging == "yes"
	t.posture.management_events in {"all", "read", "write"}
	count(t.insight_types) == 0
	msg := sprintf("trail %s records management events but has no CloudTrail Insights selector", [t.name])
}

unknown contains {"id": t.id, "msg": msg} if {
	some t in input.trails
	count(t.insight_types) == 0
	"unknown" in {t.posture.logging, t.posture.management_events}
	msg := sprintf("trail %s has no Insights selector, and whether it is logging management events is unknown", [t.name])
}
