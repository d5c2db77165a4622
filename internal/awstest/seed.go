package awstest

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/applicationautoscaling"
	aastypes "github.com/aws/aws-sdk-go-v2/service/applicationautoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwschemas "github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	ectypes "github.com/aws/aws-sdk-go-v2/service/elasticache/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/memorydb"
	"github.com/aws/aws-sdk-go-v2/service/opensearch"
	ostypes "github.com/aws/aws-sdk-go-v2/service/opensearch/types"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	"github.com/aws/aws-sdk-go-v2/service/redshift"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/aws/smithy-go/transport/http/protocol/awsquery"
)

// Regions the seeded account uses: two scanned regions, and a third that holds a
// multi-Region trail's home and bucket but is not scanned.
const (
	RegionA = "us-east-1"
	RegionB = "eu-west-1"
	// RegionHome is the home of the "global-audit" trail; tests scan only A and B.
	RegionHome = "us-west-2"
)

// Config returns an SDK configuration with static test credentials for the endpoint.
func Config(endpoint, region string) aws.Config {
	return aws.Config{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider("testing", "testing", ""),
		BaseEndpoint: aws.String(endpoint),
	}
}

// Seeding sizes: more than one page of each paginated listing that moto pages.
const (
	// LogGroupsPaged log groups in RegionB: DescribeLogGroups pages by 50.
	LogGroupsPaged = 55
	// TopicsPaged topics in RegionB: ListTopics pages by 100.
	TopicsPaged = 103
)

// seeder creates the fixture account through the SDK, straight against moto.
type seeder struct {
	endpoint string
	err      error
}

func (s *seeder) cfg(region string) aws.Config { return Config(s.endpoint, region) }

// check keeps the first error; seeding steps read as a list.
func (s *seeder) check(what string, err error) {
	if err != nil && s.err == nil {
		s.err = fmt.Errorf("seed %s: %w", what, err)
	}
}

// Seed creates the account every collector reads: trails with basic, advanced and no
// selectors (one homed in a region that is not scanned), alarms, log groups with metric
// and subscription filters, SNS topics with confirmed and pending subscriptions, RDS
// instances and clusters (Aurora, DocumentDB, Neptune) with parameter groups and an event
// subscription, DynamoDB tables with backups and auto scaling, buckets with logging,
// versioning, policies and lifecycle, and more of some listings than one page holds.
func Seed(ctx context.Context, endpoint string) error {
	s := &seeder{endpoint: endpoint}
	s.kmsAndBuckets(ctx)
	s.logs(ctx)
	s.topics(ctx)
	s.trails(ctx)
	s.alarms(ctx)
	s.rds(ctx)
	s.dynamodb(ctx)
	s.others(ctx)
	return s.err
}

// TrailKeyAlias names the KMS key of the main trail.
const TrailKeyAlias = "alias/trail-key"

func (s *seeder) kmsAndBuckets(ctx context.Context) {
	k := kms.NewFromConfig(s.cfg(RegionA))
	key, err := k.CreateKey(ctx, &kms.CreateKeyInput{Description: aws.String("trail logs")})
	s.check("kms key", err)
	if err == nil {
		_, err = k.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String(TrailKeyAlias), TargetKeyId: key.KeyMetadata.KeyId})
		s.check("kms alias", err)
	}
	for _, b := range []struct{ name, region string }{
		{"sw-trail-logs", RegionA}, {"sw-access-logs", RegionA}, {"sw-data-eu", RegionB}, {"sw-home-trail-logs", RegionHome},
	} {
		c := s3.NewFromConfig(s.cfg(b.region), func(o *s3.Options) { o.UsePathStyle = true })
		in := &s3.CreateBucketInput{Bucket: aws.String(b.name)}
		if b.region != "us-east-1" {
			in.CreateBucketConfiguration = &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(b.region)}
		}
		if b.name == "sw-trail-logs" {
			in.ObjectLockEnabledForBucket = aws.Bool(true)
		}
		_, err := c.CreateBucket(ctx, in)
		s.check("bucket "+b.name, err)
	}
	c := s3.NewFromConfig(s.cfg(RegionA), func(o *s3.Options) { o.UsePathStyle = true })
	_, err = c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String("sw-access-logs"), Policy: aws.String(`{"Version":"2012-10-17","Statement":[` +
		`{"Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::sw-access-logs/*"}]}`)})
	s.check("log bucket policy", err)
	_, err = c.PutBucketLogging(ctx, &s3.PutBucketLoggingInput{Bucket: aws.String("sw-trail-logs"), BucketLoggingStatus: &s3types.BucketLoggingStatus{
		LoggingEnabled: &s3types.LoggingEnabled{TargetBucket: aws.String("sw-access-logs"), TargetPrefix: aws.String("trail/")},
	}})
	s.check("bucket logging", err)
	_, err = c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String("sw-trail-logs"),
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}})
	s.check("bucket versioning", err)
	_, err = c.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: aws.String("sw-trail-logs"), PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{
		BlockPublicAcls: aws.Bool(true), IgnorePublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(true), RestrictPublicBuckets: aws.Bool(true),
	}})
	s.check("bucket public access block", err)
	_, err = c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String("sw-trail-logs"), Policy: aws.String(`{"Version":"2012-10-17","Statement":[` +
		`{"Sid":"CloudTrail","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::sw-trail-logs/*"}]}`)})
	s.check("bucket policy", err)
	_, err = c.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{Bucket: aws.String("sw-trail-logs"),
		LifecycleConfiguration: &s3types.BucketLifecycleConfiguration{Rules: []s3types.LifecycleRule{{
			ID: aws.String("expire"), Status: s3types.ExpirationStatusEnabled, Filter: &s3types.LifecycleRuleFilter{Prefix: aws.String("")},
			Expiration: &s3types.LifecycleExpiration{Days: aws.Int32(400)},
		}}}})
	s.check("bucket lifecycle", err)
}

// TrailLogGroup is the log group the main trail delivers to.
const TrailLogGroup = "/aws/cloudtrail/main"

// UnauthorizedPattern is the CIS 4.1 metric filter pattern.
const UnauthorizedPattern = `{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }`

// DisabledKeyLogGroup is encrypted with a KMS key that is disabled.
const DisabledKeyLogGroup = "/aws/rds/instance/orders-db/general"

func (s *seeder) logs(ctx context.Context) {
	a := cloudwatchlogs.NewFromConfig(s.cfg(RegionA))
	for _, g := range []string{TrailLogGroup, "/aws/rds/instance/orders-db/audit", "/aws/rds/instance/orders-db/error"} {
		_, err := a.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(g)})
		s.check("log group "+g, err)
	}
	// A group encrypted with a key disabled since: its events can be neither written nor
	// read, which SW-CWL-03 fails.
	k := kms.NewFromConfig(s.cfg(RegionA))
	key, err := k.CreateKey(ctx, &kms.CreateKeyInput{Description: aws.String("retired log key")})
	s.check("disabled kms key", err)
	if err == nil {
		_, err = k.DisableKey(ctx, &kms.DisableKeyInput{KeyId: key.KeyMetadata.KeyId})
		s.check("disable kms key", err)
		_, err = a.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(DisabledKeyLogGroup), KmsKeyId: key.KeyMetadata.Arn})
		s.check("log group "+DisabledKeyLogGroup, err)
	}
	_, err = a.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String(TrailLogGroup), RetentionInDays: aws.Int32(365)})
	s.check("retention", err)
	_, err = a.PutMetricFilter(ctx, &cloudwatchlogs.PutMetricFilterInput{
		LogGroupName: aws.String(TrailLogGroup), FilterName: aws.String("unauthorized-api-calls"), FilterPattern: aws.String(UnauthorizedPattern),
		MetricTransformations: []logtypes.MetricTransformation{{MetricName: aws.String("UnauthorizedAPICalls"), MetricNamespace: aws.String("CISBenchmark"), MetricValue: aws.String("1")}},
	})
	s.check("metric filter", err)
	_, err = a.PutSubscriptionFilter(ctx, &cloudwatchlogs.PutSubscriptionFilterInput{
		LogGroupName: aws.String(TrailLogGroup), FilterName: aws.String("archive"), FilterPattern: aws.String(""),
		DestinationArn: aws.String("arn:aws:logs:us-east-1:" + Account + ":log-group:/aws/rds/instance/orders-db/error:*"),
	})
	s.check("subscription filter", err)
	_, err = a.PutResourcePolicy(ctx, &cloudwatchlogs.PutResourcePolicyInput{PolicyName: aws.String("route53-query-logs"), PolicyDocument: aws.String(
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"route53.amazonaws.com"},"Action":"logs:PutLogEvents","Resource":"*"}]}`)})
	s.check("log resource policy", err)
	b := cloudwatchlogs.NewFromConfig(s.cfg(RegionB))
	for i := 0; i < LogGroupsPaged; i++ {
		_, err := b.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(fmt.Sprintf("/app/service-%03d", i))})
		s.check("paged log group", err)
	}
}

// PendingEndpoint is the address of a subscription that has not confirmed: moto
// confirms every subscription, so the proxy (MarkPending) reports this one as pending.
const PendingEndpoint = "pending@example.com"

// AlertsTopic is the topic the alarms notify; it has one confirmed email subscriber.
const AlertsTopic = "alerts"

func (s *seeder) topics(ctx context.Context) {
	a := sns.NewFromConfig(s.cfg(RegionA))
	t, err := a.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(AlertsTopic)})
	s.check("topic", err)
	if err == nil {
		_, err = a.Subscribe(ctx, &sns.SubscribeInput{TopicArn: t.TopicArn, Protocol: aws.String("email"), Endpoint: aws.String("oncall@example.com")})
		s.check("email subscription", err)
		_, err = a.Subscribe(ctx, &sns.SubscribeInput{TopicArn: t.TopicArn, Protocol: aws.String("email"), Endpoint: aws.String(PendingEndpoint)})
		s.check("pending subscription", err)
		_, err = a.Subscribe(ctx, &sns.SubscribeInput{TopicArn: t.TopicArn, Protocol: aws.String("https"), Endpoint: aws.String("https://hooks.example.com/services/T000/B000/secret-token")})
		s.check("https subscription", err)
	}
	_, err = a.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("unused")})
	s.check("topic", err)
	b := sns.NewFromConfig(s.cfg(RegionB))
	for i := 0; i < TopicsPaged; i++ {
		_, err := b.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(fmt.Sprintf("paged-%03d", i))})
		s.check("paged topic", err)
	}
}

// Trail names.
const (
	TrailMain   = "main"         // multi-Region, basic selectors with S3 data events, KMS, CloudWatch Logs
	TrailEU     = "eu-dynamodb"  // regional, advanced selectors (DynamoDB data events)
	TrailBare   = "bare"         // never given selectors: records all management events
	TrailGlobal = "global-audit" // multi-Region, homed in RegionHome, not scanned
)

func (s *seeder) trails(ctx context.Context) {
	a := cloudtrail.NewFromConfig(s.cfg(RegionA))
	_, err := a.CreateTrail(ctx, &cloudtrail.CreateTrailInput{
		Name: aws.String(TrailMain), S3BucketName: aws.String("sw-trail-logs"), IsMultiRegionTrail: aws.Bool(true),
		EnableLogFileValidation: aws.Bool(true), IncludeGlobalServiceEvents: aws.Bool(true), KmsKeyId: aws.String(TrailKeyAlias),
		CloudWatchLogsLogGroupArn: aws.String("arn:aws:logs:us-east-1:" + Account + ":log-group:" + TrailLogGroup + ":*"),
		CloudWatchLogsRoleArn:     aws.String("arn:aws:iam::" + Account + ":role/trail-to-logs"),
	})
	s.check("trail main", err)
	_, err = a.PutEventSelectors(ctx, &cloudtrail.PutEventSelectorsInput{TrailName: aws.String(TrailMain), EventSelectors: []cttypes.EventSelector{{
		ReadWriteType: cttypes.ReadWriteTypeAll, IncludeManagementEvents: aws.Bool(true),
		ExcludeManagementEventSources: []string{"kms.amazonaws.com"},
		DataResources:                 []cttypes.DataResource{{Type: aws.String("AWS::S3::Object"), Values: []string{"arn:aws:s3"}}},
	}}})
	s.check("main selectors", err)
	_, err = a.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: aws.String(TrailMain)})
	s.check("main logging", err)
	_, err = a.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String(TrailBare), S3BucketName: aws.String("sw-trail-logs")})
	s.check("trail bare", err)

	b := cloudtrail.NewFromConfig(s.cfg(RegionB))
	_, err = b.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String(TrailEU), S3BucketName: aws.String("sw-data-eu")})
	s.check("trail eu", err)
	_, err = b.PutEventSelectors(ctx, &cloudtrail.PutEventSelectorsInput{TrailName: aws.String(TrailEU), AdvancedEventSelectors: []cttypes.AdvancedEventSelector{
		{Name: aws.String("management"), FieldSelectors: []cttypes.AdvancedFieldSelector{{Field: aws.String("eventCategory"), Equals: []string{"Management"}}}},
		{Name: aws.String("dynamodb items"), FieldSelectors: []cttypes.AdvancedFieldSelector{
			{Field: aws.String("eventCategory"), Equals: []string{"Data"}},
			{Field: aws.String("resources.type"), Equals: []string{"AWS::DynamoDB::Table"}},
		}},
	}})
	s.check("eu selectors", err)
	_, err = b.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: aws.String(TrailEU)})
	s.check("eu logging", err)

	h := cloudtrail.NewFromConfig(s.cfg(RegionHome))
	_, err = h.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String(TrailGlobal), S3BucketName: aws.String("sw-home-trail-logs"), IsMultiRegionTrail: aws.Bool(true)})
	s.check("trail global", err)
	_, err = h.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: aws.String(TrailGlobal)})
	s.check("global logging", err)
}

func (s *seeder) alarms(ctx context.Context) {
	topic := "arn:aws:sns:us-east-1:" + Account + ":" + AlertsTopic
	a := cloudwatch.NewFromConfig(s.cfg(RegionA), func(o *cloudwatch.Options) { o.Protocol = awsquery.New(cwschemas.GraniteServiceVersion20100801) })
	for _, al := range []cloudwatch.PutMetricAlarmInput{
		{AlarmName: aws.String("orders-db-cpu"), Namespace: aws.String("AWS/RDS"), MetricName: aws.String("CPUUtilization"),
			Dimensions: []cwtypes.Dimension{{Name: aws.String("DBInstanceIdentifier"), Value: aws.String("orders-db")}},
			Statistic:  cwtypes.StatisticAverage, Period: aws.Int32(60), EvaluationPeriods: aws.Int32(5), Threshold: aws.Float64(90),
			ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanThreshold, AlarmActions: []string{topic}, ActionsEnabled: aws.Bool(true)},
		{AlarmName: aws.String("unauthorized-api-calls"), Namespace: aws.String("CISBenchmark"), MetricName: aws.String("UnauthorizedAPICalls"),
			Statistic: cwtypes.StatisticSum, Period: aws.Int32(300), EvaluationPeriods: aws.Int32(1), Threshold: aws.Float64(1),
			ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanOrEqualToThreshold, AlarmActions: []string{topic}, ActionsEnabled: aws.Bool(true)},
	} {
		_, err := a.PutMetricAlarm(ctx, &al)
		s.check("alarm "+aws.ToString(al.AlarmName), err)
	}
}

func (s *seeder) rds(ctx context.Context) {
	a := rds.NewFromConfig(s.cfg(RegionA))
	_, err := a.CreateDBParameterGroup(ctx, &rds.CreateDBParameterGroupInput{DBParameterGroupName: aws.String("pg-audit"),
		DBParameterGroupFamily: aws.String("postgres16"), Description: aws.String("pgaudit")})
	s.check("parameter group", err)
	_, err = a.ModifyDBParameterGroup(ctx, &rds.ModifyDBParameterGroupInput{DBParameterGroupName: aws.String("pg-audit"), Parameters: []rdstypes.Parameter{
		{ParameterName: aws.String("pgaudit.log"), ParameterValue: aws.String("all"), ApplyMethod: rdstypes.ApplyMethodImmediate},
		{ParameterName: aws.String("shared_preload_libraries"), ParameterValue: aws.String("pgaudit"), ApplyMethod: rdstypes.ApplyMethodPendingReboot},
	}})
	s.check("parameters", err)
	for _, d := range []rds.CreateDBInstanceInput{
		{DBInstanceIdentifier: aws.String("orders-db"), Engine: aws.String("mysql"), DBInstanceClass: aws.String("db.t3.micro"), AllocatedStorage: aws.Int32(20),
			MasterUsername: aws.String("admin"), MasterUserPassword: aws.String("password123"), EnableCloudwatchLogsExports: []string{"audit", "error"},
			MonitoringInterval: aws.Int32(60), Tags: []rdstypes.Tag{{Key: aws.String("team"), Value: aws.String("orders")}}},
		{DBInstanceIdentifier: aws.String("billing-db"), Engine: aws.String("postgres"), DBInstanceClass: aws.String("db.t3.micro"), AllocatedStorage: aws.Int32(20),
			MasterUsername: aws.String("admin"), MasterUserPassword: aws.String("password123"), DBParameterGroupName: aws.String("pg-audit"),
			EnableCloudwatchLogsExports: []string{"postgresql"}},
	} {
		_, err := a.CreateDBInstance(ctx, &d)
		s.check("db instance "+aws.ToString(d.DBInstanceIdentifier), err)
	}
	_, err = a.CreateDBClusterParameterGroup(ctx, &rds.CreateDBClusterParameterGroupInput{DBClusterParameterGroupName: aws.String("aurora-audit"),
		DBParameterGroupFamily: aws.String("aurora-mysql8.0"), Description: aws.String("audit")})
	s.check("cluster parameter group", err)
	_, err = a.ModifyDBClusterParameterGroup(ctx, &rds.ModifyDBClusterParameterGroupInput{DBClusterParameterGroupName: aws.String("aurora-audit"), Parameters: []rdstypes.Parameter{
		{ParameterName: aws.String("server_audit_logging"), ParameterValue: aws.String("1"), ApplyMethod: rdstypes.ApplyMethodImmediate},
	}})
	s.check("cluster parameters", err)
	_, err = a.CreateDBClusterParameterGroup(ctx, &rds.CreateDBClusterParameterGroupInput{DBClusterParameterGroupName: aws.String("neptune-audit"),
		DBParameterGroupFamily: aws.String("neptune1.3"), Description: aws.String("audit")})
	s.check("neptune parameter group", err)
	for _, c := range []rds.CreateDBClusterInput{
		{DBClusterIdentifier: aws.String("orders-aurora"), Engine: aws.String("aurora-mysql"), MasterUsername: aws.String("admin"),
			MasterUserPassword: aws.String("password123"), DBClusterParameterGroupName: aws.String("aurora-audit"), EnableCloudwatchLogsExports: []string{"audit"}},
		{DBClusterIdentifier: aws.String("graph-neptune"), Engine: aws.String("neptune"), DBClusterParameterGroupName: aws.String("neptune-audit")},
	} {
		_, err := a.CreateDBCluster(ctx, &c)
		s.check("db cluster "+aws.ToString(c.DBClusterIdentifier), err)
	}
	_, err = a.CreateEventSubscription(ctx, &rds.CreateEventSubscriptionInput{SubscriptionName: aws.String("rds-critical"), SourceType: aws.String("db-cluster"),
		EventCategories: []string{"failure", "maintenance"}, SnsTopicArn: aws.String("arn:aws:sns:us-east-1:" + Account + ":" + AlertsTopic), Enabled: aws.Bool(true)})
	s.check("rds event subscription", err)
}

func (s *seeder) dynamodb(ctx context.Context) {
	for _, t := range []struct {
		region, name string
		pitr         bool
	}{{RegionA, "orders", true}, {RegionB, "sessions", false}} {
		c := dynamodb.NewFromConfig(s.cfg(t.region))
		_, err := c.CreateTable(ctx, &dynamodb.CreateTableInput{
			TableName:             aws.String(t.name),
			AttributeDefinitions:  []ddbtypes.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
			KeySchema:             []ddbtypes.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: ddbtypes.KeyTypeHash}},
			BillingMode:           ddbtypes.BillingModeProvisioned,
			ProvisionedThroughput: &ddbtypes.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(5), WriteCapacityUnits: aws.Int64(5)},
		})
		s.check("table "+t.name, err)
		if t.pitr {
			_, err = c.UpdateContinuousBackups(ctx, &dynamodb.UpdateContinuousBackupsInput{TableName: aws.String(t.name),
				PointInTimeRecoverySpecification: &ddbtypes.PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: aws.Bool(true)}})
			s.check("pitr", err)
			as := applicationautoscaling.NewFromConfig(s.cfg(t.region))
			_, err = as.RegisterScalableTarget(ctx, &applicationautoscaling.RegisterScalableTargetInput{
				ServiceNamespace: aastypes.ServiceNamespaceDynamodb, ResourceId: aws.String("table/" + t.name),
				ScalableDimension: aastypes.ScalableDimensionDynamoDBTableReadCapacityUnits, MinCapacity: aws.Int32(5), MaxCapacity: aws.Int32(50),
			})
			s.check("scalable target", err)
		}
	}
}

// others seeds Redshift, ElastiCache, OpenSearch and MemoryDB.
func (s *seeder) others(ctx context.Context) {
	r := redshift.NewFromConfig(s.cfg(RegionA))
	_, err := r.CreateCluster(ctx, &redshift.CreateClusterInput{ClusterIdentifier: aws.String("warehouse"), NodeType: aws.String("ra3.xlplus"),
		MasterUsername: aws.String("admin"), MasterUserPassword: aws.String("Password123"), ClusterType: aws.String("single-node")})
	s.check("redshift cluster", err)
	_, err = r.EnableLogging(ctx, &redshift.EnableLoggingInput{ClusterIdentifier: aws.String("warehouse"), BucketName: aws.String("sw-access-logs")})
	s.check("redshift logging", err)

	e := elasticache.NewFromConfig(s.cfg(RegionA))
	_, err = e.CreateCacheCluster(ctx, &elasticache.CreateCacheClusterInput{CacheClusterId: aws.String("sessions-memcached"), Engine: aws.String("memcached"),
		CacheNodeType: aws.String("cache.t3.micro"), NumCacheNodes: aws.Int32(1)})
	s.check("cache cluster", err)
	_, err = e.CreateReplicationGroup(ctx, &elasticache.CreateReplicationGroupInput{ReplicationGroupId: aws.String("cart-redis"),
		ReplicationGroupDescription: aws.String("cart"), Engine: aws.String("redis"), CacheNodeType: aws.String("cache.t3.micro"),
		LogDeliveryConfigurations: []ectypes.LogDeliveryConfigurationRequest{{
			LogType: ectypes.LogTypeSlowLog, DestinationType: ectypes.DestinationTypeCloudWatchLogs, LogFormat: ectypes.LogFormatJson,
			DestinationDetails: &ectypes.DestinationDetails{CloudWatchLogsDetails: &ectypes.CloudWatchLogsDestinationDetails{LogGroup: aws.String("/elasticache/cart")}},
		}}})
	s.check("replication group", err)

	o := opensearch.NewFromConfig(s.cfg(RegionB))
	_, err = o.CreateDomain(ctx, &opensearch.CreateDomainInput{DomainName: aws.String("search"), EngineVersion: aws.String("OpenSearch_2.11"),
		ClusterConfig: &ostypes.ClusterConfig{InstanceCount: aws.Int32(2), InstanceType: ostypes.OpenSearchPartitionInstanceTypeT3SmallSearch},
		LogPublishingOptions: map[string]ostypes.LogPublishingOption{"AUDIT_LOGS": {Enabled: aws.Bool(true),
			CloudWatchLogsLogGroupArn: aws.String("arn:aws:logs:eu-west-1:" + Account + ":log-group:/aws/opensearch/search/audit")}},
	})
	s.check("opensearch domain", err)

	m := memorydb.NewFromConfig(s.cfg(RegionB))
	_, err = m.CreateCluster(ctx, &memorydb.CreateClusterInput{ClusterName: aws.String("leaderboard"), NodeType: aws.String("db.t4g.small"),
		ACLName: aws.String("open-access"), SnsTopicArn: aws.String("arn:aws:sns:eu-west-1:" + Account + ":paged-000")})
	s.check("memorydb cluster", err)
}

// IsReadOnly reports whether an operation only reads: the collector may call nothing
// else, except sts:AssumeRole to enter other accounts.
func IsReadOnly(op string) bool {
	_, action, _ := strings.Cut(op, ":")
	for _, p := range []string{"List", "Describe", "Get"} {
		if strings.HasPrefix(action, p) {
			return true
		}
	}
	return op == "sts:AssumeRole"
}

// Cross-account SNS: a central operations account subscribes its queue to an alarm topic of
// the seeded account, the only subscription the topic has.
const (
	// OpsAccount is the operations account that owns the subscription.
	OpsAccount = "210987654321"
	// OpsAlarmsTopic is the seeded account's topic, in RegionA.
	OpsAlarmsTopic = "ops-alarms"
	// OpsQueue is the operations account's subscribed queue.
	OpsQueue = "arn:aws:sqs:us-east-1:" + OpsAccount + ":ops-alarms"
)

// SeedCrossAccountTopic creates OpsAlarmsTopic in the seeded account and subscribes
// OpsQueue to it as OpsAccount (moto takes the caller's account from the x-moto-account-id
// header). moto then lists the subscription for OpsAccount only; a proxy with
// OtherAccountSubscriptions(OpsAccount) also lists it by topic, as AWS does.
func SeedCrossAccountTopic(ctx context.Context, endpoint string) error {
	s := &seeder{endpoint: endpoint}
	t, err := sns.NewFromConfig(s.cfg(RegionA)).CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(OpsAlarmsTopic)})
	s.check("cross-account topic", err)
	if err == nil {
		ops := sns.NewFromConfig(s.cfg(RegionA), sns.WithAPIOptions(smithyhttp.AddHeaderValue("x-moto-account-id", OpsAccount)))
		_, err = ops.Subscribe(ctx, &sns.SubscribeInput{TopicArn: t.TopicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(OpsQueue)})
		s.check("cross-account subscription", err)
	}
	return s.err
}
