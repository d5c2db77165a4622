# METADATA
# title: A multi-Region trail records all read and write management events
# description: |
#   The account is recorded by a logging multi-Region trail that records read and write
#   management events (CIS 3.1): a basic selector with IncludeManagementEvents and
#   ReadWriteType All, or an advanced selector on eventCategory Management without a readOnly
#   condition. The trail may be the account's own or an organisation trail owned by another
#   account of its organisation. Two multi-Region trails that together record read and write
#   events also pass. A single-Region trail never satisfies this rule, however many regions
#   have one, and a selector restricted to some event names does not count. Excluded event
#   sources are judged by SW-TC-03.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1
#   - ref: https://docs.aws.amazon.com/config/latest/developerguide/multi-region-cloudtrail-enabled.html
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
# custom:
#   id: SW-TC-02
#   severity: high
#   service: cloudtrail
#   resource_types: [AWS::::Account]
#   collects: [cloudtrail:DescribeTrails, cloudtrail:GetTrailStatus, cloudtrail:GetEventSelectors]
#   dimension: management_events
#   frameworks:
#     aws-fsbp: [CloudTrail.1]
#     cis-aws-v3.0: ["3.1"]
#     aws-config: [multi-region-cloudtrail-enabled]
#   remediation:
#     console: CloudTrail console → Trails → the trail → General details → Edit → enable "Multi-region trail"; then Management events → Edit → API activity Read and Write.
#     cli: aws cloudtrail update-trail --name main --is-multi-region-trail --include-global-service-events && aws cloudtrail put-event-selectors --trail-name main --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]'
#     terraform: |
#       resource "aws_cloudtrail" "main" {
#         name                          = "main"
#         s3_bucket_name                = aws_s3_bucket.trail.id
#         is_multi_region_trail         = true
#         include_global_service_events = true
#         event_selector {
#           read_write_type           = "All"
#           include_management_events = true
#         }
#       }
package storewatch.aws.cloudtrail.multi_region_trail

deny contains {"id": a.id, "msg": msg, "evidence": {"multi_region_trail": a.posture.multi_region_trail}} if {
	some a in input.accounts
	a.posture.multi_region_trail.status == "no"
	msg := sprintf("account %s has no logging multi-Region trail recording read and write management events: %s", [a.id, a.posture.multi_region_trail.reason])
}

unknown contains {"id": a.id, "msg": msg} if {
	some a in input.accounts
	a.posture.multi_region_trail.status == "unknown"
	msg := sprintf("whether a multi-Region trail records account %s is unknown: %s", [a.id, a.posture.multi_region_trail.reason])
}
