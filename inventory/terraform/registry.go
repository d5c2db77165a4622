package terraform

import "github.com/storewatch/storewatch/inventory"

// mapper turns one resource instance into a snapshot item, or adds it to one.
type mapper func(c *converter, in *instance)

// primaries are the resource types that become snapshot items, one file per family.
var primaries = map[string]mapper{
	"aws_cloudtrail":                    mapTrail,
	"aws_cloudwatch_metric_alarm":       mapMetricAlarm,
	"aws_cloudwatch_composite_alarm":    mapCompositeAlarm,
	"aws_cloudwatch_log_group":          mapLogGroup,
	"aws_sns_topic":                     mapSNSTopic,
	"aws_db_instance":                   mapDBInstance,
	"aws_rds_cluster":                   mapDBCluster,
	"aws_rds_cluster_instance":          mapClusterInstance,
	"aws_docdb_cluster":                 mapDocDBCluster,
	"aws_docdb_cluster_instance":        mapClusterInstance,
	"aws_neptune_cluster":               mapNeptuneCluster,
	"aws_neptune_cluster_instance":      mapClusterInstance,
	"aws_db_event_subscription":         mapRDSEventSubscription,
	"aws_docdb_event_subscription":      mapRDSEventSubscription,
	"aws_neptune_event_subscription":    mapRDSEventSubscription,
	"aws_redshift_event_subscription":   mapRedshiftEventSubscription,
	"aws_dynamodb_table":                mapDynamoDBTable,
	"aws_s3_bucket":                     mapS3Bucket,
	"aws_redshift_cluster":              mapRedshiftCluster,
	"aws_redshiftserverless_namespace":  mapRedshiftServerlessNamespace,
	"aws_elasticache_replication_group": mapReplicationGroup,
	"aws_elasticache_cluster":           mapCacheCluster,
	"aws_opensearch_domain":             mapOpenSearchDomain,
	"aws_elasticsearch_domain":          mapOpenSearchDomain,
	"aws_memorydb_cluster":              mapMemoryDBCluster,
	"aws_kms_key":                       mapKMSKey,
}

// attachments add what a separate resource configures to the item of the resource it
// points at. They run after every primary, in this order: cluster members after their
// clusters, subscriptions before anything reads their topics.
var attachmentOrder = []string{
	"aws_kms_alias",
	"aws_sns_topic_subscription",
	"aws_cloudwatch_log_metric_filter",
	"aws_cloudwatch_log_subscription_filter",
	"aws_cloudwatch_log_data_protection_policy",
	"aws_cloudwatch_log_resource_policy",
	"aws_dynamodb_contributor_insights",
	"aws_appautoscaling_target",
	"aws_dynamodb_table_replica",
	"aws_s3_bucket_logging",
	"aws_s3_bucket_versioning",
	"aws_s3_bucket_public_access_block",
	"aws_s3_account_public_access_block",
	"aws_s3_bucket_metric",
	"aws_s3_bucket_notification",
	"aws_s3_bucket_policy",
	"aws_s3_bucket_acl",
	"aws_s3_bucket_object_lock_configuration",
	"aws_s3_bucket_lifecycle_configuration",
	"aws_redshift_logging",
	"aws_rds_cluster_instance",
	"aws_docdb_cluster_instance",
	"aws_neptune_cluster_instance",
}

var attachments = map[string]mapper{
	"aws_kms_alias":                             attachKMSAlias,
	"aws_sns_topic_subscription":                attachSubscription,
	"aws_cloudwatch_log_metric_filter":          attachMetricFilter,
	"aws_cloudwatch_log_subscription_filter":    attachSubscriptionFilter,
	"aws_cloudwatch_log_data_protection_policy": attachDataProtection,
	"aws_cloudwatch_log_resource_policy":        attachLogResourcePolicy,
	"aws_dynamodb_contributor_insights":         attachContributorInsights,
	"aws_appautoscaling_target":                 attachScalingTarget,
	"aws_dynamodb_table_replica":                attachTableReplica,
	"aws_s3_bucket_logging":                     attachBucketLogging,
	"aws_s3_bucket_versioning":                  attachBucketVersioning,
	"aws_s3_bucket_public_access_block":         attachPublicAccessBlock,
	"aws_s3_account_public_access_block":        attachAccountPublicAccessBlock,
	"aws_s3_bucket_metric":                      attachBucketMetric,
	"aws_s3_bucket_notification":                attachBucketNotification,
	"aws_s3_bucket_policy":                      attachBucketPolicy,
	"aws_s3_bucket_acl":                         attachBucketACL,
	"aws_s3_bucket_object_lock_configuration":   attachObjectLock,
	"aws_s3_bucket_lifecycle_configuration":     attachLifecycle,
	"aws_redshift_logging":                      attachRedshiftLogging,
	"aws_rds_cluster_instance":                  clusterMembers,
	"aws_docdb_cluster_instance":                clusterMembers,
	"aws_neptune_cluster_instance":              clusterMembers,
}

// cfnTypes names the snapshot type of each primary resource type, for the record of a
// deleted resource.
var cfnTypes = map[string]string{
	"aws_cloudtrail":                    inventory.TypeTrail,
	"aws_cloudwatch_metric_alarm":       inventory.TypeAlarm,
	"aws_cloudwatch_composite_alarm":    inventory.TypeCompositeAlarm,
	"aws_cloudwatch_log_group":          inventory.TypeLogGroup,
	"aws_sns_topic":                     inventory.TypeSNSTopic,
	"aws_db_instance":                   inventory.TypeDBInstance,
	"aws_rds_cluster":                   inventory.TypeDBCluster,
	"aws_rds_cluster_instance":          inventory.TypeDBInstance,
	"aws_docdb_cluster":                 inventory.TypeDocDBCluster,
	"aws_docdb_cluster_instance":        inventory.TypeDBInstance,
	"aws_neptune_cluster":               inventory.TypeNeptuneCluster,
	"aws_neptune_cluster_instance":      inventory.TypeDBInstance,
	"aws_db_event_subscription":         inventory.TypeRDSEventSubscription,
	"aws_docdb_event_subscription":      inventory.TypeRDSEventSubscription,
	"aws_neptune_event_subscription":    inventory.TypeRDSEventSubscription,
	"aws_redshift_event_subscription":   inventory.TypeRedshiftEventSubscription,
	"aws_dynamodb_table":                inventory.TypeDynamoDBTable,
	"aws_s3_bucket":                     inventory.TypeS3Bucket,
	"aws_redshift_cluster":              inventory.TypeRedshiftCluster,
	"aws_redshiftserverless_namespace":  inventory.TypeRedshiftServerlessNamespace,
	"aws_elasticache_replication_group": inventory.TypeElastiCacheReplicationGroup,
	"aws_elasticache_cluster":           inventory.TypeElastiCacheCacheCluster,
	"aws_opensearch_domain":             inventory.TypeOpenSearchDomain,
	"aws_elasticsearch_domain":          inventory.TypeOpenSearchDomain,
	"aws_memorydb_cluster":              inventory.TypeMemoryDBCluster,
}

func cfnType(tfType string, _ node) string { return cfnTypes[tfType] }
