# METADATA
# title: RDS event subscription delivers DB parameter group events
# description: |
#   The region has an enabled RDS event subscription, to every source of type `db-parameter-
#   group` (no source ids), whose event categories cover the `categories` parameter
#   (default: configuration change; no categories means all) and whose SNS topic has a
#   confirmed subscriber (Security Hub RDS.21). A subscription limited to named sources does
#   not count: it misses the sources it does not name and those created later. A disabled
#   subscription does not count. The rule judges only regions with RDS DB instances or
#   clusters; a topic that could not be read (or lives outside the snapshot), or instances
#   or clusters that could not be listed, make the verdict unknown.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-21
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Messages.html
# custom:
#   id: SW-EV-03
#   severity: low
#   service: rds
#   resource_types: [AWS::::Region]
#   requires: [rds:DescribeDBInstances, rds:DescribeDBClusters, rds:DescribeEventSubscriptions]
#   collects: [sns:ListSubscriptions]
#   dimension: notifications
#   frameworks:
#     aws-fsbp: [RDS.21]
#     aws-config: [rds-pg-event-notifications-configured]
#   remediation:
#     console: RDS console → Event subscriptions → Create event subscription → Source type db-parameter-group, all instances of the type, event categories configuration change → an SNS topic with a confirmed subscriber → Create.
#     cli: aws rds create-event-subscription --subscription-name db-parameter-group-events --sns-topic-arn <topic-arn> --source-type db-parameter-group --event-categories "configuration change" --enabled
#     terraform: |
#       resource "aws_db_event_subscription" "db_parameter_group" {
#         name             = "db-parameter-group-events"
#         sns_topic        = aws_sns_topic.ops.arn
#         source_type      = "db-parameter-group"
#         event_categories = ["configuration change"]
#       }
package storewatch.aws.rds.parameter_group_event_subscription

import data.storewatch.lib.config
import data.storewatch.lib.rds_events

required := {lower(c) | some c in config.param("SW-EV-03", "categories", ["configuration change"])}

judged(r) if rds_events.has_rds_stores(r)

applies contains r.id if {
	some r in input.regions
	judged(r)
}

deny contains {"id": r.id, "msg": msg, "evidence": rds_events.evidence(e, required)} if {
	some r in input.regions
	judged(r)
	e := rds_events.entry(r, "db-parameter-group")
	problems := rds_events.problems(e, required)
	count(problems) > 0
	msg := sprintf("RDS events of %s in %s do not reach anyone: %s%s", [r.account_id, r.region, concat("; ", problems), rds_events.scoped_note(e)])
}

unknown contains {"id": r.id, "msg": msg} if {
	some r in input.regions
	judged(r)
	e := rds_events.entry(r, "db-parameter-group")
	count(rds_events.problems(e, required)) == 0
	undecided := rds_events.undecided(e, required)
	count(undecided) > 0
	msg := sprintf("the SNS topics of the %s event subscriptions covering %s in %s could not be read", ["db-parameter-group", concat(", ", undecided), r.region])
}
