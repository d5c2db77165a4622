# METADATA
# title: DynamoDB table has its item-level changes recorded
# description: |
#   DynamoDB has no log export of its own: item-level activity is recorded only by
#   CloudTrail data events or, for changes alone, by a stream. A table passes when a trail
#   records its write data events (PutItem, UpdateItem, DeleteItem, batch and transactional
#   writes, with who made them) or when it has a DynamoDB stream (every item change, kept 24
#   hours, without the caller). A table with neither fails; one without a stream whose data
#   event coverage could not be resolved is unknown. This is the weaker, log-exports view of
#   SW-DE-04, which requires CloudTrail read and write data events and is the rule to use for
#   an audit trail of who read or changed items; a stream alone does not satisfy it.
# related_resources:
#   - ref: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/logging-using-cloudtrail.html
#   - ref: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html
# custom:
#   id: SW-LX-18
#   severity: medium
#   service: dynamodb
#   resource_types: [AWS::DynamoDB::Table]
#   requires: [dynamodb:DescribeTable]
#   collects: [cloudtrail:DescribeTrails, cloudtrail:GetTrailStatus, cloudtrail:GetEventSelectors]
#   fields: [stream_enabled]
#   dimension: log_exports
#   remediation:
#     console: CloudTrail console → the trail → Data events → Edit → Add data event type DynamoDB → log all write events (or all events) for the table → Save changes. Or DynamoDB console → the table → Exports and streams → DynamoDB stream details → Turn on.
#     cli: aws cloudtrail put-event-selectors --trail-name <trail> --advanced-event-selectors '[{"Name":"Management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},{"Name":"DynamoDB writes","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::DynamoDB::Table"]},{"Field":"readOnly","Equals":["false"]}]}]' (the call replaces every selector of the trail; keep the ones it has), or aws dynamodb update-table --table-name <table> --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES
#     terraform: |
#       resource "aws_cloudtrail" "main" {
#         # Advanced selectors replace basic ones: keep a management-events selector.
#         advanced_event_selector {
#           name = "Management events"
#           field_selector {
#             field  = "eventCategory"
#             equals = ["Management"]
#           }
#         }
#         advanced_event_selector {
#           name = "DynamoDB writes"
#           field_selector {
#             field  = "eventCategory"
#             equals = ["Data"]
#           }
#           field_selector {
#             field  = "resources.type"
#             equals = ["AWS::DynamoDB::Table"]
#           }
#           field_selector {
#             field  = "readOnly"
#             equals = ["false"]
#           }
#         }
#       }
package storewatch.aws.dynamodb.item_activity_logged

write_status(t) := t.posture.data_events.write.status if {
	t.posture.data_events != null
} else := "unknown"

deny contains {"id": t.id, "msg": msg, "evidence": {"stream_enabled": false, "data_events_write": t.posture.data_events.write}} if {
	some t in input.dynamodb_tables
	t.stream_enabled == false
	write_status(t) == "no"
	msg := sprintf("DynamoDB table %s has neither CloudTrail write data events nor a stream: item changes are not recorded", [t.name])
}

unknown contains {"id": t.id, "msg": msg} if {
	some t in input.dynamodb_tables
	t.stream_enabled == false
	not write_status(t) in {"yes", "no"}
	reason := object.get(t.posture, ["data_events", "write", "reason"], "")
	msg := trim_right(sprintf("DynamoDB table %s has no stream and its CloudTrail write data event coverage is unknown: %s", [t.name, reason]), ": ")
}
