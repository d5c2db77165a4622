package demo

import "github.com/storewatch/storewatch/inventory"

// orders is the well-run platform in us-east-1, with a few lapses.
func (b *builder) orders() {
	oncall := []string{opsTopic}
	archive := inventory.SubscriptionFilter{Name: "to-archive", DestinationARN: "arn:aws:firehose:" + east + ":" + Account + ":deliverystream/log-archive"}
	healing := []string{opsTopic, "arn:aws:ssm:" + east + ":" + Account + ":opsitem:2#CATEGORY=Availability"}

	b.instance(instance{region: east, name: "orders-db", engine: "mysql", class: "db.r6g.xlarge", storage: 500,
		exports: []string{"audit", "error", "general", "slowquery"}, monitoring: 15, pi: true, piKey: dataKeyEast, piRetention: 731,
		options: []string{"MARIADB_AUDIT_PLUGIN"}, params: map[string]string{"general_log": "1", "slow_query_log": "1"}})
	b.rdsAlarms("orders-db", "DBInstanceIdentifier", oncall, "CPUUtilization", "FreeableMemory", "DatabaseConnections", "ReadLatency", "WriteLatency", "DBLoad")
	b.rdsAlarms("orders-db", "DBInstanceIdentifier", healing, "FreeStorageSpace")
	for _, t := range []string{"audit", "error", "general", "slowquery"} {
		var filters []inventory.MetricFilter
		if t == "error" {
			filters = []inventory.MetricFilter{filter("orders-db-errors", `?ERROR ?"[ERROR]" ?OutOfMemory`, "OrdersDBErrors", "OrdersDB"),
				filter("orders-db-auth-failures", `"Access denied for user"`, "OrdersDBAuthFailures", "OrdersDB")}
		}
		b.logGroup(east, "/aws/rds/instance/orders-db/"+t, 400, dataKeyEast, filters, archive)
	}
	b.alarm(alarm{region: east, name: "orders-db-error-log", namespace: "OrdersDB", metric: "OrdersDBErrors", stat: "Sum",
		threshold: 5, comparison: "GreaterThanOrEqualToThreshold", period: 300, periods: 1, actions: oncall, treatMissing: "notBreaching"})
	b.alarm(alarm{region: east, name: "orders-db-auth-failures", namespace: "OrdersDB", metric: "OrdersDBAuthFailures", stat: "Sum",
		threshold: 20, comparison: "GreaterThanOrEqualToThreshold", period: 300, periods: 1, actions: []string{securityTopic}, treatMissing: "notBreaching"})

	b.instance(instance{region: east, name: "orders-db-replica", engine: "mysql", class: "db.r6g.large", storage: 500, replicaOf: "orders-db",
		exports: []string{"error"}, monitoring: 60})
	b.rdsAlarms("orders-db-replica", "DBInstanceIdentifier", oncall, "ReplicaLag")
	b.logGroup(east, "/aws/rds/instance/orders-db-replica/error", 30, "", nil)

	b.instance(instance{region: east, name: "payments-db", engine: "postgres", class: "db.m6g.large", storage: 200,
		exports: []string{"postgresql", "upgrade"}, monitoring: 60, pi: true,
		params: map[string]string{"shared_preload_libraries": "pg_stat_statements,pgaudit", "pgaudit.log": "ddl,role"}})
	b.logGroup(east, "/aws/rds/instance/payments-db/postgresql", 365, "", []inventory.MetricFilter{
		filter("payments-auth", `"password authentication failed"`, "PaymentsAuthFailures", "PaymentsDB")})
	b.logGroup(east, "/aws/rds/instance/payments-db/upgrade", 365, "", nil)
	// Muted during an incident and never unmuted.
	b.alarm(alarm{region: east, name: "payments-db-CPUUtilization", namespace: "AWS/RDS", metric: "CPUUtilization",
		dims: map[string]string{"DBInstanceIdentifier": "payments-db"}, threshold: 90, actions: oncall, disabled: true})
	b.alarm(alarm{region: east, name: "payments-db-FreeStorageSpace", namespace: "AWS/RDS", metric: "FreeStorageSpace",
		dims: map[string]string{"DBInstanceIdentifier": "payments-db"}, stat: "Minimum", threshold: 20e9, comparison: "LessThanThreshold", actions: oncall})

	b.instance(instance{region: east, name: "billing-db", engine: "postgres", class: "db.t4g.medium", storage: 100,
		exports: []string{"postgresql"}})
	b.logGroup(east, "/aws/rds/instance/billing-db/postgresql", 0, "", nil)
	b.alarm(alarm{region: east, name: "billing-db-storage", namespace: "AWS/RDS", metric: "FreeStorageSpace",
		dims: map[string]string{"DBInstanceIdentifier": "billing-db"}, stat: "Minimum", threshold: 5e9, comparison: "LessThanThreshold",
		actions: oncall, state: "INSUFFICIENT_DATA", stateDays: 23})

	b.instance(instance{region: east, name: "legacy-erp", engine: "oracle-ee", class: "db.r5.2xlarge", storage: 1000,
		exports: []string{"alert", "audit"}, monitoring: 60})
	b.logGroup(east, "/aws/rds/instance/legacy-erp/alert", 90, "", nil)
	b.logGroup(east, "/aws/rds/instance/legacy-erp/audit", 90, "", nil)
	b.instance(instance{region: east, name: "reporting-sql", engine: "sqlserver-se", class: "db.m5.xlarge", storage: 300,
		exports: []string{"agent", "error"}, monitoring: 60, pi: true})
	b.logGroup(east, "/aws/rds/instance/reporting-sql/agent", 365, dataKeyEast, nil)
	b.logGroup(east, "/aws/rds/instance/reporting-sql/error", 365, dataKeyEast, nil)
	b.rdsAlarms("reporting-sql", "DBInstanceIdentifier", oncall, "CPUUtilization", "FreeStorageSpace")

	b.cluster(cluster{region: east, name: "orders-aurora", engine: "aurora-mysql",
		exports: []string{"audit", "error", "slowquery"}, members: []string{"orders-aurora-1", "orders-aurora-2"},
		params: map[string]string{"server_audit_logging": "1", "server_audit_events": "CONNECT,QUERY_DCL,QUERY_DDL"}})
	for _, m := range []string{"orders-aurora-1", "orders-aurora-2"} {
		b.instance(instance{region: east, name: m, engine: "aurora-mysql", class: "db.r6g.large", cluster: "orders-aurora", monitoring: 30, pi: true, piKey: dataKeyEast})
	}
	b.rdsAlarms("orders-aurora", "DBClusterIdentifier", oncall, "CPUUtilization", "FreeableMemory", "DatabaseConnections", "AuroraReplicaLag")
	for _, t := range []string{"audit", "error", "slowquery"} {
		b.logGroup(east, "/aws/rds/cluster/orders-aurora/"+t, 30, "", nil)
	}
	b.cluster(cluster{region: east, name: "inventory-aurora", engine: "aurora-postgresql", dataAPI: true,
		exports: []string{"postgresql"}, members: []string{"inventory-aurora-1"}})
	b.instance(instance{region: east, name: "inventory-aurora-1", engine: "aurora-postgresql", class: "db.r6g.large", cluster: "inventory-aurora"})
	b.logGroup(east, "/aws/rds/cluster/inventory-aurora/postgresql", 180, dataKeyEast, nil)
	// A metric-math alarm: CPU across the cluster, the way teams write "busy" alarms.
	b.alarm(alarm{region: east, name: "inventory-aurora-busy", threshold: 80, actions: oncall, periods: 3,
		math: []inventory.MetricQuery{
			{ID: "cpu", MetricStat: &inventory.MetricStat{Namespace: "AWS/RDS", MetricName: "CPUUtilization", Stat: "Average", Period: 60,
				Dimensions: []inventory.Dimension{{Name: "DBClusterIdentifier", Value: "inventory-aurora"}}}},
			{ID: "busy", Expression: "IF(cpu > 80, cpu, 0)", ReturnData: true},
		}})

	b.table(table{region: east, name: "orders", provisioned: true, autoscaling: true, insights: true, pitr: true, stream: true})
	b.table(table{region: east, name: "orders-idempotency", pitr: true})
	b.table(table{region: east, name: "carts"})
	b.table(table{region: east, name: "sessions"})
	b.table(table{region: east, name: "customer-profiles", provisioned: true, pitr: true})
	scaling := "arn:aws:autoscaling:" + east + ":" + Account + ":scalingPolicy:policy-id:resource/dynamodb/table/orders:policyName/orders-write-scaling"
	for _, m := range []string{"ReadThrottleEvents", "WriteThrottleEvents", "SystemErrors"} {
		b.alarm(alarm{region: east, name: "orders-" + m, namespace: "AWS/DynamoDB", metric: m, stat: "Sum", threshold: 10,
			dims: map[string]string{"TableName": "orders"}, actions: oncall, treatMissing: "notBreaching"})
	}
	b.alarm(alarm{region: east, name: "orders-ConsumedWriteCapacityUnits", namespace: "AWS/DynamoDB", metric: "ConsumedWriteCapacityUnits",
		stat: "Sum", threshold: 24000, dims: map[string]string{"TableName": "orders"}, actions: []string{scaling}})
	b.alarm(alarm{region: east, name: "orders-idempotency-SystemErrors", namespace: "AWS/DynamoDB", metric: "SystemErrors", stat: "Sum",
		threshold: 0, dims: map[string]string{"TableName": "orders-idempotency"}, actions: oncall, treatMissing: "notBreaching"})
	b.alarm(alarm{region: east, name: "dynamodb-account-read-capacity", namespace: "AWS/DynamoDB", metric: "AccountProvisionedReadCapacityUtilization",
		stat: "Maximum", threshold: 80, period: 300, periods: 2, actions: oncall})
	b.alarm(alarm{region: east, name: "dynamodb-account-write-capacity", namespace: "AWS/DynamoDB", metric: "AccountProvisionedWriteCapacityUtilization",
		stat: "Maximum", threshold: 80, period: 300, periods: 2, actions: oncall})

	b.bucket(bucket{region: east, name: "orders-customer-documents", logging: "demo-access-logs-123456789012", versioning: "Enabled",
		private: true, requestMetrics: true, notifications: true, lifecycleDays: 3650})
	for _, m := range []string{"4xxErrors", "5xxErrors"} {
		b.alarm(alarm{region: east, name: "orders-customer-documents-" + m, namespace: "AWS/S3", metric: m, threshold: 0.05, periods: 15,
			dims: map[string]string{"BucketName": "orders-customer-documents", "FilterId": "EntireBucket"}, actions: oncall})
	}
	b.bucket(bucket{region: east, name: "orders-invoices", logging: "demo-access-logs-123456789012", versioning: "Enabled",
		private: true, objectLock: true})
	b.bucket(bucket{region: east, name: "orders-exports", private: true})
}
