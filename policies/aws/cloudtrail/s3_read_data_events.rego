# METADATA
# title: S3 object-level read data events are recorded for all buckets
# description: |
#   A logging multi-Region trail records S3 object-level read data events for every bucket
#   of the account (CIS 3.9): a basic selector whose ReadWriteType includes read events with
#   an AWS::S3::Object data resource of arn:aws:s3 or arn:aws:s3:::, or an advanced selector
#   on eventCategory Data and resources.type AWS::S3::Object with no resources.ARN condition
#   that leaves buckets out and no eventName filter. An organisation trail of another account
#   counts. Selectors naming some buckets or prefixes, a NotStartsWith exception, or a
#   single-Region trail do not satisfy this rule; per-bucket coverage is SW-DE-03.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
# custom:
#   id: SW-DE-02
#   severity: medium
#   service: cloudtrail
#   resource_types: [AWS::::Account]
#   collects: [cloudtrail:DescribeTrails, cloudtrail:GetTrailStatus, cloudtrail:GetEventSelectors]
#   dimension: data_events
#   frameworks:
#     aws-fsbp: [S3.23]
#     cis-aws-v3.0: ["3.9"]
#     aws-config: [cloudtrail-all-read-s3-data-event-check, cloudtrail-s3-dataevents-enabled]
#   remediation:
#     console: CloudTrail console → Trails → the multi-Region trail → Data events → Edit → Add data event type S3 → Log selector template "Log all events" (or "Log read events only" alongside another trail).
#     cli: aws cloudtrail put-event-selectors --trail-name <trail> --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true,"DataResources":[{"Type":"AWS::S3::Object","Values":["arn:aws:s3"]}]}]'
#     terraform: |
#       resource "aws_cloudtrail" "main" {
#         is_multi_region_trail = true
#         event_selector {
#           read_write_type           = "All"
#           include_management_events = true
#           data_resource {
#             type   = "AWS::S3::Object"
#             values = ["arn:aws:s3"]
#           }
#         }
#       }
package storewatch.aws.cloudtrail.s3_read_data_events

deny contains {"id": a.id, "msg": msg, "evidence": {"s3_read_data_events": a.posture.s3_data_events.read}} if {
	some a in input.accounts
	a.posture.s3_data_events.read.status == "no"
	msg := sprintf("account %s does not record S3 object-level read data events for all buckets: %s", [a.id, a.posture.s3_data_events.read.reason])
}

unknown contains {"id": a.id, "msg": msg} if {
	some a in input.accounts
	a.posture.s3_data_events.read.status == "unknown"
	msg := sprintf("whether account %s records S3 read data events for all buckets is unknown: %s", [a.id, a.posture.s3_data_events.read.reason])
}
