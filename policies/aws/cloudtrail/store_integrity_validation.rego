# METADATA
# title: A trail that records the data store validates its log files
# description: |
#   At least one logging trail that records the data store (its management events, or its
#   data events where CloudTrail has them) has log file integrity validation enabled, so the
#   store's audit record can be proven complete and unaltered. A store recorded only by
#   trails without validation fails, as does a store no trail records. Applies to every data
#   store type.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html
# custom:
#   id: SW-TI-09
#   severity: medium
#   service: cloudtrail
#   resource_types: [AWS::RDS::DBInstance, AWS::RDS::DBCluster, AWS::DocDB::DBCluster, AWS::Neptune::DBCluster, AWS::DynamoDB::Table, AWS::S3::Bucket, AWS::Redshift::Cluster, AWS::RedshiftServerless::Namespace, AWS::ElastiCache::ReplicationGroup, AWS::ElastiCache::CacheCluster, AWS::OpenSearchService::Domain, AWS::MemoryDB::Cluster]
#   collects: [cloudtrail:DescribeTrails, cloudtrail:GetTrailStatus, cloudtrail:GetEventSelectors]
#   dimension: integrity_validation
#   remediation:
#     console: CloudTrail console → Trails → the trail that records the store → General details → Edit → Log file validation → Enabled.
#     cli: aws cloudtrail update-trail --name <trail> --enable-log-file-validation
#     terraform: |
#       resource "aws_cloudtrail" "main" {
#         enable_log_file_validation = true
#       }
package storewatch.aws.cloudtrail.store_integrity_validation

store_collections := [
	"db_instances", "db_clusters", "dynamodb_tables", "s3_buckets", "redshift_clusters",
	"redshift_serverless_namespaces", "elasticache_clusters", "opensearch_domains", "memorydb_clusters",
]

deny contains {"id": s.id, "msg": msg, "evidence": {"integrity_validated": s.posture.integrity_validated}} if {
	some c in store_collections
	some s in input[c]
	s.posture.integrity_validated.status == "no"
	msg := sprintf("%s: %s", [s.name, s.posture.integrity_validated.reason])
}

unknown contains {"id": s.id, "msg": msg} if {
	some c in store_collections
	some s in input[c]
	s.posture.integrity_validated.status == "unknown"
	msg := sprintf("whether a validating trail records %s is unknown: %s", [s.name, s.posture.integrity_validated.reason])
}
