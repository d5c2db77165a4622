package aws

import (
	"context"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/smithy-go"

	"github.com/storewatch/storewatch/inventory"
)

func denied() error {
	return &smithy.GenericAPIError{Code: "AccessDenied", Message: "not authorized", Fault: smithy.FaultClient}
}

func testScope(ops ...Operation) (*scope, *accountRun) {
	plan, _ := NewPlan(opStrings(ops), PlanOptions{})
	run := &accountRun{}
	return &scope{account: "111122223333", partition: "aws", region: "eu-west-1", home: "us-east-1", plan: plan, detail: 2, redact: true, out: run}, run
}

func opStrings(ops []Operation) []string {
	out := make([]string, len(ops))
	for i, o := range ops {
		out[i] = string(o)
	}
	return out
}

// pages splits items into pages of size n, for fakes that answer token by token.
func pages[T any](items []T, n int) [][]T {
	var out [][]T
	for start := 0; start < len(items); start += n {
		out = append(out, items[start:min(start+n, len(items))])
	}
	if len(out) == 0 {
		out = [][]T{nil}
	}
	return out
}

// pageOf returns the page a token names ("" is the first) and the next token.
func pageOf[T any](ps [][]T, token *string) ([]T, *string) {
	i := 0
	if token != nil {
		i = int(aws.ToString(token)[0] - '0')
	}
	var next *string
	if i+1 < len(ps) {
		next = aws.String(string(rune('0' + i + 1)))
	}
	return ps[i], next
}

type fakeRDS struct {
	rdsAPI
	// listErr, when set, answers DescribeDBInstances.
	listErr   error
	instances [][]rdstypes.DBInstance
	params    map[string][]rdstypes.Parameter
	denyParam bool
	calls     map[string]int
}

func (f *fakeRDS) DescribeDBInstances(_ context.Context, in *rds.DescribeDBInstancesInput, _ ...func(*rds.Options)) (*rds.DescribeDBInstancesOutput, error) {
	f.calls["DescribeDBInstances"]++
	if f.listErr != nil {
		return nil, f.listErr
	}
	p, next := pageOf(f.instances, in.Marker)
	return &rds.DescribeDBInstancesOutput{DBInstances: p, Marker: next}, nil
}

func (f *fakeRDS) DescribeDBParameters(_ context.Context, in *rds.DescribeDBParametersInput, _ ...func(*rds.Options)) (*rds.DescribeDBParametersOutput, error) {
	f.calls["DescribeDBParameters"]++
	if f.denyParam {
		return nil, denied()
	}
	return &rds.DescribeDBParametersOutput{Parameters: f.params[aws.ToString(in.DBParameterGroupName)]}, nil
}

type fakeS3 struct {
	s3API
	buckets [][]s3types.Bucket
	denyFor string
	// denyLocation is the bucket whose GetBucketLocation is denied.
	denyLocation string
}

func (f *fakeS3) ListBuckets(_ context.Context, in *s3.ListBucketsInput, _ ...func(*s3.Options)) (*s3.ListBucketsOutput, error) {
	p, next := pageOf(f.buckets, in.ContinuationToken)
	return &s3.ListBucketsOutput{Buckets: p, ContinuationToken: next}, nil
}

func (f *fakeS3) GetBucketLocation(_ context.Context, in *s3.GetBucketLocationInput, _ ...func(*s3.Options)) (*s3.GetBucketLocationOutput, error) {
	if f.denyLocation != "" && aws.ToString(in.Bucket) == f.denyLocation {
		return nil, denied()
	}
	if strings.HasPrefix(aws.ToString(in.Bucket), "eu-") {
		return &s3.GetBucketLocationOutput{LocationConstraint: s3types.BucketLocationConstraintEu}, nil
	}
	return &s3.GetBucketLocationOutput{}, nil
}

func (f *fakeS3) GetBucketLogging(_ context.Context, in *s3.GetBucketLoggingInput, _ ...func(*s3.Options)) (*s3.GetBucketLoggingOutput, error) {
	if aws.ToString(in.Bucket) == f.denyFor {
		return nil, denied()
	}
	return &s3.GetBucketLoggingOutput{LoggingEnabled: &s3types.LoggingEnabled{TargetBucket: aws.String("logs"), TargetPrefix: aws.String(aws.ToString(in.Bucket) + "/")}}, nil
}

func (f *fakeS3) GetBucketPolicy(_ context.Context, _ *s3.GetBucketPolicyInput, _ ...func(*s3.Options)) (*s3.GetBucketPolicyOutput, error) {
	return nil, &smithy.GenericAPIError{Code: "NoSuchBucketPolicy", Message: "none"}
}

type fakeTrails struct {
	cloudTrailAPI
	trails     []cttypes.Trail
	selectors  map[string]*cloudtrail.GetEventSelectorsOutput
	denyStatus string
	// The collector reads trails concurrently: the record of calls is locked.
	mu          sync.Mutex
	statusCalls []string
}

func (f *fakeTrails) DescribeTrails(context.Context, *cloudtrail.DescribeTrailsInput, ...func(*cloudtrail.Options)) (*cloudtrail.DescribeTrailsOutput, error) {
	return &cloudtrail.DescribeTrailsOutput{TrailList: f.trails}, nil
}

func (f *fakeTrails) GetTrailStatus(_ context.Context, in *cloudtrail.GetTrailStatusInput, _ ...func(*cloudtrail.Options)) (*cloudtrail.GetTrailStatusOutput, error) {
	f.mu.Lock()
	f.statusCalls = append(f.statusCalls, aws.ToString(in.Name))
	f.mu.Unlock()
	if aws.ToString(in.Name) == f.denyStatus {
		return nil, denied()
	}
	return &cloudtrail.GetTrailStatusOutput{IsLogging: aws.Bool(true)}, nil
}

func (f *fakeTrails) GetEventSelectors(_ context.Context, in *cloudtrail.GetEventSelectorsInput, _ ...func(*cloudtrail.Options)) (*cloudtrail.GetEventSelectorsOutput, error) {
	if s, ok := f.selectors[aws.ToString(in.TrailName)]; ok {
		return s, nil
	}
	return &cloudtrail.GetEventSelectorsOutput{}, nil
}

type fakeDynamo struct {
	dynamoDBAPI
	names      [][]string
	denyBackup string
}

func (f *fakeDynamo) ListTables(_ context.Context, in *dynamodb.ListTablesInput, _ ...func(*dynamodb.Options)) (*dynamodb.ListTablesOutput, error) {
	p, next := pageOf(f.names, in.ExclusiveStartTableName)
	return &dynamodb.ListTablesOutput{TableNames: p, LastEvaluatedTableName: next}, nil
}

func (f *fakeDynamo) DescribeTable(_ context.Context, in *dynamodb.DescribeTableInput, _ ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error) {
	return &dynamodb.DescribeTableOutput{Table: &ddbtypes.TableDescription{
		TableName: in.TableName, TableArn: aws.String("arn:aws:dynamodb:eu-west-1:111122223333:table/" + aws.ToString(in.TableName)),
		TableStatus: ddbtypes.TableStatusActive, BillingModeSummary: &ddbtypes.BillingModeSummary{BillingMode: ddbtypes.BillingModePayPerRequest},
	}}, nil
}

func (f *fakeDynamo) DescribeContinuousBackups(_ context.Context, in *dynamodb.DescribeContinuousBackupsInput, _ ...func(*dynamodb.Options)) (*dynamodb.DescribeContinuousBackupsOutput, error) {
	if aws.ToString(in.TableName) == f.denyBackup {
		return nil, denied()
	}
	return &dynamodb.DescribeContinuousBackupsOutput{ContinuousBackupsDescription: &ddbtypes.ContinuousBackupsDescription{
		PointInTimeRecoveryDescription: &ddbtypes.PointInTimeRecoveryDescription{PointInTimeRecoveryStatus: ddbtypes.PointInTimeRecoveryStatusEnabled},
	}}, nil
}

type fakeSNS struct {
	snsAPI
	topics [][]snstypes.Topic
	subs   [][]snstypes.Subscription
	deny   bool
	// byTopic holds, by topic ARN, the pages ListSubscriptionsByTopic answers: every
	// subscription of the topic, other accounts' included, which ListSubscriptions omits.
	byTopic map[string][][]snstypes.Subscription
	// denyTopic is a topic whose ListSubscriptionsByTopic is denied.
	denyTopic string

	mu           sync.Mutex
	byTopicCalls map[string]int
}

func (f *fakeSNS) ListSubscriptionsByTopic(_ context.Context, in *sns.ListSubscriptionsByTopicInput, _ ...func(*sns.Options)) (*sns.ListSubscriptionsByTopicOutput, error) {
	arn := aws.ToString(in.TopicArn)
	f.mu.Lock()
	if f.byTopicCalls == nil {
		f.byTopicCalls = map[string]int{}
	}
	f.byTopicCalls[arn]++
	f.mu.Unlock()
	if arn == f.denyTopic {
		return nil, &smithy.GenericAPIError{Code: "AuthorizationError", Message: "denied"}
	}
	ps := f.byTopic[arn]
	if len(ps) == 0 {
		return &sns.ListSubscriptionsByTopicOutput{}, nil
	}
	p, next := pageOf(ps, in.NextToken)
	return &sns.ListSubscriptionsByTopicOutput{Subscriptions: p, NextToken: next}, nil
}

func (f *fakeSNS) ListTopics(_ context.Context, in *sns.ListTopicsInput, _ ...func(*sns.Options)) (*sns.ListTopicsOutput, error) {
	p, next := pageOf(f.topics, in.NextToken)
	return &sns.ListTopicsOutput{Topics: p, NextToken: next}, nil
}

func (f *fakeSNS) ListSubscriptions(_ context.Context, in *sns.ListSubscriptionsInput, _ ...func(*sns.Options)) (*sns.ListSubscriptionsOutput, error) {
	if f.deny {
		return nil, &smithy.GenericAPIError{Code: "AuthorizationError", Message: "denied"}
	}
	p, next := pageOf(f.subs, in.NextToken)
	return &sns.ListSubscriptionsOutput{Subscriptions: p, NextToken: next}, nil
}

var _ = inventory.SchemaVersion
