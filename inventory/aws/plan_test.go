package aws

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/inventory"
	"github.com/storewatch/storewatch/policies"
)

func TestNewPlan(t *testing.T) {
	tests := []struct {
		name        string
		required    []string
		opts        PlanOptions
		want        []Operation
		wantUnknown []string
	}{
		{name: "one listing", required: []string{"rds:DescribeDBInstances"},
			want: []Operation{opDescribeDBInstances, opGetCallerIdentity}},
		{name: "a detail brings its listing", required: []string{"cloudtrail:GetEventSelectors"},
			want: []Operation{opDescribeTrails, opGetEventSelectors, opGetCallerIdentity}},
		{name: "a bucket detail brings the listing and the location", required: []string{"s3:GetBucketLogging"},
			want: []Operation{opGetBucketLocation, opGetBucketLogging, opListBuckets, opGetCallerIdentity}},
		{name: "unknown operations are reported", required: []string{"sns:ListTagsForResource", "rds:DescribeDBInstances"},
			want: []Operation{opDescribeDBInstances, opGetCallerIdentity}, wantUnknown: []string{"sns:ListTagsForResource"}},
		// A rule that needs a topic's subscribers names sns:ListSubscriptions; other accounts'
		// subscriptions to the topic are listed only by topic, so both come together.
		{name: "subscriptions are listed region-wide and by topic", required: []string{"sns:ListSubscriptions"},
			want: []Operation{opListTopics, opListSubscriptions, opListSubsByTopic, opGetCallerIdentity}},
		{name: "a resource type brings its listing", opts: PlanOptions{ResourceTypes: []string{inventory.TypeMemoryDBCluster, inventory.TypeRedshiftEventSubscription}},
			want: []Operation{opDescribeMemoryDBClusters, opDescribeRedshiftEventSubs, opGetCallerIdentity}},
		{name: "the account and region scopes are not listed", opts: PlanOptions{ResourceTypes: []string{inventory.TypeAccount, inventory.TypeRegion}},
			want: []Operation{opGetCallerIdentity}},
		{name: "organisation", opts: PlanOptions{Organization: true, DiscoverRegions: true},
			want: []Operation{opDescribeRegions, opDescribeOrganization, opListAccounts, opAssumeRole, opGetCallerIdentity}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, unknown := NewPlan(tt.required, tt.opts)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if diff := cmp.Diff(want, p.Operations()); diff != "" {
				t.Errorf("operations (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantUnknown, unknown); diff != "" {
				t.Errorf("unknown (-want +got):\n%s", diff)
			}
		})
	}
}

func TestIAMPolicy(t *testing.T) {
	p, _ := NewPlan([]string{"s3:ListBucketMetricsConfigurations", "s3control:GetPublicAccessBlock", "rds:DescribeDBInstances", "sns:ListSubscriptions"}, PlanOptions{Organization: true})
	doc := IAMPolicy(p, "Audit")
	want := []string{"organizations:DescribeOrganization", "rds:DescribeDBInstances", "s3:GetAccountPublicAccessBlock",
		"s3:GetBucketLocation", "s3:GetMetricsConfiguration", "s3:ListAllMyBuckets",
		"sns:ListSubscriptions", "sns:ListSubscriptionsByTopic", "sns:ListTopics"}
	if diff := cmp.Diff(want, doc.Statement[0].Action); diff != "" {
		t.Errorf("read-only actions (-want +got):\n%s", diff)
	}
	if len(doc.Statement) != 3 || doc.Statement[1].Resource != "arn:aws:iam::*:role/Audit" {
		t.Errorf("statements = %+v, want the role statement and the organisation statement", doc.Statement)
	}
	for _, a := range doc.Statement[0].Action {
		if a == "sts:GetCallerIdentity" {
			t.Error("sts:GetCallerIdentity needs no permission and must not be listed")
		}
	}
}

// TestBuiltinRulesRequireKnownOperations keeps rule metadata and the collector in step:
// an operation a rule requires but no collector calls can never make its verdict unknown.
func TestBuiltinRulesRequireKnownOperations(t *testing.T) {
	eng, err := policies.Load(context.Background(), policies.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range eng.Rules() {
		for _, op := range append(slices.Clone(r.Requires), r.Collects...) {
			if !IsOperation(op) {
				t.Errorf("rule %s requires or collects %s, which the collector never calls (known: %v)", r.ID, op, Operations())
			}
		}
	}
}

// TestNotOfferedInRegion: only the service's own explicit answer that the operation is not
// offered in the region is certain enough to mean "none of these resources here"; a name that
// does not resolve, an opt-in region, the same code about a feature, or another service's
// error met on the way (STS in the credential chain) stay errors.
func TestNotOfferedInRegion(t *testing.T) {
	api := func(code, msg string) error {
		return &smithy.OperationError{ServiceID: "MemoryDB", OperationName: "DescribeClusters",
			Err: &smithy.GenericAPIError{Code: code, Message: msg}}
	}
	nested := &smithy.OperationError{ServiceID: "MemoryDB", OperationName: "DescribeClusters",
		Err: &smithy.OperationError{ServiceID: "STS", OperationName: "AssumeRole",
			Err: &smithy.GenericAPIError{Code: "UnsupportedOperation", Message: "STS is not available in this region"}}}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"EC2-style answer", api("UnsupportedOperation", "The functionality you requested is not available in this region."), true},
		{"exception, not supported in region", api("UnsupportedOperationException", "This operation is not supported in the eu-south-2 region"), true},
		{"unknown operation at the regional endpoint", api("UnknownOperationException", "DescribeClusters is not supported in this Region"), true},
		{"feature, not region", api("UnsupportedOperationException", "Contributor Insights is not supported for this table"), false},
		{"region named but not refused", api("UnsupportedOperation", "region eu-west-1 is busy"), false},
		{"access denied", api("AccessDeniedException", "not available in this region"), false},
		{"opt-in region", api("OptInRequired", "You are not subscribed to this service in this region"), false},
		{"moto's not implemented", api("NotImplemented", "not supported in this region"), false},
		{"another service's answer", nested, false},
		{"name does not resolve", &net.DNSError{Name: "memorydb.eu-south-2.amazonaws.com", IsNotFound: true}, false},
		{"throttled", api("ThrottlingException", "Rate exceeded"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := notOfferedInRegion(tt.err); got != tt.want {
				t.Errorf("notOfferedInRegion(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	api := func(code, msg string) error {
		return fmt.Errorf("operation error: %w", &smithy.GenericAPIError{Code: code, Message: msg})
	}
	tests := []struct {
		name      string
		err       error
		wantClass string
		wantCode  string
	}{
		{"access denied", api("AccessDeniedException", "no"), classDenied, "AccessDeniedException"},
		{"service control policy", api("SomethingElse", "with an explicit deny in a service control policy"), classDenied, "SomethingElse"},
		{"throttling", api("ThrottlingException", "slow down"), classThrottled, "ThrottlingException"},
		{"s3 slow down", api("SlowDown", ""), classThrottled, "SlowDown"},
		{"expired session", api("ExpiredToken", ""), classExpired, "ExpiredToken"},
		{"opt-in region", api("OptInRequired", ""), classUnsupported, "OptInRequired"},
		{"not configured", api("NoSuchBucketPolicy", ""), classNotFound, "NoSuchBucketPolicy"},
		{"canceled", fmt.Errorf("x: %w", context.Canceled), classCanceled, inventory.CodeCanceled},
		{"deadline", context.DeadlineExceeded, classTimeout, inventory.CodeTimeout},
		{"network timeout", &net.OpError{Op: "read", Err: timeoutErr{}}, classTimeout, inventory.CodeTimeout},
		{"no endpoint", &net.DNSError{Name: "x.invalid", IsNotFound: true}, classUnsupported, inventory.CodeUnsupported},
		{"other", errors.New("boom"), classOther, inventory.CodeNetwork},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := classify(tt.err)
			if c.class != tt.wantClass || c.code != tt.wantCode {
				t.Errorf("classify(%v) = %s/%s, want %s/%s", tt.err, c.class, c.code, tt.wantClass, tt.wantCode)
			}
		})
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

// TestCollectHeadline: a first call that never reached its endpoint is reported as such,
// not as missing credentials, and missing credentials still are.
func TestCollectHeadline(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		creds aws.CredentialsProvider
		want  error
		not   error
	}{
		{"endpoint refuses connections", credentials.NewStaticCredentialsProvider("k", "s", ""), ErrEndpointUnreachable, ErrNoCredentials},
		{"no credentials", aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{}, errors.New("no credentials in the chain")
		}), ErrNoCredentials, ErrEndpointUnreachable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Collect(context.Background(), Options{
				Config:      aws.Config{Region: "us-east-1", Credentials: tt.creds},
				Regions:     []string{"us-east-1"},
				Endpoints:   Endpoints{URL: dead},
				MaxAttempts: 1,
				Getenv:      func(string) string { return "" },
			})
			if !errors.Is(err, tt.want) || errors.Is(err, tt.not) {
				t.Errorf("Collect() error = %v, want %v and not %v", err, tt.want, tt.not)
			}
		})
	}
}

// TestBuiltinRulesPlanTheDetailsTheyJudge: a field read by a detail call, not by its
// type's listing, is collected only when a rule names the call. A rule that judges such a
// field (in fields or applies_fields) must require the call: selected alone it would
// otherwise find the field null on every resource and judge nothing (applies leaves out a
// store whose logging was never read), and a failed call would not make it unknown.
func TestBuiltinRulesPlanTheDetailsTheyJudge(t *testing.T) {
	detail := []struct {
		typ, field string
		op         Operation
	}{
		{inventory.TypeRedshiftCluster, "logging", opDescribeLoggingStatus},
		{inventory.TypeRedshiftCluster, "parameters", opDescribeClusterParameters},
		{inventory.TypeDBInstance, "parameters", opDescribeDBParameters},
		{inventory.TypeDBInstance, "options", opDescribeOptionGroups},
		{inventory.TypeDynamoDBTable, "point_in_time_recovery", opDescribeContinuousBackups},
		{inventory.TypeDynamoDBTable, "contributor_insights", opDescribeContributorInsights},
		{inventory.TypeS3Bucket, "logging", opGetBucketLogging},
		{inventory.TypeOpenSearchDomain, "log_publishing", opDescribeDomains},
	}
	eng, err := policies.Load(context.Background(), policies.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range eng.Rules() {
		fields := append(slices.Clone(r.Fields), r.AppliesFields...)
		for _, d := range detail {
			if !slices.Contains(r.ResourceTypes, d.typ) || !slices.Contains(fields, d.field) {
				continue
			}
			if !slices.Contains(r.Requires, string(d.op)) {
				t.Errorf("rule %s judges %s of %s but does not require %s, which reads it", r.ID, d.field, d.typ, d.op)
			}
		}
	}
}

// TestRulesAlonePlanWhatTheirPostureReads: a rule selected alone (--rule) gets only the
// calls its metadata names, and resolution reads more than the rule's own collection: the
// topics behind an event subscription, the trails that record a table, the stores an alarm
// watches. Each rule below was unknown (or silent) alone where the full rule set decided
// it, on an emulator account; its plan must hold what its posture is resolved from.
func TestRulesAlonePlanWhatTheirPostureReads(t *testing.T) {
	storeListings := []Operation{opDescribeDBInstances, opDescribeDBClusters, opListTables, opListBuckets,
		opDescribeRedshiftClusters, opListNamespaces, opDescribeCacheClusters, opDescribeReplicationGroups,
		opListDomainNames, opDescribeMemoryDBClusters}
	want := map[string][]Operation{
		// Which regions are judged, and whether their subscriptions' topics reach anyone.
		"SW-EV-01": {opDescribeDBClusters, opListSubscriptions},
		"SW-EV-02": {opDescribeDBInstances, opListSubscriptions},
		"SW-EV-03": {opDescribeDBInstances, opDescribeDBClusters, opListSubscriptions},
		"SW-EV-04": {opDescribeDBInstances, opDescribeDBClusters, opListSubscriptions},
		// Whether a trail records the table's write data events.
		"SW-LX-18": {opDescribeTrails, opGetTrailStatus, opGetEventSelectors},
		// Whether the trail logs management events at all.
		"SW-TC-05": {opGetTrailStatus, opGetEventSelectors},
		// Whether an effective alarm watches the error filter's metric.
		"SW-CWL-08": {opDescribeAlarms, opListSubscriptions},
		// Whether the store an alarm watches exists.
		"SW-AH-05": storeListings,
	}
	eng, err := policies.Load(context.Background(), policies.Options{})
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, r := range eng.Rules() {
		ops, ok := want[r.ID]
		if !ok {
			continue
		}
		seen++
		plan, _ := NewPlan(append(slices.Clone(r.Requires), r.Collects...), PlanOptions{ResourceTypes: r.ResourceTypes})
		for _, op := range ops {
			if !plan.Has(op) {
				t.Errorf("rule %s alone does not plan %s", r.ID, op)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("found %d of the %d rules", seen, len(want))
	}
}
