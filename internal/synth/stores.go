package synth

import (
	"slices"

	"github.com/storewatch/storewatch/inventory"
)

// weights of store types, per 100 stores.
var kinds = []struct {
	kind   string
	weight int
}{
	{"rds", 28}, {"aurora", 8}, {"dynamodb", 22}, {"s3", 22}, {"redshift", 4}, {"docdb", 2}, {"neptune", 2},
	{"elasticache", 5}, {"opensearch", 4}, {"memorydb", 2}, {"redshift-serverless", 1},
}

var engines = []string{"mysql", "postgres", "mariadb", "oracle-ee", "sqlserver-se", "postgres", "mysql"}

var logTypes = map[string][]string{
	"mysql": {"audit", "error", "general", "slowquery"}, "mariadb": {"audit", "error", "general", "slowquery"},
	"postgres": {"postgresql", "upgrade"}, "oracle-ee": {"alert", "audit", "trace", "listener"}, "sqlserver-se": {"agent", "error"},
	"aurora-mysql": {"audit", "error", "general", "slowquery"}, "aurora-postgresql": {"postgresql"},
	"docdb": {"audit", "profiler"}, "neptune": {"audit"},
}

func (g *gen) pick() string {
	n := g.r.IntN(100)
	for _, k := range kinds {
		if n < k.weight {
			return k.kind
		}
		n -= k.weight
	}
	return "s3"
}

// exports picks a subset of the log types: all of them for about half the stores.
func (g *gen) exports(all []string) []string {
	if g.chance(0.5) {
		return append([]string(nil), all...)
	}
	var out []string
	for _, t := range all {
		if g.chance(0.4) {
			out = append(out, t)
		}
	}
	return out
}

func (g *gen) logGroups(acct, region, prefix string, types []string) {
	for _, t := range types {
		name := prefix + t
		lg := inventory.LogGroup{Meta: meta(inventory.TypeLogGroup, arn("logs", region, acct, "log-group:"+name), name, acct, region)}
		if g.chance(0.6) {
			lg.RetentionDays = ptr([]int{7, 30, 90, 365, 400, 731}[g.r.IntN(6)])
		}
		if g.chance(0.5) {
			lg.KMSKeyID = arn("kms", region, acct, "key/cmk-"+region)
		}
		if (t == "error" || t == "postgresql" || t == "audit") && g.chance(0.16) {
			metric := "Errors-" + g.name("m")
			lg.MetricFilters = []inventory.MetricFilter{{Name: "errors", Pattern: `?ERROR ?FATAL ?OutOfMemory`,
				Transformations: []inventory.MetricTransformation{{MetricName: metric, MetricNamespace: "StoreLogs", MetricValue: "1"}}}}
			if g.chance(0.6) {
				g.s.Alarms = append(g.s.Alarms, g.alarmOn(acct, region, "log-"+metric, "StoreLogs", metric, nil))
			}
		}
		if g.chance(0.2) {
			lg.SubscriptionFilters = []inventory.SubscriptionFilter{{Name: "archive", DestinationARN: arn("firehose", region, acct, "deliverystream/archive")}}
		}
		g.s.LogGroups = append(g.s.LogGroups, lg)
	}
}

// alarms adds alarms on some of a store's metrics: about one store in ten is watched,
// which with the log and CIS alarms gives the 200 alarms per 1,000 stores of a typical
// account.
func (g *gen) alarms(acct, region, ns, dim, id string, metrics ...string) {
	g.alarmsOn(acct, region, ns, id, []inventory.Dimension{{Name: dim, Value: id}}, metrics...)
}

// alarmsOn is alarms for a store whose metrics carry more than its identifying dimension:
// CloudWatch matches an alarm's dimensions whole.
func (g *gen) alarmsOn(acct, region, ns, id string, dims []inventory.Dimension, metrics ...string) {
	if !g.chance(0.1) {
		return
	}
	for _, m := range metrics {
		if g.chance(0.75) {
			g.s.Alarms = append(g.s.Alarms, g.alarmOn(acct, region, id+"-"+m, ns, m, slices.Clone(dims)))
		}
	}
}

// sprinkleErrors records, for about one resource in fifty, a call about it that was denied.
func (g *gen) sprinkleErrors(m *inventory.Meta, op, service string) {
	if g.chance(0.02) {
		m.Errors = append(m.Errors, inventory.CollectionError{Source: inventory.SourceAWS, AccountID: m.AccountID, Region: m.Region,
			Service: service, Operation: op, Resource: m.ARN, Code: "AccessDenied", Message: "not authorized"})
	}
}

// store adds one data store, or a cluster and at most room-1 member instances.
func (g *gen) store(acct, region string, room int) {
	switch kind := g.pick(); kind {
	case "rds":
		e := engines[g.r.IntN(len(engines))]
		name := g.name("db")
		d := inventory.DBInstance{Meta: meta(inventory.TypeDBInstance, arn("rds", region, acct, "db:"+name), name, acct, region),
			Engine: e, Status: "available", InstanceClass: "db.m6g.large", AllocatedStorage: 100 + g.r.IntN(900), MultiAZ: g.chance(0.5),
			EnabledLogExports: g.exports(logTypes[e]), MonitoringInterval: ptr([]int{0, 0, 15, 60}[g.r.IntN(4)]),
			PerformanceInsightsEnabled: ptr(g.chance(0.4)), Parameters: map[string]string{}}
		g.logGroups(acct, region, "/aws/rds/instance/"+name+"/", d.EnabledLogExports)
		g.alarms(acct, region, "AWS/RDS", "DBInstanceIdentifier", name, "CPUUtilization", "FreeStorageSpace", "FreeableMemory", "DatabaseConnections")
		g.sprinkleErrors(&d.Meta, "rds:DescribeDBInstances", "rds")
		g.s.DBInstances = append(g.s.DBInstances, d)
	case "aurora", "docdb", "neptune":
		k := kind
		name := g.name("cluster")
		typ, engine, prefix := inventory.TypeDBCluster, []string{"aurora-mysql", "aurora-postgresql"}[g.r.IntN(2)], "/aws/rds/cluster/"
		switch k {
		case "docdb":
			typ, engine, prefix = inventory.TypeDocDBCluster, "docdb", "/aws/docdb/"
		case "neptune":
			typ, engine, prefix = inventory.TypeNeptuneCluster, "neptune", "/aws/neptune/"
		}
		c := inventory.DBCluster{Meta: meta(typ, arn("rds", region, acct, "cluster:"+name), name, acct, region), Engine: engine, Status: "available",
			EnabledLogExports: g.exports(logTypes[engine]), Parameters: map[string]string{"server_audit_logging": []string{"0", "1"}[g.r.IntN(2)]},
			HTTPEndpointEnabled: engine == "aurora-postgresql" && g.chance(0.3)}
		members := min(1+g.r.IntN(2), room-1)
		for i := 0; i < members; i++ {
			m := name + "-" + string(rune('a'+i))
			c.Members = append(c.Members, m)
			g.s.DBInstances = append(g.s.DBInstances, inventory.DBInstance{Meta: meta(inventory.TypeDBInstance, arn("rds", region, acct, "db:"+m), m, acct, region),
				Engine: engine, ClusterID: name, Status: "available", MonitoringInterval: ptr(60), PerformanceInsightsEnabled: ptr(g.chance(0.5))})
		}
		g.logGroups(acct, region, prefix+name+"/", c.EnabledLogExports)
		g.alarms(acct, region, "AWS/RDS", "DBClusterIdentifier", name, "CPUUtilization", "FreeableMemory", "DatabaseConnections")
		g.sprinkleErrors(&c.Meta, "rds:DescribeDBClusters", "rds")
		g.s.DBClusters = append(g.s.DBClusters, c)
	case "dynamodb":
		name := g.name("table")
		if g.chance(0.1) {
			name = "orders-" + name
		}
		t := inventory.DynamoDBTable{Meta: meta(inventory.TypeDynamoDBTable, arn("dynamodb", region, acct, "table/"+name), name, acct, region),
			Status: "ACTIVE", BillingMode: []string{"PAY_PER_REQUEST", "PROVISIONED"}[g.r.IntN(2)], PointInTimeRecovery: ptr(g.chance(0.6)),
			ContributorInsights: []string{"ENABLED", "DISABLED", "DISABLED"}[g.r.IntN(3)]}
		if t.BillingMode == "PROVISIONED" {
			t.ReadCapacity, t.WriteCapacity = 100, 50
			if g.chance(0.6) {
				t.AutoScaling = []string{"dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits"}
			}
		}
		g.alarms(acct, region, "AWS/DynamoDB", "TableName", name, "ReadThrottleEvents", "WriteThrottleEvents", "SystemErrors")
		g.sprinkleErrors(&t.Meta, "dynamodb:DescribeContributorInsights", "dynamodb")
		g.s.DynamoDBTables = append(g.s.DynamoDBTables, t)
	case "s3":
		name := []string{"data-", "scratch-", "app-"}[g.r.IntN(3)] + g.name("bucket")
		b := inventory.S3Bucket{Meta: meta(inventory.TypeS3Bucket, "arn:aws:s3:::"+name, name, acct, region),
			PolicyPublic: ptr(false), ACLPublic: ptr(false)}
		if g.chance(0.5) {
			b.Logging = &inventory.BucketLogging{TargetBucket: "logs-" + acct, TargetPrefix: name + "/"}
		}
		if g.chance(0.6) {
			b.Versioning = "Enabled"
		}
		if g.chance(0.8) {
			b.PublicAccessBlock = &inventory.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
		}
		if g.chance(0.2) {
			b.MetricsConfigurations = []string{"EntireBucket"}
		}
		if g.chance(0.3) {
			b.Notifications = []inventory.BucketNotification{{Kind: "sqs", ARN: arn("sqs", region, acct, "events")}}
		}
		// S3 publishes request metrics only under a metrics configuration's FilterId; the
		// alarm of a bucket without that configuration watches nothing, as in real accounts.
		g.alarmsOn(acct, region, "AWS/S3", name, []inventory.Dimension{{Name: "BucketName", Value: name}, {Name: "FilterId", Value: "EntireBucket"}}, "5xxErrors")
		g.sprinkleErrors(&b.Meta, "s3:GetBucketLogging", "s3")
		g.s.S3Buckets = append(g.s.S3Buckets, b)
	case "redshift":
		name := g.name("warehouse")
		c := inventory.RedshiftCluster{Meta: meta(inventory.TypeRedshiftCluster, arn("redshift", region, acct, "cluster:"+name), name, acct, region),
			NodeType: "ra3.xlplus", NumberOfNodes: 2, Status: "available", Encrypted: true,
			Parameters: map[string]string{"enable_user_activity_logging": []string{"true", "false"}[g.r.IntN(2)]}}
		if g.chance(0.6) {
			c.Logging = &inventory.RedshiftLogging{Enabled: true, DestinationType: "cloudwatch", LogExports: g.exports([]string{"connectionlog", "useractivitylog", "userlog"})}
			g.logGroups(acct, region, "/aws/redshift/cluster/"+name+"/", c.Logging.LogExports)
		} else {
			c.Logging = &inventory.RedshiftLogging{}
		}
		g.alarms(acct, region, "AWS/Redshift", "ClusterIdentifier", name, "CPUUtilization", "PercentageDiskSpaceUsed")
		g.sprinkleErrors(&c.Meta, "redshift:DescribeLoggingStatus", "redshift")
		g.s.RedshiftClusters = append(g.s.RedshiftClusters, c)
	case "redshift-serverless":
		name := g.name("ns")
		g.s.RedshiftServerlessNamespaces = append(g.s.RedshiftServerlessNamespaces, inventory.RedshiftServerlessNamespace{
			Meta:       meta(inventory.TypeRedshiftServerlessNamespace, arn("redshift-serverless", region, acct, "namespace/"+name), name, acct, region),
			LogExports: g.exports([]string{"connectionlog", "useractivitylog", "userlog"})})
	case "elasticache":
		if g.chance(0.2) {
			// A standalone Memcached cluster: no replication group, no log delivery.
			name := g.name("memcached")
			g.s.ElastiCacheClusters = append(g.s.ElastiCacheClusters, inventory.ElastiCacheCluster{
				Meta:   meta(inventory.TypeElastiCacheCacheCluster, arn("elasticache", region, acct, "cluster:"+name), name, acct, region),
				Engine: "memcached", Status: "available"})
			g.alarms(acct, region, "AWS/ElastiCache", "CacheClusterId", name, "CPUUtilization", "Evictions")
			return
		}
		name := g.name("cache")
		c := inventory.ElastiCacheCluster{Meta: meta(inventory.TypeElastiCacheReplicationGroup, arn("elasticache", region, acct, "replicationgroup:"+name), name, acct, region),
			Engine: "redis", Status: "available", Members: []string{name + "-001", name + "-002"}}
		if g.chance(0.5) {
			c.LogDelivery = []inventory.ElastiCacheLogDelivery{{LogType: "slow-log", DestinationType: "cloudwatch-logs", Destination: "/aws/elasticache/" + name + "/slow-log", Status: "active"}}
			g.logGroups(acct, region, "/aws/elasticache/"+name+"/", []string{"slow-log"})
		}
		if topics := g.topics[acct+"/"+region]; g.chance(0.5) {
			c.NotificationTopic = topics[0]
		}
		g.alarms(acct, region, "AWS/ElastiCache", "CacheClusterId", name+"-001", "EngineCPUUtilization", "CPUUtilization")
		g.sprinkleErrors(&c.Meta, "elasticache:DescribeReplicationGroups", "elasticache")
		g.s.ElastiCacheClusters = append(g.s.ElastiCacheClusters, c)
	case "opensearch":
		name := g.name("search")
		d := inventory.OpenSearchDomain{Meta: meta(inventory.TypeOpenSearchDomain, arn("es", region, acct, "domain/"+name), name, acct, region),
			EngineVersion: "OpenSearch_2.13", InstanceCount: 3, AdvancedSecurityEnabled: g.chance(0.5)}
		for _, t := range []string{"AUDIT_LOGS", "ES_APPLICATION_LOGS"} {
			if g.chance(0.5) {
				group := "/aws/opensearch/" + name + "/" + t
				d.LogPublishing = append(d.LogPublishing, inventory.OpenSearchLogPublishing{LogType: t, Enabled: true, LogGroupARN: arn("logs", region, acct, "log-group:"+group)})
				g.logGroups(acct, region, "/aws/opensearch/"+name+"/", []string{t})
			}
		}
		g.alarmsOn(acct, region, "AWS/ES", name, []inventory.Dimension{{Name: "ClientId", Value: acct}, {Name: "DomainName", Value: name}}, "ClusterStatus.red", "JVMMemoryPressure")
		g.sprinkleErrors(&d.Meta, "es:DescribeDomainConfig", "es")
		g.s.OpenSearchDomains = append(g.s.OpenSearchDomains, d)
	case "memorydb":
		name := g.name("memdb")
		c := inventory.MemoryDBCluster{Meta: meta(inventory.TypeMemoryDBCluster, arn("memorydb", region, acct, "cluster/"+name), name, acct, region),
			Status: "available", NumShards: 2}
		if topics := g.topics[acct+"/"+region]; g.chance(0.5) {
			c.SNSTopicARN = topics[1]
		}
		g.alarms(acct, region, "AWS/MemoryDB", "ClusterName", name, "EngineCPUUtilization")
		g.sprinkleErrors(&c.Meta, "memorydb:DescribeClusters", "memorydb")
		g.s.MemoryDBClusters = append(g.s.MemoryDBClusters, c)
	}
}
