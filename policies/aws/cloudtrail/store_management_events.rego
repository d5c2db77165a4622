# METADATA
# title: A logging trail records the data store's management events
# description: |
#   The control-plane API calls of the data store (create, modify, delete, snapshot, policy
#   changes) are recorded, read and write, by logging trails: a multi-Region trail of the
#   store's account, a trail homed in the store's region, or an organisation trail. Two
#   trails may share the work (one read-only, one write-only). A trail whose selectors
#   exclude the store's event source (an advanced eventSource NotEquals rds.amazonaws.com,
#   for example), or record only some event names, does not count. Applies to every data
#   store type.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
# custom:
#   id: SW-TC-07
#   severity: medium
#   service: cloudtrail
#   resource_types: [AWS::RDS::DBInstance, AWS::RDS::DBCluster, AWS::DocDB::DBCluster, AWS::Neptune::DBCluster, AWS::DynamoDB::Table, AWS::S3::Bucket, AWS::Redshift::Cluster, AWS::RedshiftServerless::Namespace, AWS::ElastiCache::ReplicationGroup, AWS::ElastiCache::CacheCluster, AWS::OpenSearchService::Domain, AWS::MemoryDB::Cluster]
#   collects: [cloudtrail:DescribeTrails, cloudtrail:GetTrailStatus, cloudtrail:GetEventSelectors]
#   dimension: management_events
#   remediation:
#     console: CloudTrail console → Trails → create or edit a multi-Region trail → Management events → API activity Read and Write, with no excluded sources; make sure it is logging.
#     cli: aws cloudtrail put-event-selectors --trail-name main --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]' && aws cloudtrail start-logging --name main
#     terraform: |
#       resource "aws_cloudtrail" "main" {
#         is_multi_region_trail = true
#         enable_logging        = true
#         event_selector {
#           read_write_type           = "All"
#           include_management_events = true
#         }
#       }
package storewatch.aws.cloudtrail.store_management_events

store_collections := [
	"db_instances", "db_clusters", "dynamodb_tables", "s3_buckets", "redshift_clusters",
	"redshift_serverless_namespaces", "elasticache_clusters", "opensearch_domains", "memorydb_clusters",
]

deny contains {"id": s.id, "msg": msg, "evidence": {"management_events": s.posture.management_events}} if {
	some c in store_collections
	some s in input[c]
	s.posture.management_events.status == "no"
	msg := sprintf("%s: %s", [s.name, s.posture.management_events.reason])
}

unknown contains {"id": s.id, "msg": msg} if {
	some c in store_collections
	some s in input[c]
	s.posture.management_events.status == "unknown"
	msg := sprintf("whether the management events of %s are recorded is unknown: %s", [s.name, s.posture.management_events.reason])
}
