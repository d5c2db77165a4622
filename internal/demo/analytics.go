package demo

import "github.com/storewatch/storewatch/inventory"

// analytics grew in eu-west-1 without much care.
func (b *builder) analytics() {
	alerts := []string{westOpsTopic}

	b.instance(instance{region: west, name: "analytics-mariadb", engine: "mariadb", class: "db.m5.large", storage: 400})
	b.instance(instance{region: west, name: "analytics-pg", engine: "postgres", class: "db.m6g.xlarge", storage: 800,
		exports: []string{"postgresql"}, pi: true, params: map[string]string{"shared_preload_libraries": "pg_stat_statements"}})
	b.logGroup(west, "/aws/rds/instance/analytics-pg/postgresql", 7, "", nil)
	b.alarm(alarm{region: west, name: "analytics-pg-cpu", namespace: "AWS/RDS", metric: "CPUUtilization",
		dims: map[string]string{"DBInstanceIdentifier": "analytics-pg"}, threshold: 95})
	b.instance(instance{region: west, name: "etl-mysql", engine: "mysql", class: "db.t3.large", storage: 200,
		exports: []string{"error", "slowquery"}, monitoring: 60})
	b.logGroup(west, "/aws/rds/instance/etl-mysql/error", 14, "", nil)
	b.logGroup(west, "/aws/rds/instance/etl-mysql/slowquery", 14, "", nil)

	// Exports the audit log, but server_audit_logging is off: the log stays empty.
	b.cluster(cluster{region: west, name: "analytics-aurora", engine: "aurora-mysql",
		exports: []string{"audit", "error"}, members: []string{"analytics-aurora-1"},
		params: map[string]string{"server_audit_logging": "0"}})
	b.instance(instance{region: west, name: "analytics-aurora-1", engine: "aurora-mysql", class: "db.r6g.large", cluster: "analytics-aurora"})
	b.logGroup(west, "/aws/rds/cluster/analytics-aurora/audit", 0, "", nil)
	b.logGroup(west, "/aws/rds/cluster/analytics-aurora/error", 0, "", nil)

	b.cluster(cluster{region: west, name: "catalog-docdb", engine: "docdb", typ: inventory.TypeDocDBCluster,
		exports: []string{"profiler"}, members: []string{"catalog-docdb-1"}, params: map[string]string{"audit_logs": "disabled", "profiler": "enabled"}})
	b.instance(instance{region: west, name: "catalog-docdb-1", engine: "docdb", class: "db.r6g.large", cluster: "catalog-docdb"})
	b.logGroup(west, "/aws/docdb/catalog-docdb/profiler", 30, "", nil)
	b.cluster(cluster{region: west, name: "graph-neptune", engine: "neptune", typ: inventory.TypeNeptuneCluster,
		exports: []string{"audit"}, members: []string{"graph-neptune-1"}, params: map[string]string{"neptune_enable_audit_log": "1"}})
	b.instance(instance{region: west, name: "graph-neptune-1", engine: "neptune", class: "db.r6g.large", cluster: "graph-neptune"})
	b.logGroup(west, "/aws/neptune/graph-neptune/audit", 365, dataKeyWest, nil)
	b.alarm(alarm{region: west, name: "graph-neptune-cpu", namespace: "AWS/Neptune", metric: "CPUUtilization",
		dims: map[string]string{"DBClusterIdentifier": "graph-neptune"}, threshold: 90, actions: alerts})

	b.s.RedshiftClusters = append(b.s.RedshiftClusters,
		inventory.RedshiftCluster{Meta: meta(inventory.TypeRedshiftCluster, "arn:aws:redshift:"+west+":"+Account+":cluster:warehouse", "warehouse", west),
			NodeType: "ra3.4xlarge", NumberOfNodes: 4, Status: "available", Encrypted: true, ParameterGroup: "warehouse-params",
			Logging:    &inventory.RedshiftLogging{Enabled: true, DestinationType: "s3", BucketName: "analytics-redshift-audit"},
			Parameters: map[string]string{"enable_user_activity_logging": "false"}},
		inventory.RedshiftCluster{Meta: meta(inventory.TypeRedshiftCluster, "arn:aws:redshift:"+west+":"+Account+":cluster:marketing-dwh", "marketing-dwh", west),
			NodeType: "ra3.xlplus", NumberOfNodes: 2, Status: "available", Encrypted: true, ParameterGroup: "default.redshift-1.0",
			Parameters: map[string]string{"enable_user_activity_logging": "false"}},
	)
	// The warehouse's alarms notify through a composite alarm, the usual design for one page
	// per incident: the children have no actions of their own.
	for _, m := range []string{"CPUUtilization", "PercentageDiskSpaceUsed"} {
		b.alarm(alarm{region: west, name: "warehouse-" + m, namespace: "AWS/Redshift", metric: m, threshold: 80,
			dims: map[string]string{"ClusterIdentifier": "warehouse"}})
	}
	b.s.CompositeAlarms = append(b.s.CompositeAlarms, inventory.CompositeAlarm{
		Meta:           meta(inventory.TypeCompositeAlarm, arn("cloudwatch", west, "alarm:warehouse-health"), "warehouse-health", west),
		AlarmRule:      `ALARM("warehouse-CPUUtilization") OR ALARM("warehouse-PercentageDiskSpaceUsed")`,
		ActionsEnabled: true, AlarmActions: []string{b.topic(west, "warehouse-pager", []string{"https"}, nil)}, StateValue: "OK",
	})
	b.s.RedshiftServerlessNamespaces = append(b.s.RedshiftServerlessNamespaces, inventory.RedshiftServerlessNamespace{
		Meta:       meta(inventory.TypeRedshiftServerlessNamespace, "arn:aws:redshift-serverless:"+west+":"+Account+":namespace/5b1e4d1c-7c3f-4a4e-9d1e-2f6b8a7c9d01", "adhoc", west),
		LogExports: []string{"userlog"},
	})
	b.logGroup(west, "/aws/redshift/adhoc/userlog", 30, "", nil)

	b.s.OpenSearchDomains = append(b.s.OpenSearchDomains,
		inventory.OpenSearchDomain{Meta: meta(inventory.TypeOpenSearchDomain, "arn:aws:es:"+west+":"+Account+":domain/logs-search", "logs-search", west),
			EngineVersion: "OpenSearch_2.13", InstanceCount: 3, DedicatedMasterEnabled: true, AdvancedSecurityEnabled: true,
			LogPublishing: []inventory.OpenSearchLogPublishing{
				{LogType: "AUDIT_LOGS", Enabled: true, LogGroupARN: arn("logs", west, "log-group:/aws/opensearch/logs-search/audit")},
				{LogType: "ES_APPLICATION_LOGS", Enabled: true, LogGroupARN: arn("logs", west, "log-group:/aws/opensearch/logs-search/application")},
			}},
		inventory.OpenSearchDomain{Meta: meta(inventory.TypeOpenSearchDomain, "arn:aws:es:"+west+":"+Account+":domain/product-search", "product-search", west),
			EngineVersion: "OpenSearch_2.11", InstanceCount: 2,
			LogPublishing: []inventory.OpenSearchLogPublishing{
				{LogType: "SEARCH_SLOW_LOGS", Enabled: false, LogGroupARN: arn("logs", west, "log-group:/aws/opensearch/product-search/slow")},
			}},
	)
	b.logGroup(west, "/aws/opensearch/logs-search/audit", 365, dataKeyWest, nil)
	b.logGroup(west, "/aws/opensearch/logs-search/application", 90, dataKeyWest, nil)
	for _, m := range []string{"ClusterStatus.red", "FreeStorageSpace", "JVMMemoryPressure"} {
		b.alarm(alarm{region: west, name: "logs-search-" + m, namespace: "AWS/ES", metric: m, stat: "Maximum", threshold: 1,
			comparison: "GreaterThanOrEqualToThreshold", dims: map[string]string{"DomainName": "logs-search", "ClientId": Account}, actions: alerts})
	}

	b.table(table{region: west, name: "events-raw"})
	b.table(table{region: west, name: "feature-store", provisioned: true, autoscaling: true, pitr: true})
	b.alarm(alarm{region: west, name: "feature-store-throttles", namespace: "AWS/DynamoDB", metric: "ReadThrottleEvents", stat: "Sum",
		threshold: 50, dims: map[string]string{"TableName": "feature-store"}, actions: alerts})

	b.bucket(bucket{region: west, name: "analytics-datalake-raw"})
	b.bucket(bucket{region: west, name: "analytics-datalake-curated", logging: "analytics-datalake-raw", versioning: "Enabled", private: true})
	b.bucket(bucket{region: west, name: "analytics-athena-results", private: true, lifecycleDays: 30})
	b.bucket(bucket{region: west, name: "analytics-redshift-audit", private: true, versioning: "Enabled"})
}

// caches are the ElastiCache and MemoryDB clusters of both regions.
func (b *builder) caches() {
	b.s.ElastiCacheClusters = append(b.s.ElastiCacheClusters,
		inventory.ElastiCacheCluster{Meta: meta(inventory.TypeElastiCacheReplicationGroup, arn("elasticache", east, "replicationgroup:orders-redis"), "orders-redis", east),
			Engine: "redis", EngineVersion: "7.1", NodeType: "cache.r7g.large", Status: "available",
			Members: []string{"orders-redis-001", "orders-redis-002"}, NotificationTopic: opsTopic,
			LogDelivery: []inventory.ElastiCacheLogDelivery{
				{LogType: "slow-log", DestinationType: "cloudwatch-logs", Destination: "/aws/elasticache/orders-redis/slow-log", Format: "json", Status: "active"},
				{LogType: "engine-log", DestinationType: "cloudwatch-logs", Destination: "/aws/elasticache/orders-redis/engine-log", Format: "json", Status: "active"},
			}},
		inventory.ElastiCacheCluster{Meta: meta(inventory.TypeElastiCacheCacheCluster, arn("elasticache", east, "cluster:sessions-memcached"), "sessions-memcached", east),
			Engine: "memcached", EngineVersion: "1.6.22", NodeType: "cache.m7g.large", Status: "available"},
		inventory.ElastiCacheCluster{Meta: meta(inventory.TypeElastiCacheReplicationGroup, arn("elasticache", west, "replicationgroup:analytics-redis"), "analytics-redis", west),
			Engine: "valkey", EngineVersion: "8.0", NodeType: "cache.r7g.large", Status: "available", Members: []string{"analytics-redis-001"}},
	)
	archive := inventory.SubscriptionFilter{Name: "to-archive", DestinationARN: "arn:aws:firehose:" + east + ":" + Account + ":deliverystream/log-archive"}
	b.logGroup(east, "/aws/elasticache/orders-redis/slow-log", 400, dataKeyEast, nil, archive)
	b.logGroup(east, "/aws/elasticache/orders-redis/engine-log", 400, dataKeyEast,
		[]inventory.MetricFilter{filter("redis-errors", `?ERROR ?"Out of memory" ?OOM`, "OrdersRedisErrors", "OrdersRedis")}, archive)
	b.alarm(alarm{region: east, name: "orders-redis-engine-errors", namespace: "OrdersRedis", metric: "OrdersRedisErrors", stat: "Sum",
		threshold: 1, comparison: "GreaterThanOrEqualToThreshold", period: 300, periods: 1, actions: []string{opsTopic}, treatMissing: "notBreaching"})
	scaleOut := "arn:aws:ssm:" + east + ":" + Account + ":opsitem:2#CATEGORY=Performance"
	for _, m := range []string{"EngineCPUUtilization", "DatabaseMemoryUsagePercentage", "CPUUtilization", "CurrConnections", "ReplicationLag"} {
		a := alarm{region: east, name: "orders-redis-001-" + m, namespace: "AWS/ElastiCache", metric: m, threshold: 90,
			dims: map[string]string{"CacheClusterId": "orders-redis-001"}, actions: []string{opsTopic}}
		switch m {
		case "CurrConnections":
			a.threshold, a.periods = 5000, 10
		case "ReplicationLag":
			a.threshold, a.periods = 5, 15
		case "EngineCPUUtilization":
			a.actions = []string{opsTopic, scaleOut}
		}
		b.alarm(a)
	}
	b.s.MemoryDBClusters = append(b.s.MemoryDBClusters, inventory.MemoryDBCluster{
		Meta:     meta(inventory.TypeMemoryDBCluster, "arn:aws:memorydb:"+east+":"+Account+":cluster/ratelimit", "ratelimit", east),
		NodeType: "db.r7g.large", EngineVersion: "7.1", Status: "available", NumShards: 2, SNSTopicARN: opsTopic,
	})
	for _, m := range []string{"CPUUtilization", "EngineCPUUtilization", "DatabaseMemoryUsagePercentage", "CurrConnections"} {
		a := alarm{region: east, name: "ratelimit-" + m, namespace: "AWS/MemoryDB", metric: m, threshold: 90,
			dims: map[string]string{"ClusterName": "ratelimit"}, actions: []string{opsTopic}}
		if m == "CurrConnections" {
			a.threshold = 20000
		}
		if m == "EngineCPUUtilization" {
			a.actions = []string{opsTopic, scaleOut}
		}
		b.alarm(a)
	}
}

// collectionErrors records what the demo's collector was not allowed to read, so that a
// new user sees "unknown" verdicts with their reasons instead of false passes.
func (b *builder) collectionErrors() {
	for i := range b.s.S3Buckets {
		if b.s.S3Buckets[i].Name == "analytics-athena-results" {
			b.s.S3Buckets[i].Errors = append(b.s.S3Buckets[i].Errors, inventory.CollectionError{
				Source: inventory.SourceAWS, AccountID: Account, Region: west, Service: "s3", Operation: "s3:GetBucketLogging",
				Resource: b.s.S3Buckets[i].ARN, Code: "AccessDenied",
				Message: "User: arn:aws:sts::123456789012:assumed-role/storewatch-audit/scan is not authorized to perform: s3:GetBucketLogging (explicit deny in a resource-based policy)"})
		}
	}
	for i := range b.s.RedshiftClusters {
		if b.s.RedshiftClusters[i].Name == "marketing-dwh" {
			b.s.RedshiftClusters[i].Logging = nil
			b.s.RedshiftClusters[i].Errors = append(b.s.RedshiftClusters[i].Errors, inventory.CollectionError{
				Source: inventory.SourceAWS, AccountID: Account, Region: west, Service: "redshift", Operation: "redshift:DescribeLoggingStatus",
				Resource: b.s.RedshiftClusters[i].ARN, Code: "ThrottlingException", Message: "Rate exceeded (after 10 attempts)"})
		}
	}
	b.s.Errors = append(b.s.Errors, inventory.CollectionError{
		Source: inventory.SourceAWS, AccountID: Account, Region: west, Service: "logs", Operation: "logs:DescribeResourcePolicies",
		Code: "AccessDeniedException", Message: "not authorized to perform: logs:DescribeResourcePolicies"})
}
