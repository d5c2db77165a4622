# METADATA
# title: CloudTrail records the bucket's object-level data events
# description: |
#   The object-level data events (GetObject, PutObject, DeleteObject, ...) of this bucket are
#   recorded by a logging trail that records the bucket's account and region: a multi-Region
#   trail, a trail homed in the bucket's region, or an organisation trail. Resolution matches
#   every basic selector (values arn:aws:s3, arn:aws:s3:::, arn:aws:s3:::bucket/) and advanced
#   selector (resources.ARN Equals, StartsWith, NotStartsWith, EndsWith, NotEquals,
#   NotEndsWith; readOnly; eventName) against the bucket. A selector limited to an object
#   prefix, excepting some objects, or limited to some event names records the bucket only
#   in part, which does not pass: the reason says which selector falls short. Two trails may
#   share read and write. The directions required are a parameter (default read and write).
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/filtering-data-events.html
# custom:
#   id: SW-DE-03
#   severity: low
#   service: s3
#   resource_types: [AWS::S3::Bucket]
#   collects: [cloudtrail:DescribeTrails, cloudtrail:GetTrailStatus, cloudtrail:GetEventSelectors]
#   dimension: data_events
#   remediation:
#     console: CloudTrail console → Trails → a multi-Region trail → Data events → Edit → Add data event type S3 → Log all events (or a custom selector with resources.ARN StartsWith arn:aws:s3:::<bucket>/).
#     cli: aws cloudtrail put-event-selectors --trail-name <trail> --advanced-event-selectors '[{"Name":"Management","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},{"Name":"Bucket objects","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]},{"Field":"resources.ARN","StartsWith":["arn:aws:s3:::<bucket>/"]}]}]'
#     terraform: |
#       resource "aws_cloudtrail" "main" {
#         advanced_event_selector {
#           name = "Bucket objects"
#           field_selector {
#             field  = "eventCategory"
#             equals = ["Data"]
#           }
#           field_selector {
#             field  = "resources.type"
#             equals = ["AWS::S3::Object"]
#           }
#           field_selector {
#             field       = "resources.ARN"
#             starts_with = ["${aws_s3_bucket.data.arn}/"]
#           }
#         }
#       }
package storewatch.aws.s3.bucket_data_events

import data.storewatch.lib.config

directions := config.param("SW-DE-03", "directions", ["read", "write"])

missing(b) := [d | some d in directions; b.posture.data_events[d].status == "no"]

undecided(b) := [d | some d in directions; b.posture.data_events[d].status == "unknown"]

deny contains {"id": b.id, "msg": msg, "evidence": {"data_events": b.posture.data_events}} if {
	some b in input.s3_buckets
	m := missing(b)
	count(m) > 0
	msg := sprintf("bucket %s is missing %s data events: %s", [b.name, concat(" and ", m), b.posture.data_events[m[0]].reason])
}

unknown contains {"id": b.id, "msg": msg} if {
	some b in input.s3_buckets
	count(missing(b)) == 0
	u := undecided(b)
	count(u) > 0
	msg := sprintf("whether the %s data events of bucket %s are recorded is unknown: %s", [concat(" and ", u), b.name, b.posture.data_events[u[0]].reason])
}

unknown contains {"id": b.id, "msg": msg} if {
	some b in input.s3_buckets
	b.posture.data_events == null
	msg := sprintf("the data event coverage of bucket %s was not resolved", [b.name])
}
