package aws

import (
	"testing"

	"github.com/storewatch/storewatch/inventory"
)

// TestListingOperationsAreTheCollectors keeps inventory's list of the operations that list
// each resource type (the engine turns their failures into unknown findings) in step with
// the operations this collector calls.
func TestListingOperationsAreTheCollectors(t *testing.T) {
	types := []string{
		inventory.TypeTrail, inventory.TypeEventDataStore, inventory.TypeAlarm, inventory.TypeCompositeAlarm,
		inventory.TypeLogGroup, inventory.TypeSNSTopic, inventory.TypeRDSEventSubscription, inventory.TypeRedshiftEventSubscription,
		inventory.TypeDBInstance, inventory.TypeDBCluster, inventory.TypeDocDBCluster, inventory.TypeNeptuneCluster,
		inventory.TypeDynamoDBTable, inventory.TypeS3Bucket, inventory.TypeRedshiftCluster, inventory.TypeRedshiftServerlessNamespace,
		inventory.TypeElastiCacheReplicationGroup, inventory.TypeElastiCacheCacheCluster, inventory.TypeOpenSearchDomain, inventory.TypeMemoryDBCluster,
	}
	for _, typ := range types {
		ops := inventory.ListingOperations(typ)
		if len(ops) == 0 {
			t.Errorf("%s: no listing operation", typ)
		}
		for _, op := range ops {
			if _, ok := catalogue[Operation(op)]; !ok {
				t.Errorf("%s is listed by %s, which the collector does not call", typ, op)
			}
		}
	}
}
