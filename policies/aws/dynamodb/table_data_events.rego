# METADATA
# title: CloudTrail records the table's item-level data events
# description: |
#   The item-level data events (GetItem, PutItem, Query, Scan, DeleteItem, ...) of this
#   DynamoDB table are recorded by a logging trail that records the table's account and
#   region: a basic selector on AWS::DynamoDB::Table with arn:aws:dynamodb or the table's
#   ARN, or an advanced selector on resources.type AWS::DynamoDB::Table whose resources.ARN
#   conditions admit the table. They are DynamoDB's only record of who read or changed which
#   items, and no Security Hub control, CIS item or peer tool checks them. A selector limited
#   to some event names records the table only in part and does not pass. The directions
#   required are a parameter (default read and write).
# related_resources:
#   - ref: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/logging-using-cloudtrail.html
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
# custom:
#   id: SW-DE-04
#   severity: low
#   service: dynamodb
#   resource_types: [AWS::DynamoDB::Table]
#   collects: [cloudtrail:DescribeTrails, cloudtrail:GetTrailStatus, cloudtrail:GetEventSelectors]
#   dimension: data_events
#   remediation:
#     console: CloudTrail console → Trails → a multi-Region trail → Data events → Edit → Add data event type DynamoDB → Log all events (or a custom selector on the table's ARN).
#     cli: aws cloudtrail put-event-selectors --trail-name <trail> --advanced-event-selectors '[{"Name":"Management","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},{"Name":"DynamoDB items","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::DynamoDB::Table"]}]}]'
#     terraform: |
#       resource "aws_cloudtrail" "main" {
#         advanced_event_selector {
#           name = "DynamoDB items"
#           field_selector {
#             field  = "eventCategory"
#             equals = ["Data"]
#           }
#           field_selector {
#             field  = "resources.type"
#             equals = ["AWS::DynamoDB::Table"]
#           }
#         }
#       }
package storewatch.aws.dynamodb.table_data_events

import data.storewatch.lib.config

directions := config.param("SW-DE-04", "directions", ["read", "write"])

missing(events) := [d | some d in directions; events[d].status == "no"]

undecided(events) := [d | some d in directions; events[d].status == "unknown"]

deny contains {"id": t.id, "msg": msg, "evidence": {"data_events": t.posture.data_events}} if {
	some t in input.dynamodb_tables
	m := missing(t.posture.data_events)
	count(m) > 0
	msg := sprintf("table %s is missing %s data events: %s", [t.name, concat(" and ", m), t.posture.data_events[m[0]].reason])
}

unknown contains {"id": t.id, "msg": msg} if {
	some t in input.dynamodb_tables
	count(missing(t.posture.data_events)) == 0
	u := undecided(t.posture.data_events)
	count(u) > 0
	msg := sprintf("whether the %s data events of table %s are recorded is unknown: %s", [concat(" and ", u), t.name, t.posture.data_events[u[0]].reason])
}

unknown contains {"id": t.id, "msg": msg} if {
	some t in input.dynamodb_tables
	t.posture.data_events == null
	msg := sprintf("the data event coverage of table %s was not resolved", [t.name])
}
