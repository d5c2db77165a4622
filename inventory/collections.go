package inventory

import (
	"reflect"
	"strings"
)

// Collection is one list of resources in a snapshot, seen generically: the policy engine
// batches and judges collections without knowing their item types.
type Collection struct {
	// Name is the collection's JSON name, which is also the key rules read it under
	// (input.db_instances).
	Name string
	// Len is the number of items.
	Len int
	// Item returns a pointer to item i.
	Item func(i int) any
	// Meta returns the common fields of item i.
	Meta func(i int) *Meta
	// Release drops the facts of item i but its Meta.
	Release func(i int)
}

func collection[T any](name string, items []T, meta func(*T) *Meta) Collection {
	return Collection{
		Name: name,
		Len:  len(items),
		Item: func(i int) any { return &items[i] },
		Meta: func(i int) *Meta { return meta(&items[i]) },
		Release: func(i int) {
			m := *meta(&items[i])
			var zero T
			items[i] = zero
			*meta(&items[i]) = m
		},
	}
}

// Collections lists every resource collection of the snapshot in a fixed order.
func (s *Snapshot) Collections() []Collection {
	return []Collection{
		collection("accounts", s.Accounts, func(x *Account) *Meta { return &x.Meta }),
		collection("regions", s.Regions, func(x *RegionScope) *Meta { return &x.Meta }),
		collection("trails", s.Trails, func(x *Trail) *Meta { return &x.Meta }),
		collection("event_data_stores", s.EventDataStores, func(x *EventDataStore) *Meta { return &x.Meta }),
		collection("alarms", s.Alarms, func(x *Alarm) *Meta { return &x.Meta }),
		collection("composite_alarms", s.CompositeAlarms, func(x *CompositeAlarm) *Meta { return &x.Meta }),
		collection("log_groups", s.LogGroups, func(x *LogGroup) *Meta { return &x.Meta }),
		collection("sns_topics", s.SNSTopics, func(x *SNSTopic) *Meta { return &x.Meta }),
		collection("event_subscriptions", s.EventSubscriptions, func(x *EventSubscription) *Meta { return &x.Meta }),
		collection("db_instances", s.DBInstances, func(x *DBInstance) *Meta { return &x.Meta }),
		collection("db_clusters", s.DBClusters, func(x *DBCluster) *Meta { return &x.Meta }),
		collection("dynamodb_tables", s.DynamoDBTables, func(x *DynamoDBTable) *Meta { return &x.Meta }),
		collection("s3_buckets", s.S3Buckets, func(x *S3Bucket) *Meta { return &x.Meta }),
		collection("redshift_clusters", s.RedshiftClusters, func(x *RedshiftCluster) *Meta { return &x.Meta }),
		collection("redshift_serverless_namespaces", s.RedshiftServerlessNamespaces, func(x *RedshiftServerlessNamespace) *Meta { return &x.Meta }),
		collection("elasticache_clusters", s.ElastiCacheClusters, func(x *ElastiCacheCluster) *Meta { return &x.Meta }),
		collection("opensearch_domains", s.OpenSearchDomains, func(x *OpenSearchDomain) *Meta { return &x.Meta }),
		collection("memorydb_clusters", s.MemoryDBClusters, func(x *MemoryDBCluster) *Meta { return &x.Meta }),
	}
}

// CollectionOf maps a resource type to the collection that holds it.
var collectionOfType = map[string]string{
	TypeAccount:                     "accounts",
	TypeRegion:                      "regions",
	TypeTrail:                       "trails",
	TypeEventDataStore:              "event_data_stores",
	TypeAlarm:                       "alarms",
	TypeCompositeAlarm:              "composite_alarms",
	TypeLogGroup:                    "log_groups",
	TypeSNSTopic:                    "sns_topics",
	TypeRDSEventSubscription:        "event_subscriptions",
	TypeRedshiftEventSubscription:   "event_subscriptions",
	TypeDBInstance:                  "db_instances",
	TypeDBCluster:                   "db_clusters",
	TypeDocDBCluster:                "db_clusters",
	TypeNeptuneCluster:              "db_clusters",
	TypeDynamoDBTable:               "dynamodb_tables",
	TypeS3Bucket:                    "s3_buckets",
	TypeRedshiftCluster:             "redshift_clusters",
	TypeRedshiftServerlessNamespace: "redshift_serverless_namespaces",
	TypeElastiCacheReplicationGroup: "elasticache_clusters",
	TypeElastiCacheCacheCluster:     "elasticache_clusters",
	TypeOpenSearchDomain:            "opensearch_domains",
	TypeMemoryDBCluster:             "memorydb_clusters",
}

// CollectionOf returns the collection that holds resources of the given type, and false for
// a type storewatch does not model.
func CollectionOf(resourceType string) (string, bool) {
	c, ok := collectionOfType[resourceType]
	return c, ok
}

// ResourceTypes lists every resource type storewatch models, sorted.
func ResourceTypes() []string {
	out := make([]string, 0, len(collectionOfType))
	for t := range collectionOfType {
		out = append(out, t)
	}
	sortStrings(out)
	return out
}

// storeTypes are the resource types that are data stores, the subjects of "is every data
// store watched?".
var storeTypes = map[string]bool{
	TypeDBInstance: true, TypeDBCluster: true, TypeDocDBCluster: true, TypeNeptuneCluster: true,
	TypeDynamoDBTable: true, TypeS3Bucket: true, TypeRedshiftCluster: true,
	TypeRedshiftServerlessNamespace: true, TypeElastiCacheReplicationGroup: true,
	TypeElastiCacheCacheCluster: true, TypeOpenSearchDomain: true, TypeMemoryDBCluster: true,
}

// IsStoreType reports whether resources of the type are data stores.
func IsStoreType(resourceType string) bool { return storeTypes[resourceType] }

// StoreCount returns the number of data stores in the snapshot.
func (s *Snapshot) StoreCount() int {
	n := 0
	for _, c := range s.Collections() {
		for i := 0; i < c.Len; i++ {
			if storeTypes[c.Meta(i).Type] {
				n++
			}
		}
	}
	return n
}

// ItemFields lists the JSON names of the fields of a resource type's items, those of Meta
// included; false for a type storewatch does not model. Rule metadata names fields by these
// names, and a name that is none of them would never match an unknown field of a plan.
func ItemFields(resourceType string) ([]string, bool) {
	coll, ok := collectionOfType[resourceType]
	if !ok {
		return nil, false
	}
	st := reflect.TypeFor[Snapshot]()
	for i := range st.NumField() {
		f := st.Field(i)
		if jsonName(f) == coll && f.Type.Kind() == reflect.Slice {
			return structFields(f.Type.Elem()), true
		}
	}
	return nil, false
}

func structFields(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Tag.Get("json") == "" && f.Type.Kind() == reflect.Struct {
			out = append(out, structFields(f.Type)...)
			continue
		}
		if name := jsonName(f); name != "" && name != "-" && f.IsExported() {
			out = append(out, name)
		}
	}
	return out
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		return f.Name
	}
	return name
}
