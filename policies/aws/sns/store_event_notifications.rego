# METADATA
# title: Data store's events reach a person
# description: |
#   A data store whose service publishes events through SNS has a path to a person:
#   Redshift clusters are covered by an enabled Redshift event subscription, DocumentDB and
#   Neptune clusters by an enabled RDS event subscription of source type db-cluster (to all
#   clusters or naming this one), ElastiCache clusters and replication groups and MemoryDB
#   clusters have a notification topic; in each case the SNS topic has a confirmed
#   subscriber. RDS and Aurora are judged per region by SW-EV-01 to SW-EV-04. Failovers,
#   node replacements, failed maintenance and security events then reach someone rather than
#   an empty console page. A topic that could not be read or lives outside the snapshot, or
#   subscriptions that could not be listed, make the verdict unknown. No anchor checks this.
# related_resources:
#   - ref: https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-event-notifications.html
#   - ref: https://docs.aws.amazon.com/documentdb/latest/developerguide/event-subscriptions.html
#   - ref: https://docs.aws.amazon.com/neptune/latest/userguide/events.html
#   - ref: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ECEvents.SNS.html
#   - ref: https://docs.aws.amazon.com/memorydb/latest/devguide/memorydbsns.html
# custom:
#   id: SW-EV-06
#   severity: low
#   service: sns
#   resource_types: [AWS::Redshift::Cluster, AWS::DocDB::DBCluster, AWS::Neptune::DBCluster, AWS::ElastiCache::ReplicationGroup, AWS::ElastiCache::CacheCluster, AWS::MemoryDB::Cluster]
#   collects: [rds:DescribeEventSubscriptions, redshift:DescribeEventSubscriptions, sns:ListSubscriptions]
#   fields: [notification_topic, sns_topic_arn]
#   dimension: notifications
#   remediation:
#     console: "Redshift console → Events → Event subscriptions → Create (source type Cluster, severity ERROR); DocumentDB or Neptune console → Event subscriptions → Create (source type Clusters); ElastiCache console → the cache → Modify → SNS notification topic; MemoryDB console → the cluster → Modify → SNS topic. Then confirm a subscription on the topic."
#     cli: aws redshift create-event-subscription --subscription-name redshift-events --sns-topic-arn <topic-arn> --source-type cluster --severity ERROR (Redshift); aws docdb create-event-subscription --subscription-name docdb-events --sns-topic-arn <topic-arn> --source-type db-cluster (DocumentDB, Neptune); aws elasticache modify-replication-group --replication-group-id <id> --notification-topic-arn <topic-arn> (ElastiCache)
#     terraform: |
#       resource "aws_redshift_event_subscription" "this" {
#         name          = "redshift-events"
#         sns_topic_arn = aws_sns_topic.ops.arn
#         source_type   = "cluster"
#         severity      = "ERROR"
#       }
#       resource "aws_docdb_event_subscription" "this" {
#         name        = "docdb-events"
#         sns_topic   = aws_sns_topic.ops.arn
#         source_type = "db-cluster"
#       }
#       resource "aws_elasticache_replication_group" "this" {
#         notification_topic_arn = aws_sns_topic.ops.arn
#       }
package storewatch.aws.sns.store_event_notifications

judged_types := {
	"AWS::Redshift::Cluster", "AWS::DocDB::DBCluster", "AWS::Neptune::DBCluster",
	"AWS::ElastiCache::ReplicationGroup", "AWS::ElastiCache::CacheCluster", "AWS::MemoryDB::Cluster",
}

# The engine feeds one collection per batch; each store type lives in one of these.
stores := array.concat(
	array.concat(object.get(input, "redshift_clusters", []), object.get(input, "db_clusters", [])),
	array.concat(object.get(input, "elasticache_clusters", []), object.get(input, "memorydb_clusters", [])),
)

# Members of a replication group are notified through their group.
judged(s) if {
	s.type in judged_types
	object.get(s, "replication_group_id", "") == ""
}

applies contains s.id if {
	some s in stores
	judged(s)
}

deny contains {"id": s.id, "msg": msg, "evidence": evidence} if {
	some s in stores
	judged(s)
	n := s.posture.event_notification
	n.status == "no"
	evidence := {"event_subscriptions": s.posture.event_subscriptions, "notification": s.posture.notification}
	msg := sprintf("the events of %s %s reach no one: %s", [s.type, s.name, n.reason])
}

unknown contains {"id": s.id, "msg": msg} if {
	some s in stores
	judged(s)
	n := s.posture.event_notification
	not n.status in {"yes", "no"}
	reason := object.get({"": "event notification was not resolved"}, n.status, n.reason)
	msg := sprintf("whether the events of %s %s reach anyone is unknown: %s", [s.type, s.name, reason])
}
