# METADATA
# title: Trail excludes no management event source
# description: |
#   The trail's management event selectors exclude no event source: no basic selector lists
#   ExcludeManagementEventSources (kms.amazonaws.com, rdsdata.amazonaws.com) and no advanced
#   selector has an eventSource NotEquals, NotStartsWith or NotEndsWith condition. Excluding
#   rdsdata.amazonaws.com leaves RDS Data API calls to Aurora unrecorded; excluding
#   kms.amazonaws.com hides the use of the keys that protect the data stores. A source that
#   one selector excludes but another records is not reported.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_EventSelector.html
#   - ref: https://docs.aws.amazon.com/config/latest/developerguide/cloudtrail-security-trail-enabled.html
# custom:
#   id: SW-TC-03
#   severity: medium
#   service: cloudtrail
#   resource_types: [AWS::CloudTrail::Trail]
#   requires: [cloudtrail:GetEventSelectors]
#   fields: [event_selectors, advanced_event_selectors]
#   dimension: management_events
#   frameworks:
#     aws-config: [cloudtrail-security-trail-enabled]
#   remediation:
#     console: CloudTrail console → Trails → the trail → Management events → Edit → clear "Exclude AWS KMS events" and "Exclude Amazon RDS Data API events".
#     cli: aws cloudtrail put-event-selectors --trail-name <trail> --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true,"ExcludeManagementEventSources":[]}]'
#     terraform: |
#       resource "aws_cloudtrail" "main" {
#         event_selector {
#           read_write_type                  = "All"
#           include_management_events        = true
#           exclude_management_event_sources = []
#         }
#       }
package storewatch.aws.cloudtrail.no_excluded_sources

deny contains {"id": t.id, "msg": msg, "evidence": {"excluded_event_sources": t.posture.excluded_event_sources}} if {
	some t in input.trails
	count(t.posture.excluded_event_sources) > 0
	msg := sprintf("trail %s excludes the management events of %s", [t.name, concat(", ", t.posture.excluded_event_sources)])
}

unknown contains {"id": t.id, "msg": msg} if {
	some t in input.trails
	t.posture.management_events == "unknown"
	msg := sprintf("the event selectors of trail %s were not collected", [t.name])
}
