# METADATA
# title: RDS event subscription delivers critical DB instance events
# description: |
#   The region has an enabled RDS event subscription, to every source of type `db-instance`
#   (no source ids), whose event categories cover the `categories` parameter (default:
#   maintenance, configuration change, failure; no categories means all) and whose SNS topic
#   has a confirmed subscriber (Security Hub RDS.20). A subscription limited to named
#   sources does not count: it misses the sources it does not name and those created later.
#   A disabled subscription does not count. The rule judges only regions with RDS DB
#   instances; a topic that could not be read (or lives outside the snapshot), or instances
#   that could not be listed, make the verdict unknown.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-20
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Messages.html
# custom:
#   id: SW-EV-02
#   severity: low
#   service: rds
#   resource_types: [AWS::::Region]
#   requires: [rds:DescribeDBInstances, rds:DescribeEventSubscriptions]
#   collects: [sns:ListSubscriptions]
#   dimension: notifications
#   frameworks:
#     aws-fsbp: [RDS.20]
#     aws-config: [rds-instance-event-notifications-configured]
#   remediation:
#     console: RDS console → Event subscriptions → Create event subscription → Source type db-instance, all instances of the type, event categories maintenance, configuration change, failure → an SNS topic with a confirmed subscriber → Create.
#     cli: aws rds create-event-subscription --subscription-name db-instance-events --sns-topic-arn <topic-arn> --source-type db-instance --event-categories "maintenance" "configuration change" "failure" --enabled
#     terraform: |
#       resource "aws_db_event_subscription" "db_instance" {
#         name             = "db-instance-events"
#         sns_topic        = aws_sns_topic.ops.arn
#         source_type      = "db-instance"
#         event_categories = ["maintenance", "configuration change", "failure"]
#       }
package storewatch.aws.rds.instance_event_subscription

import data.storewatch.lib.config
import data.storewatch.lib.rds_events

required := {lower(c) | some c in config.param("SW-EV-02", "categories", ["maintenance", "configuration change", "failure"])}

judged(r) if object.get(r.posture.store_count, "AWS::RDS::DBInstance", 0) > 0

applies contains r.id if {
	some r in input.regions
	judged(r)
}

deny contains {"id": r.id, "msg": msg, "evidence": rds_events.evidence(e, required)} if {
	some r in input.regions
	judged(r)
	e := rds_events.entry(r, "db-instance")
	problems := rds_events.problems(e, required)
	count(problems) > 0
	msg := sprintf("RDS events of %s in %s do not reach anyone: %s%s", [r.account_id, r.region, concat("; ", problems), rds_events.scoped_note(e)])
}

unknown contains {"id": r.id, "msg": msg} if {
	some r in input.regions
	judged(r)
	e := rds_events.entry(r, "db-instance")
	count(rds_events.problems(e, required)) == 0
	undecided := rds_events.undecided(e, required)
	count(undecided) > 0
	msg := sprintf("the SNS topics of the %s event subscriptions covering %s in %s could not be read", ["db-instance", concat(", ", undecided), r.region])
}
