package inventory

import "slices"

// listedBy names, per resource type, the operations that list its resources. When one of
// them fails for an account or a region (a collection error there, not on a resource),
// resources of the type may be missing from the snapshot: nothing about them was judged,
// and a rule on the type must say so rather than judge fewer resources in silence.
var listedBy = map[string][]string{
	TypeTrail:                       {"cloudtrail:DescribeTrails"},
	TypeEventDataStore:              {"cloudtrail:ListEventDataStores"},
	TypeAlarm:                       {"cloudwatch:DescribeAlarms"},
	TypeCompositeAlarm:              {"cloudwatch:DescribeAlarms"},
	TypeLogGroup:                    {"logs:DescribeLogGroups"},
	TypeSNSTopic:                    {"sns:ListTopics"},
	TypeRDSEventSubscription:        {"rds:DescribeEventSubscriptions"},
	TypeRedshiftEventSubscription:   {"redshift:DescribeEventSubscriptions"},
	TypeDBInstance:                  {"rds:DescribeDBInstances"},
	TypeDBCluster:                   {"rds:DescribeDBClusters"},
	TypeDocDBCluster:                {"rds:DescribeDBClusters"},
	TypeNeptuneCluster:              {"rds:DescribeDBClusters"},
	TypeDynamoDBTable:               {"dynamodb:ListTables"},
	TypeS3Bucket:                    {"s3:ListBuckets"},
	TypeRedshiftCluster:             {"redshift:DescribeClusters"},
	TypeRedshiftServerlessNamespace: {"redshift-serverless:ListNamespaces"},
	TypeElastiCacheReplicationGroup: {"elasticache:DescribeReplicationGroups"},
	TypeElastiCacheCacheCluster:     {"elasticache:DescribeCacheClusters"},
	TypeOpenSearchDomain:            {"es:ListDomainNames"},
	TypeMemoryDBCluster:             {"memorydb:DescribeClusters"},
}

// ListingOperations returns the operations that list the resources of a type (nil for
// the account and region scopes, which are not listed).
func ListingOperations(resourceType string) []string { return listedBy[resourceType] }

// ListedTypes returns the resource types an operation lists.
func ListedTypes(operation string) []string {
	var out []string
	for typ, ops := range listedBy {
		for _, op := range ops {
			if op == operation {
				out = append(out, typ)
			}
		}
	}
	slices.Sort(out)
	return out
}
