package inventory

import "strings"

// storeRef is the resolver's uniform view of one data store, whatever its type.
type storeRef struct {
	meta    *Meta
	posture *StorePosture
	// metrics identify the CloudWatch metrics of the store: an alarm whose metric has one
	// of these (namespace, dimension) pairs watches the store.
	metrics []metricKey
	// logs are the log types the store exports, with their destination.
	logs []LogLink
	// dataEvents are the CloudTrail data event resource types recorded for the store and
	// the ARN an event selector must match; empty for stores without data events.
	dataEvents []dataEventTarget
	// kind is the store's kind in the recommended-alarm table when its type alone decides
	// it; otherwise the store itself, for the facts that decide it, is one of these.
	kind    string
	db      *DBInstance
	cluster *DBCluster
	table   *DynamoDBTable
	cache   *ElastiCacheCluster
	domain  *OpenSearchDomain
	bucket  *S3Bucket
}

// metricKey is one dimension that identifies a store's metrics in a namespace. ref is the
// store's id, matched against a plan's dimension references when the value is unknown.
type metricKey struct {
	namespace, dimension, value, ref string
}

// dataEventTarget is a CloudTrail data event resource type and the ARN whose events are
// recorded: for S3 objects the bucket ARN with a trailing slash, as selectors write it.
type dataEventTarget struct {
	resourceType string
	arn          string
}

// CloudWatch namespaces of the store types.
const (
	NamespaceRDS         = "AWS/RDS"
	NamespaceDocDB       = "AWS/DocDB"
	NamespaceNeptune     = "AWS/Neptune"
	NamespaceDynamoDB    = "AWS/DynamoDB"
	NamespaceS3          = "AWS/S3"
	NamespaceRedshift    = "AWS/Redshift"
	NamespaceRedshiftSL  = "AWS/Redshift-Serverless"
	NamespaceElastiCache = "AWS/ElastiCache"
	NamespaceOpenSearch  = "AWS/ES"
	NamespaceMemoryDB    = "AWS/MemoryDB"
)

func key(ns, dim string, m *Meta) metricKey {
	return metricKey{namespace: ns, dimension: dim, value: m.Name, ref: m.ID}
}

// stores lists every data store of the snapshot with what the resolver needs to join it.
func (s *Snapshot) stores() []storeRef {
	var out []storeRef
	for i := range s.DBInstances {
		d := &s.DBInstances[i]
		ns := namespaceOfEngine(d.Engine)
		r := storeRef{meta: &d.Meta, posture: &d.Posture, db: d, metrics: []metricKey{key(ns, "DBInstanceIdentifier", &d.Meta)}}
		if d.ClusterID == "" {
			r.logs = logLinks(d.EnabledLogExports, func(t string) string { return "/aws/rds/instance/" + d.Name + "/" + t })
		}
		out = append(out, r)
	}
	for i := range s.DBClusters {
		d := &s.DBClusters[i]
		ns := namespaceOfEngine(d.Engine)
		r := storeRef{meta: &d.Meta, posture: &d.Posture, cluster: d, metrics: []metricKey{key(ns, "DBClusterIdentifier", &d.Meta)}}
		// Most of a cluster's metrics are published per member instance: an alarm on a
		// member watches the cluster too.
		for _, m := range d.Members {
			r.metrics = append(r.metrics, metricKey{namespace: ns, dimension: "DBInstanceIdentifier", value: m})
		}
		prefix := "/aws/rds/cluster/"
		switch d.Type {
		case TypeDocDBCluster:
			prefix = "/aws/docdb/"
		case TypeNeptuneCluster:
			prefix = "/aws/neptune/"
		}
		r.logs = logLinks(d.EnabledLogExports, func(t string) string { return prefix + d.Name + "/" + t })
		if d.Type == TypeDBCluster && d.ARN != "" {
			// RDS Data API calls are data events of the cluster.
			r.dataEvents = []dataEventTarget{{resourceType: "AWS::RDS::DBCluster", arn: d.ARN}}
		}
		out = append(out, r)
	}
	for i := range s.DynamoDBTables {
		d := &s.DynamoDBTables[i]
		r := storeRef{meta: &d.Meta, posture: &d.Posture, table: d, metrics: []metricKey{key(NamespaceDynamoDB, "TableName", &d.Meta)}}
		r.dataEvents = []dataEventTarget{{resourceType: "AWS::DynamoDB::Table", arn: tableARN(d)}}
		out = append(out, r)
	}
	for i := range s.S3Buckets {
		d := &s.S3Buckets[i]
		r := storeRef{meta: &d.Meta, posture: &d.Posture, kind: KindS3Bucket, bucket: d, metrics: []metricKey{key(NamespaceS3, "BucketName", &d.Meta)}}
		r.dataEvents = []dataEventTarget{{resourceType: "AWS::S3::Object", arn: "arn:" + partitionOf(d.ARN) + ":s3:::" + d.Name + "/"}}
		out = append(out, r)
	}
	for i := range s.RedshiftClusters {
		d := &s.RedshiftClusters[i]
		r := storeRef{meta: &d.Meta, posture: &d.Posture, kind: KindRedshiftCluster, metrics: []metricKey{key(NamespaceRedshift, "ClusterIdentifier", &d.Meta)}}
		if l := d.Logging; l != nil && l.Enabled && l.DestinationType == "cloudwatch" {
			r.logs = logLinks(l.LogExports, func(t string) string { return "/aws/redshift/cluster/" + d.Name + "/" + t })
		} else if l != nil && l.Enabled {
			r.logs = []LogLink{{Type: "audit", LogGroup: "", Destination: "s3"}}
		}
		out = append(out, r)
	}
	for i := range s.RedshiftServerlessNamespaces {
		d := &s.RedshiftServerlessNamespaces[i]
		r := storeRef{meta: &d.Meta, posture: &d.Posture, kind: KindRedshiftServerlessNamespace, metrics: []metricKey{key(NamespaceRedshiftSL, "Namespace", &d.Meta)}}
		r.logs = logLinks(d.LogExports, func(t string) string { return "/aws/redshift/" + d.Name + "/" + t })
		out = append(out, r)
	}
	for i := range s.ElastiCacheClusters {
		d := &s.ElastiCacheClusters[i]
		r := storeRef{meta: &d.Meta, posture: &d.Posture, cache: d}
		if d.Type == TypeElastiCacheReplicationGroup {
			// A group is watched through its member clusters only. ElastiCache measures and
			// publishes its host and engine metrics per cache node, under CacheClusterId
			// (and CacheNodeId); AWS documents no metric under ReplicationGroupId, so an
			// alarm on that dimension reads a metric that never has data and watches
			// nothing (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.html,
			// .../CacheMetrics.HostLevel.html, .../CacheMetrics.Redis.html: "each metric is
			// calculated at the cache node level").
			for _, m := range d.Members {
				r.metrics = append(r.metrics, metricKey{namespace: NamespaceElastiCache, dimension: "CacheClusterId", value: m})
			}
			// In a plan, CacheClusterId = tolist(aws_elasticache_replication_group.x.member_clusters)[0]
			// names one of its members before apply names them; the plan reader keeps only
			// such references to the group (other attributes of it name no cluster).
			r.metrics = append(r.metrics, metricKey{namespace: NamespaceElastiCache, dimension: "CacheClusterId", ref: d.ID})
		} else {
			r.metrics = append(r.metrics, key(NamespaceElastiCache, "CacheClusterId", &d.Meta))
		}
		for _, l := range d.LogDelivery {
			// The statuses SW-LX-17 counts as delivering: a plan's (none yet), active, and
			// on their way to active. Disabling and error deliver nothing.
			switch l.Status {
			case "", "active", "enabling", "modifying":
			default:
				continue
			}
			link := LogLink{Type: l.LogType, Destination: l.DestinationType}
			if l.DestinationType == "cloudwatch-logs" {
				link.LogGroup = l.Destination
			}
			r.logs = append(r.logs, link)
		}
		out = append(out, r)
	}
	for i := range s.OpenSearchDomains {
		d := &s.OpenSearchDomains[i]
		r := storeRef{meta: &d.Meta, posture: &d.Posture, domain: d, metrics: []metricKey{key(NamespaceOpenSearch, "DomainName", &d.Meta)}}
		for _, l := range d.LogPublishing {
			if l.Enabled {
				r.logs = append(r.logs, LogLink{Type: l.LogType, LogGroup: logGroupNameFromARN(l.LogGroupARN), Destination: "cloudwatch-logs"})
			}
		}
		out = append(out, r)
	}
	for i := range s.MemoryDBClusters {
		d := &s.MemoryDBClusters[i]
		out = append(out, storeRef{meta: &d.Meta, posture: &d.Posture, kind: KindMemoryDBCluster, metrics: []metricKey{key(NamespaceMemoryDB, "ClusterName", &d.Meta)}})
	}
	return out
}

func logLinks(types []string, group func(string) string) []LogLink {
	out := make([]LogLink, 0, len(types))
	for _, t := range types {
		out = append(out, LogLink{Type: t, LogGroup: group(t), Destination: "cloudwatch-logs"})
	}
	return out
}

// namespaceOfEngine gives the metric namespace of an RDS-API engine: DocumentDB and
// Neptune publish under their own namespaces.
func namespaceOfEngine(engine string) string {
	switch engine {
	case "docdb":
		return NamespaceDocDB
	case "neptune":
		return NamespaceNeptune
	}
	return NamespaceRDS
}

// logGroupNameFromARN extracts the group name from arn:aws:logs:region:account:log-group:NAME[:*].
func logGroupNameFromARN(arn string) string {
	_, rest, ok := strings.Cut(arn, ":log-group:")
	if !ok {
		return arn
	}
	return strings.TrimSuffix(rest, ":*")
}

// tableARN is a table's ARN, which a plan knows only after apply for a new table: a table's
// ARN is made of its partition, Region, account and name alone, so when those are known (the
// account too, as it is once a plan is laid over a live snapshot) it is spelled out, for the
// trails' resources.ARN conditions (a basic selector's arn:aws:dynamodb prefix) to match.
func tableARN(d *DynamoDBTable) string {
	if d.ARN != "" || d.Name == "" || !isAccountID(d.AccountID) || !isRegionName(d.Region) {
		return d.ARN
	}
	partition := "aws"
	switch {
	case strings.HasPrefix(d.Region, "cn-"):
		partition = "aws-cn"
	case strings.HasPrefix(d.Region, "us-gov-"):
		partition = "aws-us-gov"
	}
	return "arn:" + partition + ":dynamodb:" + d.Region + ":" + d.AccountID + ":table/" + d.Name
}

// isRegionName reports whether s looks like an AWS Region (us-east-1), not a plan's
// placeholder.
func isRegionName(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) < 3 {
		return false
	}
	last := parts[len(parts)-1]
	return last != "" && strings.Trim(last, "0123456789") == ""
}

// partitionOf returns the partition of an ARN, "aws" when it has none.
func partitionOf(arn string) string {
	parts := strings.SplitN(arn, ":", 3)
	if len(parts) < 3 || parts[0] != "arn" || parts[1] == "" {
		return "aws"
	}
	return parts[1]
}

// PostureOf returns the store posture of a data store item (a pointer from a Collection),
// or nil for an item that is not a data store.
func PostureOf(item any) *StorePosture {
	switch x := item.(type) {
	case *DBInstance:
		return &x.Posture
	case *DBCluster:
		return &x.Posture
	case *DynamoDBTable:
		return &x.Posture
	case *S3Bucket:
		return &x.Posture
	case *RedshiftCluster:
		return &x.Posture
	case *RedshiftServerlessNamespace:
		return &x.Posture
	case *ElastiCacheCluster:
		return &x.Posture
	case *OpenSearchDomain:
		return &x.Posture
	case *MemoryDBCluster:
		return &x.Posture
	}
	return nil
}
