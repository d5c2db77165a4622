# METADATA
# title: RDS event subscription delivers critical DB cluster events
# description: |
#   The region has an enabled RDS event subscription, to every source of type `db-cluster`
#   (no source ids), whose event categories cover the `categories` parameter (default:
#   failure, maintenance; no categories means all) and whose SNS topic has a confirmed
#   subscriber (Security Hub RDS.19). A subscription limited to named sources does not
#   count: it misses the sources it does not name and those created later. A disabled
#   subscription does not count. The rule judges only regions with Aurora or Multi-AZ DB
#   clusters; a topic that could not be read (or lives outside the snapshot), or clusters
#   that could not be listed, make the verdict unknown.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-19
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Messages.html
# custom:
#   id: SW-EV-01
#   severity: low
#   service: rds
#   resource_types: [AWS::::Region]
#   requires: [rds:DescribeDBClusters, rds:DescribeEventSubscriptions]
#   collects: [sns:ListSubscriptions]
#   dimension: notifications
#   frameworks:
#     aws-fsbp: [RDS.19]
#     aws-config: [rds-cluster-event-notifications-configured]
#   remediation:
#     console: RDS console → Event subscriptions → Create event subscription → Source type db-cluster, all instances of the type, event categories failure, maintenance → an SNS topic with a confirmed subscriber → Create.
#     cli: aws rds create-event-subscription --subscription-name db-cluster-events --sns-topic-arn <topic-arn> --source-type db-cluster --event-categories "failure" "maintenance" --enabled
#     terraform: |
#       resource "aws_db_event_subscription" "db_cluster" {
#         name             = "db-cluster-events"
#         sns_topic        = aws_sns_topic.ops.arn
#         source_type      = "db-cluster"
#         event_categories = ["failure", "maintenance"]
#       }
package storewatch.aws.rds.cluster_event_subscription

import data.storewatch.lib.config
import data.storewatch.lib.rds_events

required := {lower(c) | some c in config.param("SW-EV-01", "categories", ["failure", "maintenance"])}

judged(r) if object.get(r.posture.store_count, "AWS::RDS::DBCluster", 0) > 0

applies contains r.id if {
	some r in input.regions
	judged(r)
}

deny contains {"id": r.id, "msg": msg, "evidence": rds_events.evidence(e, required)} if {
	some r in input.regions
	judged(r)
	e := rds_events.entry(r, "db-cluster")
	problems := rds_events.problems(e, required)
	count(problems) > 0
	msg := sprintf("RDS events of %s in %s do not reach anyone: %s%s", [r.account_id, r.region, concat("; ", problems), rds_events.scoped_note(e)])
}

unknown contains {"id": r.id, "msg": msg} if {
	some r in input.regions
	judged(r)
	e := rds_events.entry(r, "db-cluster")
	count(rds_events.problems(e, required)) == 0
	undecided := rds_events.undecided(e, required)
	count(undecided) > 0
	msg := sprintf("the SNS topics of the %s event subscriptions covering %s in %s could not be read", ["db-cluster", concat(", ", undecided), r.region])
}
