package awstest

import (
	"context"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwschemas "github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	"github.com/aws/aws-sdk-go-v2/service/memorydb"
	"github.com/aws/aws-sdk-go-v2/service/opensearch"
	ostypes "github.com/aws/aws-sdk-go-v2/service/opensearch/types"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	"github.com/aws/aws-sdk-go-v2/service/redshift"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/smithy-go/transport/http/protocol/awsquery"
	"golang.org/x/sync/errgroup"
)

// Store kinds of a fleet.
const (
	KindDBInstance       = "db-instance"
	KindDBCluster        = "db-cluster"
	KindTable            = "table"
	KindBucket           = "bucket"
	KindReplicationGroup = "replication-group"
	KindRedshiftCluster  = "redshift-cluster"
	KindDomain           = "domain"
	KindMemoryDBCluster  = "memorydb-cluster"
	// Monitoring counted beside the stores.
	KindAlarm    = "alarm"
	KindLogGroup = "log-group"
	KindTopic    = "topic"
	KindTrail    = "trail"
)

// fleetMix is the kind of store i (i modulo its length): a third relational, a third
// DynamoDB, a fifth S3, the rest the other engines.
var fleetMix = []string{
	KindDBInstance, KindTable, KindBucket, KindDBInstance, KindTable, KindBucket, KindDBInstance, KindTable,
	KindDBCluster, KindReplicationGroup, KindDBInstance, KindTable, KindBucket, KindDBInstance, KindTable,
	KindBucket, KindDBInstance, KindTable, KindRedshiftCluster, KindDomain,
}

// FleetOptions size a fleet.
type FleetOptions struct {
	// Stores is the number of data stores, spread round-robin over Regions.
	Stores  int
	Regions []string
	// Workers seed at once; 0 means 8.
	Workers int
}

// Fleet is what SeedFleet created: per region, the count of each kind.
type Fleet struct {
	Regions []string
	Counts  map[string]map[string]int
	mu      sync.Mutex
}

func (f *Fleet) add(region, kind string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.Counts[region] == nil {
		f.Counts[region] = map[string]int{}
	}
	f.Counts[region][kind]++
}

// Total sums a kind over the regions.
func (f *Fleet) Total(kind string) int {
	n := 0
	for _, c := range f.Counts {
		n += c[kind]
	}
	return n
}

// SeedFleet creates a large account straight in moto (not through a proxy, so seeding
// is never counted): o.Stores data stores of every kind the collector reads, each with
// the monitoring a real account puts around it — alarms with SNS actions, log groups
// for the exported logs, parameter groups, a trail per region with metric filters, and
// an RDS event subscription per region.
func SeedFleet(ctx context.Context, endpoint string, o FleetOptions) (*Fleet, error) {
	if o.Workers <= 0 {
		o.Workers = 8
	}
	f := &Fleet{Regions: o.Regions, Counts: map[string]map[string]int{}}
	clients := map[string]*regionClients{}
	for _, r := range o.Regions {
		rc := newRegionClients(endpoint, r)
		if err := rc.prepare(ctx, f); err != nil {
			return nil, err
		}
		clients[r] = rc
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(o.Workers)
	for i := 0; i < o.Stores; i++ {
		region := o.Regions[i%len(o.Regions)]
		kind := fleetMix[i%len(fleetMix)]
		if kind == KindDomain && (i/len(fleetMix))%2 == 1 {
			kind = KindMemoryDBCluster
		}
		g.Go(func() error {
			if err := clients[region].store(gctx, kind, fmt.Sprintf("sw-%s-%04d", kind, i)); err != nil {
				return fmt.Errorf("seed %s %d in %s: %w", kind, i, region, err)
			}
			f.add(region, kind)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for _, r := range o.Regions {
		if err := clients[r].trail(ctx, f); err != nil {
			return nil, err
		}
	}
	return f, nil
}

type regionClients struct {
	region string
	rds    *rds.Client
	ddb    *dynamodb.Client
	s3     *s3.Client
	ec     *elasticache.Client
	rs     *redshift.Client
	os     *opensearch.Client
	mdb    *memorydb.Client
	cw     *cloudwatch.Client
	logs   *cloudwatchlogs.Client
	sns    *sns.Client
	ct     *cloudtrail.Client
	topic  string
	f      *Fleet
	mu     sync.Mutex
	bucket string // the first bucket, where the region's trail delivers
}

func newRegionClients(endpoint, region string) *regionClients {
	cfg := Config(endpoint, region)
	return &regionClients{
		region: region,
		rds:    rds.NewFromConfig(cfg), ddb: dynamodb.NewFromConfig(cfg),
		s3: s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }),
		ec: elasticache.NewFromConfig(cfg), rs: redshift.NewFromConfig(cfg), os: opensearch.NewFromConfig(cfg),
		mdb: memorydb.NewFromConfig(cfg), logs: cloudwatchlogs.NewFromConfig(cfg), sns: sns.NewFromConfig(cfg),
		ct: cloudtrail.NewFromConfig(cfg),
		cw: cloudwatch.NewFromConfig(cfg, func(o *cloudwatch.Options) { o.Protocol = awsquery.New(cwschemas.GraniteServiceVersion20100801) }),
	}
}

// Parameter groups shared by the region's databases.
const (
	fleetMySQLParams    = "sw-mysql-audit"
	fleetPostgresParams = "sw-postgres-audit"
	fleetAuroraParams   = "sw-aurora-audit"
)

// prepare creates what the region's stores share: topics with a subscriber, parameter
// groups, an RDS event subscription.
func (c *regionClients) prepare(ctx context.Context, f *Fleet) error {
	c.f = f
	for _, name := range []string{"alerts", "ops", "security"} {
		t, err := c.sns.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(name)})
		if err != nil {
			return fmt.Errorf("topic: %w", err)
		}
		if _, err := c.sns.Subscribe(ctx, &sns.SubscribeInput{TopicArn: t.TopicArn, Protocol: aws.String("email"), Endpoint: aws.String("oncall@example.com")}); err != nil {
			return fmt.Errorf("subscription: %w", err)
		}
		if c.topic == "" {
			c.topic = aws.ToString(t.TopicArn)
		}
		f.add(c.region, KindTopic)
	}
	for _, g := range []struct{ name, family, param, value string }{
		{fleetMySQLParams, "mysql8.0", "general_log", "1"},
		{fleetPostgresParams, "postgres16", "pgaudit.log", "all"},
	} {
		if _, err := c.rds.CreateDBParameterGroup(ctx, &rds.CreateDBParameterGroupInput{DBParameterGroupName: aws.String(g.name),
			DBParameterGroupFamily: aws.String(g.family), Description: aws.String("audit")}); err != nil {
			return fmt.Errorf("parameter group: %w", err)
		}
		if _, err := c.rds.ModifyDBParameterGroup(ctx, &rds.ModifyDBParameterGroupInput{DBParameterGroupName: aws.String(g.name), Parameters: []rdstypes.Parameter{
			{ParameterName: aws.String(g.param), ParameterValue: aws.String(g.value), ApplyMethod: rdstypes.ApplyMethodImmediate},
		}}); err != nil {
			return fmt.Errorf("parameters: %w", err)
		}
	}
	if _, err := c.rds.CreateDBClusterParameterGroup(ctx, &rds.CreateDBClusterParameterGroupInput{DBClusterParameterGroupName: aws.String(fleetAuroraParams),
		DBParameterGroupFamily: aws.String("aurora-mysql8.0"), Description: aws.String("audit")}); err != nil {
		return fmt.Errorf("cluster parameter group: %w", err)
	}
	if _, err := c.rds.CreateEventSubscription(ctx, &rds.CreateEventSubscriptionInput{SubscriptionName: aws.String("rds-critical"), SourceType: aws.String("db-instance"),
		EventCategories: []string{"failure"}, SnsTopicArn: aws.String(c.topic), Enabled: aws.Bool(true)}); err != nil {
		return fmt.Errorf("event subscription: %w", err)
	}
	return nil
}

// alarm watches one metric of a store and notifies the region's alerts topic.
func (c *regionClients) alarm(ctx context.Context, name, namespace, metric, dimension, value string) error {
	_, err := c.cw.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String(name + "-" + metric), Namespace: aws.String(namespace), MetricName: aws.String(metric),
		Dimensions: []cwtypes.Dimension{{Name: aws.String(dimension), Value: aws.String(value)}},
		Statistic:  cwtypes.StatisticAverage, Period: aws.Int32(60), EvaluationPeriods: aws.Int32(5), Threshold: aws.Float64(80),
		ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold, AlarmActions: []string{c.topic}, ActionsEnabled: aws.Bool(true),
	})
	if err == nil {
		c.f.add(c.region, KindAlarm)
	}
	return err
}

func (c *regionClients) logGroup(ctx context.Context, name string) error {
	if _, err := c.logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(name)}); err != nil {
		return err
	}
	c.f.add(c.region, KindLogGroup)
	_, err := c.logs.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String(name), RetentionInDays: aws.Int32(365)})
	return err
}

// store creates one store of the kind, its alarms and its log groups.
func (c *regionClients) store(ctx context.Context, kind, name string) error {
	switch kind {
	case KindDBInstance:
		engine, group, logs := "mysql", fleetMySQLParams, "error"
		if name[len(name)-1]%2 == 1 {
			engine, group, logs = "postgres", fleetPostgresParams, "postgresql"
		}
		if _, err := c.rds.CreateDBInstance(ctx, &rds.CreateDBInstanceInput{DBInstanceIdentifier: aws.String(name), Engine: aws.String(engine),
			DBInstanceClass: aws.String("db.t3.micro"), AllocatedStorage: aws.Int32(20), MasterUsername: aws.String("admin"),
			MasterUserPassword: aws.String("password123"), DBParameterGroupName: aws.String(group), EnableCloudwatchLogsExports: []string{logs}}); err != nil {
			return err
		}
		if err := c.logGroup(ctx, "/aws/rds/instance/"+name+"/"+logs); err != nil {
			return err
		}
		if err := c.alarm(ctx, name, "AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", name); err != nil {
			return err
		}
		return c.alarm(ctx, name, "AWS/RDS", "FreeStorageSpace", "DBInstanceIdentifier", name)
	case KindDBCluster:
		if _, err := c.rds.CreateDBCluster(ctx, &rds.CreateDBClusterInput{DBClusterIdentifier: aws.String(name), Engine: aws.String("aurora-mysql"),
			MasterUsername: aws.String("admin"), MasterUserPassword: aws.String("password123"), DBClusterParameterGroupName: aws.String(fleetAuroraParams),
			EnableCloudwatchLogsExports: []string{"audit"}}); err != nil {
			return err
		}
		if err := c.logGroup(ctx, "/aws/rds/cluster/"+name+"/audit"); err != nil {
			return err
		}
		return c.alarm(ctx, name, "AWS/RDS", "CPUUtilization", "DBClusterIdentifier", name)
	case KindTable:
		if _, err := c.ddb.CreateTable(ctx, &dynamodb.CreateTableInput{TableName: aws.String(name),
			AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
			KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: ddbtypes.KeyTypeHash}},
			BillingMode:          ddbtypes.BillingModePayPerRequest}); err != nil {
			return err
		}
		if err := c.alarm(ctx, name, "AWS/DynamoDB", "ThrottledRequests", "TableName", name); err != nil {
			return err
		}
		return c.alarm(ctx, name, "AWS/DynamoDB", "SystemErrors", "TableName", name)
	case KindBucket:
		in := &s3.CreateBucketInput{Bucket: aws.String(name)}
		if c.region != "us-east-1" {
			in.CreateBucketConfiguration = &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(c.region)}
		}
		if _, err := c.s3.CreateBucket(ctx, in); err != nil {
			return err
		}
		c.mu.Lock()
		if c.bucket == "" || name < c.bucket {
			c.bucket = name
		}
		c.mu.Unlock()
		_, err := c.s3.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(name),
			VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}})
		return err
	case KindReplicationGroup:
		if _, err := c.ec.CreateReplicationGroup(ctx, &elasticache.CreateReplicationGroupInput{ReplicationGroupId: aws.String(name),
			ReplicationGroupDescription: aws.String("cache"), Engine: aws.String("redis"), CacheNodeType: aws.String("cache.t3.micro")}); err != nil {
			return err
		}
		// On the first member, as ElastiCache names it: no metric has a ReplicationGroupId
		// dimension, so an alarm on one would watch nothing.
		return c.alarm(ctx, name, "AWS/ElastiCache", "EngineCPUUtilization", "CacheClusterId", name+"-001")
	case KindRedshiftCluster:
		if _, err := c.rs.CreateCluster(ctx, &redshift.CreateClusterInput{ClusterIdentifier: aws.String(name), NodeType: aws.String("ra3.xlplus"),
			MasterUsername: aws.String("admin"), MasterUserPassword: aws.String("Password123"), ClusterType: aws.String("single-node")}); err != nil {
			return err
		}
		return c.alarm(ctx, name, "AWS/Redshift", "CPUUtilization", "ClusterIdentifier", name)
	case KindDomain:
		if _, err := c.os.CreateDomain(ctx, &opensearch.CreateDomainInput{DomainName: aws.String("search-" + name[len(name)-4:]), EngineVersion: aws.String("OpenSearch_2.11"),
			ClusterConfig: &ostypes.ClusterConfig{InstanceCount: aws.Int32(2), InstanceType: ostypes.OpenSearchPartitionInstanceTypeT3SmallSearch}}); err != nil {
			return err
		}
		return c.alarm(ctx, name, "AWS/ES", "CPUUtilization", "DomainName", "search-"+name[len(name)-4:])
	case KindMemoryDBCluster:
		if _, err := c.mdb.CreateCluster(ctx, &memorydb.CreateClusterInput{ClusterName: aws.String(name), NodeType: aws.String("db.t4g.small"),
			ACLName: aws.String("open-access")}); err != nil {
			return err
		}
		return c.alarm(ctx, name, "AWS/MemoryDB", "CPUUtilization", "ClusterName", name)
	}
	return fmt.Errorf("unknown store kind %q", kind)
}

// trail records the region's management events into its first bucket and its log
// group, with metric filters for the CIS alarms.
func (c *regionClients) trail(ctx context.Context, f *Fleet) error {
	if c.bucket == "" {
		return nil
	}
	group := "/aws/cloudtrail/" + c.region
	if err := c.logGroup(ctx, group); err != nil {
		return fmt.Errorf("trail log group: %w", err)
	}
	for _, m := range []struct{ name, pattern string }{
		{"UnauthorizedAPICalls", `{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }`},
		{"RootAccountUsage", `{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }`},
	} {
		if _, err := c.logs.PutMetricFilter(ctx, &cloudwatchlogs.PutMetricFilterInput{LogGroupName: aws.String(group), FilterName: aws.String(m.name),
			FilterPattern: aws.String(m.pattern), MetricTransformations: []logtypes.MetricTransformation{
				{MetricName: aws.String(m.name), MetricNamespace: aws.String("CISBenchmark"), MetricValue: aws.String("1")}}}); err != nil {
			return fmt.Errorf("metric filter: %w", err)
		}
		if err := c.alarm(ctx, "cis", "CISBenchmark", m.name, "Trail", c.region); err != nil {
			return fmt.Errorf("cis alarm: %w", err)
		}
	}
	name := "trail-" + c.region
	if _, err := c.ct.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String(name), S3BucketName: aws.String(c.bucket),
		EnableLogFileValidation:   aws.Bool(true),
		CloudWatchLogsLogGroupArn: aws.String("arn:aws:logs:" + c.region + ":" + Account + ":log-group:" + group + ":*"),
		CloudWatchLogsRoleArn:     aws.String("arn:aws:iam::" + Account + ":role/trail-to-logs")}); err != nil {
		return fmt.Errorf("trail: %w", err)
	}
	if _, err := c.ct.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: aws.String(name)}); err != nil {
		return fmt.Errorf("trail logging: %w", err)
	}
	f.add(c.region, KindTrail)
	return nil
}
