package aws

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/storewatch/storewatch/inventory"
)

func names[T any](items []T, meta func(*T) *inventory.Meta) []string {
	out := []string{}
	for i := range items {
		out = append(out, meta(&items[i]).Name)
	}
	return out
}

func errorOps(m *inventory.Meta) []string {
	out := []string{}
	for _, e := range m.Errors {
		out = append(out, e.Operation+" "+e.Code)
	}
	return out
}

func TestCollectRDS(t *testing.T) {
	inst := func(name, group string) rdstypes.DBInstance {
		return rdstypes.DBInstance{DBInstanceIdentifier: aws.String(name), DBInstanceArn: aws.String("arn:aws:rds:eu-west-1:111122223333:db:" + name),
			Engine: aws.String("postgres"), DBParameterGroups: []rdstypes.DBParameterGroupStatus{{DBParameterGroupName: aws.String(group)}}}
	}
	params := map[string][]rdstypes.Parameter{"audit": {
		{ParameterName: aws.String("pgaudit.log"), ParameterValue: aws.String("all")},
		{ParameterName: aws.String("work_mem"), ParameterValue: aws.String("4MB")},
		{ParameterName: aws.String("log_statement")},
	}}
	tests := []struct {
		name       string
		instances  []rdstypes.DBInstance
		pageSize   int
		denyParam  bool
		wantNames  []string
		wantParams map[string]string
		wantErrors []string
		wantCalls  map[string]int
	}{
		{name: "happy path", instances: []rdstypes.DBInstance{inst("a", "audit")}, pageSize: 10,
			wantNames: []string{"a"}, wantParams: map[string]string{"pgaudit.log": "all"}, wantErrors: []string{},
			wantCalls: map[string]int{"DescribeDBInstances": 1, "DescribeDBParameters": 1}},
		{name: "two pages, one shared parameter group read once", instances: []rdstypes.DBInstance{inst("a", "audit"), inst("b", "audit"), inst("c", "audit")}, pageSize: 2,
			wantNames: []string{"a", "b", "c"}, wantParams: map[string]string{"pgaudit.log": "all"}, wantErrors: []string{},
			wantCalls: map[string]int{"DescribeDBInstances": 2, "DescribeDBParameters": 1}},
		{name: "access denied on the parameters keeps the instance", instances: []rdstypes.DBInstance{inst("a", "audit")}, pageSize: 10, denyParam: true,
			wantNames: []string{"a"}, wantErrors: []string{"rds:DescribeDBParameters AccessDenied"},
			wantCalls: map[string]int{"DescribeDBInstances": 1, "DescribeDBParameters": 1}},
		{name: "empty account", pageSize: 10, wantNames: []string{}, wantCalls: map[string]int{"DescribeDBInstances": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, run := testScope(opDescribeDBInstances, opDescribeDBParameters)
			f := &fakeRDS{instances: pages(tt.instances, tt.pageSize), params: params, denyParam: tt.denyParam, calls: map[string]int{}}
			if err := collectRDS(context.Background(), s, f); err != nil {
				t.Fatal(err)
			}
			got := run.snap.DBInstances
			if diff := cmp.Diff(tt.wantNames, names(got, func(x *inventory.DBInstance) *inventory.Meta { return &x.Meta })); diff != "" {
				t.Errorf("instances (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantCalls, f.calls); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
			if len(got) > 0 {
				if diff := cmp.Diff(tt.wantParams, got[0].Parameters); diff != "" {
					t.Errorf("parameters (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(tt.wantErrors, errorOps(&got[0].Meta)); diff != "" {
					t.Errorf("errors (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// TestListingNotOfferedInRegion: a store listing the service answers is not offered in the
// region becomes a note (no resources there, nothing unknown); a failure, DNS included, stays
// a collection error on the region.
func TestListingNotOfferedInRegion(t *testing.T) {
	notOffered := &smithy.GenericAPIError{Code: "UnsupportedOperation", Message: "The functionality you requested is not available in this region."}
	tests := []struct {
		name       string
		err        error
		wantErrors []string
		wantNotes  []string
	}{
		{"not offered in the region", notOffered, []string{}, []string{"rds:DescribeDBInstances UnsupportedOperation"}},
		{"access denied", denied(), []string{"rds:DescribeDBInstances AccessDenied"}, []string{}},
		{"name does not resolve", &net.DNSError{Name: "rds.eu-west-1.amazonaws.com", IsNotFound: true},
			[]string{"rds:DescribeDBInstances Unsupported"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, run := testScope(opDescribeDBInstances)
			f := &fakeRDS{listErr: tt.err, calls: map[string]int{}}
			if err := collectRDS(context.Background(), s, f); err != nil {
				t.Fatal(err)
			}
			list := func(errs []inventory.CollectionError) []string {
				out := []string{}
				for _, e := range errs {
					out = append(out, e.Operation+" "+e.Code)
					if e.Region != "eu-west-1" || e.AccountID != "111122223333" {
						t.Errorf("%s recorded for %s/%s, want the scope's account and region", e.Operation, e.AccountID, e.Region)
					}
				}
				return out
			}
			if d := cmp.Diff(tt.wantErrors, list(run.snap.Errors)); d != "" {
				t.Errorf("errors (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.wantNotes, list(run.snap.Notes)); d != "" {
				t.Errorf("notes (-want +got):\n%s", d)
			}
			if len(run.snap.DBInstances) != 0 {
				t.Errorf("instances %v, want none", run.snap.DBInstances)
			}
		})
	}
}

func TestCollectBuckets(t *testing.T) {
	tests := []struct {
		name        string
		buckets     []string
		pageSize    int
		deny        string
		wantRegions map[string]string
		wantErrors  map[string][]string
	}{
		{name: "happy path", buckets: []string{"a"}, pageSize: 5, wantRegions: map[string]string{"a": "us-east-1"}, wantErrors: map[string][]string{"a": {}}},
		{name: "two pages", buckets: []string{"a", "b", "eu-c"}, pageSize: 2,
			wantRegions: map[string]string{"a": "us-east-1", "b": "us-east-1", "eu-c": "eu-west-1"}, wantErrors: map[string][]string{"a": {}, "b": {}, "eu-c": {}}},
		{name: "access denied on one bucket's logging keeps it", buckets: []string{"a", "b"}, pageSize: 5, deny: "b",
			wantRegions: map[string]string{"a": "us-east-1", "b": "us-east-1"}, wantErrors: map[string][]string{"a": {}, "b": {"s3:GetBucketLogging AccessDenied"}}},
		{name: "empty account", pageSize: 5, wantRegions: map[string]string{}, wantErrors: map[string][]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, run := testScope(opListBuckets, opGetBucketLogging, opGetBucketPolicy)
			var listed []s3types.Bucket
			for _, b := range tt.buckets {
				listed = append(listed, s3types.Bucket{Name: aws.String(b)})
			}
			f := &fakeS3{buckets: pages(listed, tt.pageSize), denyFor: tt.deny}
			bs, err := listBuckets(context.Background(), s, f)
			if err != nil {
				t.Fatal(err)
			}
			if err := collectBuckets(context.Background(), s, bs, func(string) s3API { return f }); err != nil {
				t.Fatal(err)
			}
			regions, errs := map[string]string{}, map[string][]string{}
			for _, b := range run.snap.S3Buckets {
				regions[b.Name] = b.Region
				errs[b.Name] = errorOps(&b.Meta)
				if b.Name != tt.deny && (b.Logging == nil || b.Logging.TargetPrefix != b.Name+"/") {
					t.Errorf("bucket %s logging = %+v", b.Name, b.Logging)
				}
				if b.LogDeliveryTarget {
					t.Errorf("bucket %s without a policy is a log target", b.Name)
				}
			}
			if diff := cmp.Diff(tt.wantRegions, regions); diff != "" {
				t.Errorf("regions (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantErrors, errs); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

// A bucket whose region could not be read has none of its details read: each planned
// detail is an error on the bucket, so the rules that need it are unknown. The error of
// each detail says why it was not read (the location call failed), rather than repeating
// the location's error as if the detail call itself had been made and refused.
func TestCollectBucketWithoutRegion(t *testing.T) {
	s, run := testScope(opListBuckets, opGetBucketLogging, opGetBucketPolicy)
	f := &fakeS3{buckets: [][]s3types.Bucket{{{Name: aws.String("a")}, {Name: aws.String("b")}}}, denyLocation: "b"}
	bs, err := listBuckets(context.Background(), s, f)
	if err != nil {
		t.Fatal(err)
	}
	if err := collectBuckets(context.Background(), s, bs, func(string) s3API { return f }); err != nil {
		t.Fatal(err)
	}
	for _, b := range run.snap.S3Buckets {
		if b.Name != "b" {
			if len(b.Errors) != 0 {
				t.Errorf("bucket %s errors = %v", b.Name, errorOps(&b.Meta))
			}
			continue
		}
		got := map[string]inventory.CollectionError{}
		for _, e := range b.Errors {
			got[e.Operation] = e
		}
		if e := got["s3:GetBucketLocation"]; e.Code != "AccessDenied" || e.Message != "not authorized" {
			t.Errorf("location error = %+v, want the AccessDenied it got", e)
		}
		for _, op := range []string{"s3:GetBucketLogging", "s3:GetBucketPolicy"} {
			e, ok := got[op]
			if !ok {
				t.Errorf("no %s error on the bucket whose region is unknown", op)
				continue
			}
			if !strings.Contains(e.Message, "s3:GetBucketLocation") {
				t.Errorf("%s error message %q does not say the bucket's location could not be read", op, e.Message)
			}
		}
	}
}

func TestCollectCloudTrail(t *testing.T) {
	trail := func(name, home string, multi bool, account string) cttypes.Trail {
		return cttypes.Trail{Name: aws.String(name), HomeRegion: aws.String(home), IsMultiRegionTrail: aws.Bool(multi),
			TrailARN: aws.String(fmt.Sprintf("arn:aws:cloudtrail:%s:%s:trail/%s", home, account, name))}
	}
	advanced := &cloudtrail.GetEventSelectorsOutput{AdvancedEventSelectors: []cttypes.AdvancedEventSelector{{
		Name: aws.String("s3"), FieldSelectors: []cttypes.AdvancedFieldSelector{{Field: aws.String("eventCategory"), Equals: []string{"Data"}}},
	}}}
	s, run := testScope(opDescribeTrails, opGetTrailStatus, opGetEventSelectors)
	own := trail("own", "eu-west-1", false, "111122223333")
	org := trail("org", "eu-west-1", true, "999988887777")
	org.IsOrganizationTrail = aws.Bool(true)
	denied := trail("denied", "eu-west-1", false, "111122223333")
	f := &fakeTrails{
		trails:     []cttypes.Trail{own, org, denied, trail("shadow", "us-east-1", true, "111122223333")},
		selectors:  map[string]*cloudtrail.GetEventSelectorsOutput{aws.ToString(org.TrailARN): advanced},
		denyStatus: aws.ToString(denied.TrailARN),
	}
	if err := collectCloudTrail(context.Background(), s, f); err != nil {
		t.Fatal(err)
	}
	got := map[string]inventory.Trail{}
	for _, tr := range run.snap.Trails {
		got[tr.Name] = tr
	}
	if len(got) != 3 {
		t.Fatalf("trails = %v, want own, org and denied (the shadow copy is read in its home region)", got)
	}
	if len(run.elsewhere) != 1 {
		t.Errorf("trails homed elsewhere = %d, want 1", len(run.elsewhere))
	}
	if got["org"].AccountID != "999988887777" {
		t.Errorf("organisation trail account = %q, want the owner's", got["org"].AccountID)
	}
	if got, want := got["org"].ListedBy, []string{"111122223333"}; !cmp.Equal(got, want) {
		t.Errorf("organisation trail listed by %v, want %v: the member it records", got, want)
	}
	if got := got["own"].ListedBy; len(got) != 0 {
		t.Errorf("own trail listed by %v, want nothing", got)
	}
	if len(got["own"].EventSelectors) != 1 || !got["own"].EventSelectors[0].IncludeManagementEvents {
		t.Errorf("trail without selectors = %+v, want the default management selector", got["own"].EventSelectors)
	}
	if len(got["org"].EventSelectors) != 0 || len(got["org"].AdvancedEventSelectors) != 1 {
		t.Errorf("advanced selectors = %+v / %+v", got["org"].EventSelectors, got["org"].AdvancedEventSelectors)
	}
	if d := got["denied"]; d.Status != nil || len(d.Errors) != 1 || d.Errors[0].Operation != "cloudtrail:GetTrailStatus" {
		t.Errorf("denied trail = status %+v errors %+v, want kept with the error", d.Status, d.Errors)
	}
	for _, name := range f.statusCalls {
		if name[:4] != "arn:" {
			t.Errorf("GetTrailStatus called with %q, want the ARN (organisation trails need it)", name)
		}
	}
}

func TestCollectDynamoDB(t *testing.T) {
	tests := []struct {
		name       string
		tables     []string
		pageSize   int
		deny       string
		wantErrors map[string][]string
	}{
		{name: "happy path", tables: []string{"a"}, pageSize: 5, wantErrors: map[string][]string{"a": {}}},
		{name: "two pages", tables: []string{"a", "b", "c"}, pageSize: 2, wantErrors: map[string][]string{"a": {}, "b": {}, "c": {}}},
		{name: "access denied on backups keeps the table", tables: []string{"a", "b"}, pageSize: 5, deny: "b",
			wantErrors: map[string][]string{"a": {}, "b": {"dynamodb:DescribeContinuousBackups AccessDenied"}}},
		{name: "empty account", pageSize: 5, wantErrors: map[string][]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, run := testScope(opListTables, opDescribeContinuousBackups)
			f := &fakeDynamo{names: pages(tt.tables, tt.pageSize), denyBackup: tt.deny}
			if err := collectDynamoDB(context.Background(), s, f, nil); err != nil {
				t.Fatal(err)
			}
			errs := map[string][]string{}
			for _, tb := range run.snap.DynamoDBTables {
				errs[tb.Name] = errorOps(&tb.Meta)
				if tb.BillingMode != "PAY_PER_REQUEST" {
					t.Errorf("table %s billing = %q", tb.Name, tb.BillingMode)
				}
				if tb.Name != tt.deny && (tb.PointInTimeRecovery == nil || !*tb.PointInTimeRecovery) {
					t.Errorf("table %s PITR = %v", tb.Name, tb.PointInTimeRecovery)
				}
				if tb.Name == tt.deny && tb.PointInTimeRecovery != nil {
					t.Errorf("denied table %s PITR = %v, want nil (not collected)", tb.Name, *tb.PointInTimeRecovery)
				}
			}
			if diff := cmp.Diff(tt.wantErrors, errs); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCollectSNS(t *testing.T) {
	arnOf := func(n string) string { return "arn:aws:sns:eu-west-1:111122223333:" + n }
	topic := func(n string) snstypes.Topic { return snstypes.Topic{TopicArn: aws.String(arnOf(n))} }
	sub := func(n, arn, proto, endpoint string) snstypes.Subscription {
		return snstypes.Subscription{TopicArn: topic(n).TopicArn, SubscriptionArn: aws.String(arn), Protocol: aws.String(proto), Endpoint: aws.String(endpoint)}
	}
	// ops is a central operations account whose queue subscribes to the workload's topics.
	ops := func(s snstypes.Subscription) snstypes.Subscription {
		s.Owner = aws.String("999988887777")
		return s
	}
	tests := []struct {
		name          string
		topics        []snstypes.Topic
		subs          []snstypes.Subscription
		deny          bool
		byTopic       map[string][]snstypes.Subscription // by topic name
		denyTopic     string
		wantConfirmed map[string]int
		wantTotal     map[string]int      // subscriptions kept per topic, when checked
		wantErrors    map[string][]string // operations failed, by topic
		wantByTopic   map[string]int      // ListSubscriptionsByTopic calls, by topic
	}{
		{name: "happy path", topics: []snstypes.Topic{topic("a")},
			subs:          []snstypes.Subscription{sub("a", "arn:aws:sns:eu-west-1:111122223333:a:1", "email", "x@example.com"), sub("a", "PendingConfirmation", "email", "y@example.com")},
			wantConfirmed: map[string]int{"a": 1}, wantByTopic: map[string]int{}},
		{name: "two pages", topics: []snstypes.Topic{topic("a"), topic("b"), topic("c")},
			subs:          []snstypes.Subscription{sub("a", "arn:1", "sqs", "arn:aws:sqs:eu-west-1:111122223333:q"), sub("c", "arn:2", "https", "https://h.example.com/t?token=s")},
			wantConfirmed: map[string]int{"a": 1, "b": 0, "c": 1}, wantByTopic: map[string]int{arnOf("b"): 1}},
		{name: "another account's subscription is listed only by topic", topics: []snstypes.Topic{topic("alarms"), topic("own")},
			subs: []snstypes.Subscription{sub("own", "arn:aws:sns:eu-west-1:111122223333:own:1", "email", "x@example.com")},
			byTopic: map[string][]snstypes.Subscription{
				"alarms": {ops(sub("alarms", "arn:aws:sns:eu-west-1:111122223333:alarms:9", "sqs", "arn:aws:sqs:eu-west-1:999988887777:ops")),
					ops(sub("alarms", "arn:aws:sns:eu-west-1:111122223333:alarms:8", "lambda", "arn:aws:lambda:eu-west-1:999988887777:function:page"))},
			},
			wantConfirmed: map[string]int{"alarms": 2, "own": 1}, wantTotal: map[string]int{"alarms": 2, "own": 1},
			wantByTopic: map[string]int{arnOf("alarms"): 2}}, // two pages of one
		{name: "a pending subscription is merged once and stays pending", topics: []snstypes.Topic{topic("a")},
			subs: []snstypes.Subscription{sub("a", "PendingConfirmation", "email", "y@example.com")},
			byTopic: map[string][]snstypes.Subscription{
				"a": {sub("a", "PendingConfirmation", "email", "y@example.com"), sub("a", "PendingConfirmation", "email", "z@example.com"),
					ops(sub("a", "arn:aws:sns:eu-west-1:111122223333:a:7", "sqs", "arn:aws:sqs:eu-west-1:999988887777:ops"))},
			},
			wantConfirmed: map[string]int{"a": 1}, wantTotal: map[string]int{"a": 3}, wantByTopic: map[string]int{arnOf("a"): 3}},
		{name: "by-topic listing denied is the topic's error", topics: []snstypes.Topic{topic("a"), topic("b")},
			subs: []snstypes.Subscription{sub("b", "arn:2", "sqs", "arn:aws:sqs:eu-west-1:111122223333:q")}, denyTopic: arnOf("a"),
			wantConfirmed: map[string]int{"a": 0, "b": 1}, wantErrors: map[string][]string{"a": {"sns:ListSubscriptionsByTopic"}},
			wantByTopic: map[string]int{arnOf("a"): 1}},
		{name: "subscriptions denied keeps topics", topics: []snstypes.Topic{topic("a")}, deny: true,
			wantConfirmed: map[string]int{"a": 0}, wantErrors: map[string][]string{"a": {"sns:ListSubscriptions"}}, wantByTopic: map[string]int{}},
		{name: "empty account", wantConfirmed: map[string]int{}, wantByTopic: map[string]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, run := testScope(opListTopics, opListSubscriptions)
			f := &fakeSNS{topics: pages(tt.topics, 2), subs: pages(tt.subs, 1), deny: tt.deny, denyTopic: tt.denyTopic,
				byTopic: map[string][][]snstypes.Subscription{}, byTopicCalls: map[string]int{}}
			for name, list := range tt.byTopic {
				f.byTopic[arnOf(name)] = pages(list, 1)
			}
			if err := collectSNS(context.Background(), s, f); err != nil {
				t.Fatal(err)
			}
			confirmed, total, errs := map[string]int{}, map[string]int{}, map[string][]string{}
			for _, tp := range run.snap.SNSTopics {
				confirmed[tp.Name] = 0
				total[tp.Name] = len(tp.Subscriptions)
				for _, sb := range tp.Subscriptions {
					if sb.Confirmed {
						confirmed[tp.Name]++
					}
					if strings.Contains(sb.Endpoint, "@") || strings.Contains(sb.Endpoint, "token=s") {
						t.Errorf("endpoint %q not redacted", sb.Endpoint)
					}
				}
				for _, e := range tp.Errors {
					// A topic's error names the topic, so the rules judging what it reaches
					// say unknown for this topic alone.
					if e.Resource != tp.ARN {
						t.Errorf("topic %s error %s has resource %q, want the topic's ARN", tp.Name, e.Operation, e.Resource)
					}
					errs[tp.Name] = append(errs[tp.Name], e.Operation)
				}
			}
			if diff := cmp.Diff(tt.wantConfirmed, confirmed); diff != "" {
				t.Errorf("confirmed subscribers (-want +got):\n%s", diff)
			}
			for name, n := range tt.wantTotal {
				if total[name] != n {
					t.Errorf("topic %s subscriptions = %d, want %d", name, total[name], n)
				}
			}
			if diff := cmp.Diff(tt.wantErrors, errs, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("topic errors (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantByTopic, f.byTopicCalls, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("ListSubscriptionsByTopic calls (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMergeSubscriptions(t *testing.T) {
	sub := func(arn, proto, endpoint, owner string) snstypes.Subscription {
		return snstypes.Subscription{SubscriptionArn: aws.String(arn), Protocol: aws.String(proto), Endpoint: aws.String(endpoint), Owner: aws.String(owner)}
	}
	own := sub("arn:aws:sns:eu-west-1:111122223333:a:1", "email", "x@example.com", "111122223333")
	foreign := sub("arn:aws:sns:eu-west-1:111122223333:a:2", "sqs", "arn:aws:sqs:eu-west-1:999988887777:q", "999988887777")
	pendingY := sub("PendingConfirmation", "email", "y@example.com", "111122223333")
	pendingZ := sub("PendingConfirmation", "email", "z@example.com", "111122223333")
	pendingForeign := sub("PendingConfirmation", "email", "y@example.com", "999988887777")
	tests := []struct {
		name       string
		have, more []snstypes.Subscription
		want       []snstypes.Subscription
	}{
		{name: "nothing", want: []snstypes.Subscription{}},
		{name: "another account's subscription is added", have: []snstypes.Subscription{pendingY}, more: []snstypes.Subscription{pendingY, foreign},
			want: []snstypes.Subscription{pendingY, foreign}},
		{name: "a confirmed subscription listed twice is kept once", have: []snstypes.Subscription{own}, more: []snstypes.Subscription{foreign, own},
			want: []snstypes.Subscription{own, foreign}},
		{name: "distinct pending subscriptions share an ARN but are kept apart", have: []snstypes.Subscription{pendingY}, more: []snstypes.Subscription{pendingZ, pendingForeign, pendingY},
			want: []snstypes.Subscription{pendingY, pendingZ, pendingForeign}},
		{name: "only the by-topic listing answered", more: []snstypes.Subscription{foreign, pendingZ},
			want: []snstypes.Subscription{foreign, pendingZ}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mergeSubscriptions(tt.have, tt.more)
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreUnexported(snstypes.Subscription{})); diff != "" {
				t.Errorf("mergeSubscriptions (-want +got):\n%s", diff)
			}
			confirmed := 0
			for _, sb := range got {
				if subscriptionFromAPI(sb, true).Confirmed {
					confirmed++
				}
			}
			wantConfirmed := 0
			for _, sb := range tt.want {
				if aws.ToString(sb.SubscriptionArn) != inventory.PendingConfirmationARN {
					wantConfirmed++
				}
			}
			if confirmed != wantConfirmed {
				t.Errorf("confirmed after merge = %d, want %d (a pending subscription stays pending)", confirmed, wantConfirmed)
			}
		})
	}
}

func TestRedactEndpoint(t *testing.T) {
	tests := []struct{ protocol, endpoint, want string }{
		{"email", "oncall@example.com", "REDACTED"},
		{"sms", "+15555550100", "REDACTED"},
		{"https", "https://user:pw@hooks.example.com/services/T/B/secret?token=x", "https://hooks.example.com/REDACTED"},
		{"http", "not a url", "REDACTED"},
		{"sqs", "arn:aws:sqs:eu-west-1:111122223333:alerts", "arn:aws:sqs:eu-west-1:111122223333:alerts"},
		{"lambda", "https://not-an-arn", "REDACTED"},
		{"email", "", ""},
	}
	for _, tt := range tests {
		if got := RedactEndpoint(tt.protocol, tt.endpoint); got != tt.want {
			t.Errorf("RedactEndpoint(%q, %q) = %q, want %q", tt.protocol, tt.endpoint, got, tt.want)
		}
	}
}

func TestDBClusterTypes(t *testing.T) {
	s, _ := testScope()
	for engine, want := range map[string]string{
		"docdb": inventory.TypeDocDBCluster, "neptune": inventory.TypeNeptuneCluster,
		"aurora-mysql": inventory.TypeDBCluster, "postgres": inventory.TypeDBCluster,
	} {
		c := dbClusterFromAPI(s, rdstypes.DBCluster{DBClusterIdentifier: aws.String("c"), Engine: aws.String(engine),
			EnabledCloudwatchLogsExports: []string{"audit", "profiler"}})
		if c.Type != want || c.ARN != "arn:aws:rds:eu-west-1:111122223333:cluster:c" || len(c.EnabledLogExports) != 2 {
			t.Errorf("cluster of engine %s = %s %s %v, want type %s", engine, c.Type, c.ARN, c.EnabledLogExports, want)
		}
	}
}

func TestAlarmFromAPIMetricQueries(t *testing.T) {
	s, _ := testScope()
	a := alarmFromAPI(s, cwtypes.MetricAlarm{
		AlarmArn:  aws.String("arn:aws:cloudwatch:eu-west-1:111122223333:alarm:orders-cpu"),
		AlarmName: aws.String("orders-cpu"),
		Metrics: []cwtypes.MetricDataQuery{
			{Id: aws.String("m1"), AccountId: aws.String("444455556666"), ReturnData: aws.Bool(false), MetricStat: &cwtypes.MetricStat{
				Stat: aws.String("Average"), Period: aws.Int32(60), Metric: &cwtypes.Metric{Namespace: aws.String("AWS/RDS"), MetricName: aws.String("CPUUtilization"),
					Dimensions: []cwtypes.Dimension{{Name: aws.String("DBInstanceIdentifier"), Value: aws.String("orders")}}}}},
			{Id: aws.String("m2"), ReturnData: aws.Bool(false), MetricStat: &cwtypes.MetricStat{Stat: aws.String("Average"), Period: aws.Int32(60),
				Metric: &cwtypes.Metric{Namespace: aws.String("AWS/RDS"), MetricName: aws.String("CPUUtilization")}}},
			{Id: aws.String("e1"), Expression: aws.String("MAX([m1, m2])"), ReturnData: aws.Bool(true)},
		},
	})
	want := []inventory.MetricQuery{
		{ID: "m1", AccountID: "444455556666", MetricStat: &inventory.MetricStat{Namespace: "AWS/RDS", MetricName: "CPUUtilization", Stat: "Average", Period: 60,
			Dimensions: []inventory.Dimension{{Name: "DBInstanceIdentifier", Value: "orders"}}}},
		{ID: "m2", MetricStat: &inventory.MetricStat{Namespace: "AWS/RDS", MetricName: "CPUUtilization", Stat: "Average", Period: 60, Dimensions: []inventory.Dimension{}}},
		{ID: "e1", Expression: "MAX([m1, m2])", ReturnData: true},
	}
	if diff := cmp.Diff(want, a.Metrics); diff != "" {
		t.Errorf("metric queries (-want +got):\n%s", diff)
	}
}

// TestAlarmFromAPIReturnDataOmitted: CloudWatch defaults an omitted ReturnData to true, so
// the lone query of an alarm that does not say is the value the alarm compares with its
// threshold, not an input to an expression; an explicit false stays false.
func TestAlarmFromAPIReturnDataOmitted(t *testing.T) {
	s, _ := testScope()
	stat := &cwtypes.MetricStat{Stat: aws.String("Maximum"), Period: aws.Int32(300),
		Metric: &cwtypes.Metric{Namespace: aws.String("AWS/RDS"), MetricName: aws.String("CPUUtilization")}}
	tests := []struct {
		name       string
		returnData *bool
		want       bool
	}{
		{"omitted", nil, true},
		{"true", aws.Bool(true), true},
		{"false", aws.Bool(false), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := alarmFromAPI(s, cwtypes.MetricAlarm{AlarmName: aws.String("cpu"),
				Metrics: []cwtypes.MetricDataQuery{{Id: aws.String("m1"), ReturnData: tt.returnData, MetricStat: stat}}})
			if len(a.Metrics) != 1 || a.Metrics[0].ReturnData != tt.want {
				t.Errorf("ReturnData %v: got queries %+v, want return_data %v", tt.returnData, a.Metrics, tt.want)
			}
		})
	}
}

// TestMergeAccountRunsKeepsAnOrganisationTrailOnce: the organisation trail every member lists
// is kept once, the owner's copy, listed by the members that listed it.
func TestMergeAccountRunsKeepsAnOrganisationTrailOnce(t *testing.T) {
	const mgmt, memberA, memberB = "111111111111", "222222222222", "333333333333"
	arn := "arn:aws:cloudtrail:us-east-1:" + mgmt + ":trail/org"
	trail := func(lister string, status *inventory.TrailStatus) inventory.Trail {
		tr := inventory.Trail{Meta: inventory.Meta{ID: arn, ARN: arn, Type: inventory.TypeTrail, Name: "org", AccountID: mgmt, Region: "us-east-1"},
			IsOrganizationTrail: true, Status: status}
		if lister != mgmt {
			tr.ListedBy = []string{lister}
		}
		return tr
	}
	accounts := []orgAccount{{id: memberA}, {id: mgmt}, {id: memberB}}
	var runs []*accountRun
	for _, a := range accounts {
		run := &accountRun{}
		run.snap.Accounts = []inventory.Account{{Meta: inventory.Meta{ID: a.id, Type: inventory.TypeAccount, AccountID: a.id}}}
		var status *inventory.TrailStatus
		if a.id == mgmt {
			status = &inventory.TrailStatus{IsLogging: true}
		}
		run.snap.Trails = []inventory.Trail{trail(a.id, status)}
		runs = append(runs, run)
	}
	c := &collection{o: Options{Now: func() time.Time { return fixedNow }}}
	snap := c.merge(runs, accounts)
	if len(snap.Trails) != 1 {
		t.Fatalf("%d trails, want the organisation trail once", len(snap.Trails))
	}
	got := snap.Trails[0]
	if got.Status == nil {
		t.Error("kept a member's copy, want the owner's")
	}
	if want := []string{memberA, memberB}; !cmp.Equal(got.ListedBy, want) {
		t.Errorf("listed by %v, want %v", got.ListedBy, want)
	}
}

func TestLifecycleRules(t *testing.T) {
	days := func(d int32) *s3types.LifecycleExpiration { return &s3types.LifecycleExpiration{Days: aws.Int32(d)} }
	tests := []struct {
		name string
		in   s3types.LifecycleRule
		want inventory.LifecycleRule
	}{
		{"whole bucket", s3types.LifecycleRule{ID: aws.String("all"), Status: s3types.ExpirationStatusEnabled, Filter: &s3types.LifecycleRuleFilter{}, Expiration: days(400)},
			inventory.LifecycleRule{ID: "all", Enabled: true, ExpirationDays: 400}},
		{"filter prefix", s3types.LifecycleRule{Status: s3types.ExpirationStatusEnabled, Filter: &s3types.LifecycleRuleFilter{Prefix: aws.String("logs/")}, Expiration: days(30)},
			inventory.LifecycleRule{Enabled: true, Prefix: "logs/", ExpirationDays: 30}},
		{"legacy top-level prefix", s3types.LifecycleRule{Status: s3types.ExpirationStatusEnabled, Prefix: aws.String("old/"), Expiration: days(30)}, //nolint:staticcheck // a rule from before filters
			inventory.LifecycleRule{Enabled: true, Prefix: "old/", ExpirationDays: 30}},
		{"disabled", s3types.LifecycleRule{Status: s3types.ExpirationStatusDisabled, Expiration: days(30)},
			inventory.LifecycleRule{ExpirationDays: 30}},
		{"tag", s3types.LifecycleRule{Status: s3types.ExpirationStatusEnabled, Filter: &s3types.LifecycleRuleFilter{Tag: &s3types.Tag{Key: aws.String("k"), Value: aws.String("v")}}},
			inventory.LifecycleRule{Enabled: true, Tagged: true}},
		{"and: prefix, tags and size", s3types.LifecycleRule{Status: s3types.ExpirationStatusEnabled, Expiration: days(7), Filter: &s3types.LifecycleRuleFilter{And: &s3types.LifecycleRuleAndOperator{
			Prefix: aws.String("a/"), Tags: []s3types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}, ObjectSizeGreaterThan: aws.Int64(1)}}},
			inventory.LifecycleRule{Enabled: true, Prefix: "a/", Tagged: true, SizeFiltered: true, ExpirationDays: 7}},
		{"size only", s3types.LifecycleRule{Status: s3types.ExpirationStatusEnabled, Filter: &s3types.LifecycleRuleFilter{ObjectSizeLessThan: aws.Int64(10)}, Expiration: days(1)},
			inventory.LifecycleRule{Enabled: true, SizeFiltered: true, ExpirationDays: 1}},
		{"expiration date", s3types.LifecycleRule{ID: aws.String("cutoff"), Status: s3types.ExpirationStatusEnabled, Filter: &s3types.LifecycleRuleFilter{Prefix: aws.String("AWSLogs/")},
			Expiration: &s3types.LifecycleExpiration{Date: aws.Time(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))}},
			inventory.LifecycleRule{ID: "cutoff", Enabled: true, Prefix: "AWSLogs/", ExpirationDate: "2025-01-01T00:00:00Z"}},
		{"expiration date in another zone is kept in UTC", s3types.LifecycleRule{Status: s3types.ExpirationStatusEnabled,
			Expiration: &s3types.LifecycleExpiration{Date: aws.Time(time.Date(2025, 1, 1, 1, 0, 0, 0, time.FixedZone("CET", 3600)))}},
			inventory.LifecycleRule{Enabled: true, ExpirationDate: "2025-01-01T00:00:00Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lifecycleRules([]s3types.LifecycleRule{tt.in})
			if d := cmp.Diff([]inventory.LifecycleRule{tt.want}, got); d != "" {
				t.Errorf("lifecycle rules (-want +got):\n%s", d)
			}
		})
	}
}
