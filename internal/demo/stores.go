package demo

import "github.com/storewatch/storewatch/inventory"

type bucket struct {
	region, name      string
	logging           string // target bucket, "" for off
	versioning        string
	mfaDelete         bool
	objectLock        bool
	lifecycleDays     int
	private           bool
	logDeliveryTarget bool
	requestMetrics    bool
	notifications     bool
}

func (b *builder) bucket(x bucket) {
	a := "arn:aws:s3:::" + x.name
	s := inventory.S3Bucket{
		Meta:                    meta(inventory.TypeS3Bucket, a, x.name, x.region),
		Versioning:              x.versioning,
		MFADelete:               x.mfaDelete,
		ObjectLock:              x.objectLock,
		LifecycleExpirationDays: x.lifecycleDays,
		LogDeliveryTarget:       x.logDeliveryTarget,
		PolicyPublic:            ptr(false),
		ACLPublic:               ptr(false),
	}
	if x.lifecycleDays > 0 {
		// One rule on the whole bucket, as a live collection records it.
		s.LifecycleRules = []inventory.LifecycleRule{{ID: "retention", Enabled: true, ExpirationDays: x.lifecycleDays}}
	}
	if x.private {
		s.PublicAccessBlock = &inventory.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
	}
	if x.logging != "" {
		s.Logging = &inventory.BucketLogging{TargetBucket: x.logging, TargetPrefix: x.name + "/"}
	}
	if x.requestMetrics {
		s.MetricsConfigurations = []string{"EntireBucket"}
	}
	if x.notifications {
		s.Notifications = []inventory.BucketNotification{{Kind: "sqs", ARN: arn("sqs", x.region, x.name+"-events"), Events: []string{"s3:ObjectCreated:*"}}}
	}
	b.s.S3Buckets = append(b.s.S3Buckets, s)
}

type instance struct {
	region, name, engine, class string
	exports                     []string
	cluster, replicaOf          string
	monitoring                  int
	pi                          bool
	piKey                       string
	piRetention                 int
	params                      map[string]string
	options                     []string
	storage                     int
}

func (b *builder) instance(x instance) {
	a := arn("rds", x.region, "db:"+x.name)
	d := inventory.DBInstance{
		Meta:                        meta(inventory.TypeDBInstance, a, x.name, x.region),
		Engine:                      x.engine,
		InstanceClass:               x.class,
		Status:                      "available",
		ClusterID:                   x.cluster,
		ReplicaSourceID:             x.replicaOf,
		AllocatedStorage:            x.storage,
		MultiAZ:                     x.replicaOf == "" && x.cluster == "",
		EnabledLogExports:           x.exports,
		MonitoringInterval:          ptr(x.monitoring),
		PerformanceInsightsEnabled:  ptr(x.pi),
		PerformanceInsightsKMSKeyID: x.piKey,
		Parameters:                  x.params,
		Options:                     x.options,
	}
	if x.monitoring > 0 {
		d.MonitoringRoleARN = "arn:aws:iam::" + Account + ":role/rds-monitoring-role"
	}
	if x.pi {
		d.PerformanceInsightsRetention = max(x.piRetention, 7)
	}
	if x.engine == "postgres" || x.engine == "mysql" || x.engine == "mariadb" {
		d.ParameterGroup = x.name + "-params"
	}
	b.s.DBInstances = append(b.s.DBInstances, d)
}

type cluster struct {
	region, name, engine, typ string
	exports, members          []string
	params                    map[string]string
	dataAPI                   bool
}

func (b *builder) cluster(x cluster) {
	typ := x.typ
	if typ == "" {
		typ = inventory.TypeDBCluster
	}
	a := arn("rds", x.region, "cluster:"+x.name)
	b.s.DBClusters = append(b.s.DBClusters, inventory.DBCluster{
		Meta:                meta(typ, a, x.name, x.region),
		Engine:              x.engine,
		Status:              "available",
		Members:             x.members,
		EnabledLogExports:   x.exports,
		ParameterGroup:      x.name + "-cluster-params",
		Parameters:          x.params,
		HTTPEndpointEnabled: x.dataAPI,
	})
}

type table struct {
	region, name string
	provisioned  bool
	autoscaling  bool
	insights     bool
	pitr         bool
	stream       bool
}

func (b *builder) table(x table) {
	a := arn("dynamodb", x.region, "table/"+x.name)
	t := inventory.DynamoDBTable{
		Meta:                meta(inventory.TypeDynamoDBTable, a, x.name, x.region),
		Status:              "ACTIVE",
		BillingMode:         "PAY_PER_REQUEST",
		StreamEnabled:       x.stream,
		PointInTimeRecovery: ptr(x.pitr),
		ContributorInsights: "DISABLED",
	}
	if x.provisioned {
		t.BillingMode, t.ReadCapacity, t.WriteCapacity = "PROVISIONED", 200, 100
	}
	if x.autoscaling {
		t.AutoScaling = []string{"dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits"}
	}
	if x.insights {
		t.ContributorInsights = "ENABLED"
	}
	b.s.DynamoDBTables = append(b.s.DynamoDBTables, t)
}

// rdsAlarms adds the usual alarms on an RDS instance's metrics.
func (b *builder) rdsAlarms(id, dim string, actions []string, metrics ...string) {
	region := east
	for _, m := range metrics {
		a := alarm{region: region, name: id + "-" + m, namespace: "AWS/RDS", metric: m, dims: map[string]string{dim: id}, actions: actions}
		switch m {
		case "CPUUtilization":
			a.threshold = 90
		case "FreeStorageSpace":
			a.stat, a.threshold, a.comparison = "Minimum", 10*1024*1024*1024, "LessThanThreshold"
		case "FreeableMemory":
			a.threshold, a.comparison, a.periods = 512*1024*1024, "LessThanThreshold", 15
		case "DatabaseConnections":
			a.threshold = 900
		case "ReadLatency", "WriteLatency":
			a.stat, a.threshold = "p90", 0.02
		case "ReplicaLag", "AuroraReplicaLag":
			a.stat, a.threshold = "Maximum", 60
		case "DBLoad":
			a.threshold, a.periods = 8, 15
		}
		b.alarm(a)
	}
}
