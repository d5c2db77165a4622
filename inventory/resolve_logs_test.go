package inventory

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const (
	testAccount = "111122223333"
	testRegion  = "us-east-1"
)

func testGroup(name string) LogGroup {
	arn := "arn:aws:logs:" + testRegion + ":" + testAccount + ":log-group:" + name + ":*"
	return LogGroup{Meta: Meta{ID: arn, Type: TypeLogGroup, ARN: arn, Name: name, AccountID: testAccount, Region: testRegion}}
}

func testSnapshot(policies ...LogResourcePolicy) *Snapshot {
	return &Snapshot{Accounts: []Account{{
		Meta:                Meta{ID: testAccount, Type: TypeAccount, AccountID: testAccount},
		Partition:           "aws",
		Regions:             []string{testRegion},
		LogResourcePolicies: policies,
	}}}
}

// resolveOnlyLogs runs the log resolution alone on a snapshot, after presetting what the
// error-filter resolution would have derived.
func resolveOnlyLogs(s *Snapshot, preset func(*Snapshot)) {
	s.Normalize()
	ix := newIndex(s)
	if preset != nil {
		preset(s)
	}
	resolveLogGroups(s, ix)
}

func policy(region, doc string) LogResourcePolicy {
	return LogResourcePolicy{Name: "p", Region: region, Document: doc}
}

func TestLogGroupPublic(t *testing.T) {
	const group = "/aws/rds/instance/orders/error"
	stmt := func(fields string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` + fields + `}]}`
	}
	tests := []struct {
		name     string
		policies []LogResourcePolicy
		errors   []CollectionError
		noAcct   bool
		want     string
		wantBy   []string
	}{
		{name: "no policy", want: StatusNo},
		{name: "star principal, star resource",
			policies: []LogResourcePolicy{policy(testRegion, stmt(`"Principal":"*","Action":"logs:*","Resource":"*"`))},
			want:     StatusYes, wantBy: []string{"p"}},
		{name: "AWS star principal, prefix resource",
			policies: []LogResourcePolicy{policy(testRegion, stmt(`"Principal":{"AWS":"*"},"Action":["logs:GetLogEvents"],"Resource":"arn:aws:logs:us-east-1:111122223333:log-group:/aws/rds/*"`))},
			want:     StatusYes, wantBy: []string{"p"}},
		{name: "AWS principal list holding star",
			policies: []LogResourcePolicy{policy(testRegion, stmt(`"Principal":{"AWS":["arn:aws:iam::999988887777:root","*"]},"Resource":"*"`))},
			want:     StatusYes, wantBy: []string{"p"}},
		{name: "log streams of the group",
			policies: []LogResourcePolicy{policy(testRegion, stmt(`"Principal":"*","Resource":"arn:aws:logs:us-east-1:111122223333:log-group:/aws/rds/instance/orders/error:*"`))},
			want:     StatusYes, wantBy: []string{"p"}},
		{name: "one log stream pattern of the group",
			policies: []LogResourcePolicy{policy(testRegion, stmt(`"Principal":"*","Resource":"arn:aws:logs:*:111122223333:log-group:/aws/rds/instance/orders/error:log-stream:*"`))},
			want:     StatusYes, wantBy: []string{"p"}},
		{name: "another group only",
			policies: []LogResourcePolicy{policy(testRegion, stmt(`"Principal":"*","Resource":["arn:aws:logs:us-east-1:111122223333:log-group:/aws/rds/instance/orders/errors:*","arn:aws:logs:us-east-1:111122223333:log-group:/aws/rds/instance/orders"]`))},
			want:     StatusNo},
		{name: "service principal",
			policies: []LogResourcePolicy{policy(testRegion, stmt(`"Principal":{"Service":"es.amazonaws.com"},"Action":["logs:PutLogEvents","logs:CreateLogStream"],"Resource":"*"`))},
			want:     StatusNo},
		{name: "deny statement",
			policies: []LogResourcePolicy{policy(testRegion, `{"Statement":[{"Effect":"Deny","Principal":"*","Resource":"*"}]}`)},
			want:     StatusNo},
		{name: "single statement object",
			policies: []LogResourcePolicy{policy(testRegion, `{"Statement":{"Effect":"Allow","Principal":"*","Resource":"*"}}`)},
			want:     StatusYes, wantBy: []string{"p"}},
		{name: "not principal",
			policies: []LogResourcePolicy{policy(testRegion, stmt(`"NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Resource":"*"`))},
			want:     StatusYes, wantBy: []string{"p"}},
		{name: "not resource excluding the group",
			policies: []LogResourcePolicy{policy(testRegion, stmt(`"Principal":"*","NotResource":"arn:aws:logs:us-east-1:111122223333:log-group:/aws/rds/*"`))},
			want:     StatusNo},
		{name: "not resource excluding another group",
			policies: []LogResourcePolicy{policy(testRegion, stmt(`"Principal":"*","NotResource":"arn:aws:logs:us-east-1:111122223333:log-group:/other"`))},
			want:     StatusYes, wantBy: []string{"p"}},
		{name: "source account condition",
			policies: []LogResourcePolicy{policy(testRegion, stmt(`"Principal":"*","Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}`))},
			want:     StatusNo},
		{name: "source arn condition",
			policies: []LogResourcePolicy{policy(testRegion, stmt(`"Principal":"*","Resource":"*","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:es:us-east-1:111122223333:domain/search"}}`))},
			want:     StatusNo},
		{name: "organisation condition",
			policies: []LogResourcePolicy{policy(testRegion, stmt(`"Principal":{"AWS":"*"},"Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":["o-abc123"]}}`))},
			want:     StatusNo},
		{name: "AWS service condition",
			policies: []LogResourcePolicy{policy(testRegion, stmt(`"Principal":"*","Resource":"*","Condition":{"Bool":{"aws:PrincipalIsAWSService":true}}`))},
			want:     StatusNo},
		{name: "negated organisation condition lets everyone else in",
			policies: []LogResourcePolicy{policy(testRegion, stmt(`"Principal":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc123"}}`))},
			want:     StatusYes, wantBy: []string{"p"}},
		{name: "IfExists condition does not bind direct calls",
			policies: []LogResourcePolicy{policy(testRegion, stmt(`"Principal":"*","Resource":"*","Condition":{"StringEqualsIfExists":{"aws:SourceAccount":"111122223333"}}`))},
			want:     StatusYes, wantBy: []string{"p"}},
		{name: "wildcard source account",
			policies: []LogResourcePolicy{policy(testRegion, stmt(`"Principal":"*","Resource":"*","Condition":{"StringLike":{"aws:SourceAccount":"*"}}`))},
			want:     StatusYes, wantBy: []string{"p"}},
		{name: "network condition does not narrow the principal",
			policies: []LogResourcePolicy{policy(testRegion, stmt(`"Principal":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`))},
			want:     StatusYes, wantBy: []string{"p"}},
		{name: "policy of another region",
			policies: []LogResourcePolicy{policy("eu-west-1", stmt(`"Principal":"*","Resource":"*"`))},
			want:     StatusNo},
		{name: "URL-encoded document",
			policies: []LogResourcePolicy{policy(testRegion, "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%22%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D")},
			want:     StatusYes, wantBy: []string{"p"}},
		{name: "unreadable policy",
			policies: []LogResourcePolicy{policy(testRegion, `{"Statement":[`)},
			want:     StatusUnknown},
		{name: "listing failed",
			errors: []CollectionError{{AccountID: testAccount, Region: testRegion, Service: "logs", Operation: "logs:DescribeResourcePolicies", Code: "AccessDeniedException"}},
			want:   StatusUnknown},
		{name: "listing failed in another region",
			errors: []CollectionError{{AccountID: testAccount, Region: "eu-west-1", Service: "logs", Operation: "logs:DescribeResourcePolicies", Code: "AccessDeniedException"}},
			want:   StatusNo},
		{name: "account outside the snapshot", noAcct: true, want: StatusUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := testSnapshot(tt.policies...)
			if tt.noAcct {
				s.Accounts = nil
			}
			s.Errors = tt.errors
			s.LogGroups = []LogGroup{testGroup(group)}
			resolveOnlyLogs(s, nil)
			p := s.LogGroups[0].Posture
			if p.Public != tt.want || !cmp.Equal(p.PublicBy, tt.wantBy) {
				t.Errorf("public = %q by %v, want %q by %v", p.Public, p.PublicBy, tt.want, tt.wantBy)
			}
		})
	}
}

func TestLogGroupArchiveAndKMS(t *testing.T) {
	s := testSnapshot()
	s.KMSKeys = []KMSKey{{ARN: "arn:aws:kms:us-east-1:111122223333:key/k1", AccountID: testAccount, Region: testRegion, KeyManager: "CUSTOMER"}}
	g := testGroup("/aws/docdb/catalog/audit")
	g.KMSKeyID = "arn:aws:kms:us-east-1:111122223333:key/k1"
	g.SubscriptionFilters = []SubscriptionFilter{
		{Name: "a-firehose", DestinationARN: "arn:aws:firehose:us-east-1:111122223333:deliverystream/archive"},
		{Name: "b-errors-to-lambda", FilterPattern: "ERROR", DestinationARN: "arn:aws:lambda:us-east-1:111122223333:function:alert"},
		{Name: "c-central", FilterPattern: " ", DestinationARN: "arn:aws:logs:us-east-1:999988887777:destination:central"},
		{Name: "d-kinesis", DestinationARN: "arn:aws:kinesis:us-east-1:111122223333:stream/logs"},
		{Name: "e-not-a-destination", DestinationARN: "arn:aws:sns:us-east-1:111122223333:topic"},
	}
	plain := testGroup("/aws/docdb/catalog/profiler")
	plain.KMSKeyID = "arn:aws:kms:us-east-1:444455556666:key/unknown"
	s.LogGroups = []LogGroup{g, plain}
	resolveOnlyLogs(s, nil)

	got := s.LogGroups[0].Posture
	wantArchive := []string{
		"arn:aws:firehose:us-east-1:111122223333:deliverystream/archive",
		"arn:aws:kinesis:us-east-1:111122223333:stream/logs",
		"arn:aws:logs:us-east-1:999988887777:destination:central",
	}
	if diff := cmp.Diff(wantArchive, got.Archive); diff != "" {
		t.Errorf("archive (-want +got):\n%s", diff)
	}
	if got.KMSKeyManager != "CUSTOMER" {
		t.Errorf("kms key manager = %q, want CUSTOMER", got.KMSKeyManager)
	}
	if p := s.LogGroups[1].Posture; len(p.Archive) != 0 || p.KMSKeyManager != "" {
		t.Errorf("group without archive and unknown key: archive %v, key manager %q", p.Archive, p.KMSKeyManager)
	}
}

// TestLogGroupKMSKeyState: a group's key state comes from the key in the snapshot; a key
// outside it, or one whose state is not recorded, is unknown, never Enabled.
func TestLogGroupKMSKeyState(t *testing.T) {
	const key = "arn:aws:kms:us-east-1:111122223333:key/"
	tests := []struct {
		name, keyID, state, want string
	}{
		{"no key", "", "", ""},
		{"enabled", key + "k1", KeyStateEnabled, KeyStateEnabled},
		{"disabled", key + "k1", KeyStateDisabled, KeyStateDisabled},
		{"pending deletion, named by key id", "k1", KeyStatePendingDeletion, KeyStatePendingDeletion},
		{"state not recorded", key + "k1", "", StatusUnknown},
		{"key outside the snapshot", "arn:aws:kms:us-east-1:444455556666:key/other", KeyStateEnabled, StatusUnknown},
		{"AWS managed alias", "alias/aws/logs", "", KeyStateEnabled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := testSnapshot()
			s.KMSKeys = []KMSKey{{ARN: key + "k1", AccountID: testAccount, Region: testRegion, KeyManager: "CUSTOMER", KeyState: tt.state}}
			g := testGroup("/aws/rds/instance/orders/audit")
			g.KMSKeyID = tt.keyID
			s.LogGroups = []LogGroup{g}
			resolveOnlyLogs(s, nil)
			if got := s.LogGroups[0].Posture.KMSKeyState; got != tt.want {
				t.Errorf("key state = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestEventDataStoreKMSKeyState: an event data store's key state is resolved like a log
// group's: known for a key in the snapshot, unknown for one outside it.
func TestEventDataStoreKMSKeyState(t *testing.T) {
	const key = "arn:aws:kms:us-east-1:111122223333:key/k1"
	s := testSnapshot()
	s.KMSKeys = []KMSKey{{ARN: key, AccountID: testAccount, Region: testRegion, KeyManager: "CUSTOMER", KeyState: KeyStatePendingDeletion}}
	store := func(name, keyID string) EventDataStore {
		return EventDataStore{Meta: Meta{ID: name, Type: TypeEventDataStore, Name: name, AccountID: testAccount, Region: testRegion}, KMSKeyID: keyID}
	}
	s.EventDataStores = []EventDataStore{store("doomed", key), store("elsewhere", "arn:aws:kms:us-east-1:444455556666:key/x"), store("default", "")}
	Resolve(s)
	var got []string
	for _, e := range s.EventDataStores {
		got = append(got, e.Name+"="+e.Posture.KMSKeyState)
	}
	want := []string{"default=", "doomed=PendingDeletion", "elsewhere=unknown"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("key states (-want +got):\n%s", d)
	}
}

func TestStoreLogLinks(t *testing.T) {
	days := 400
	rdsARN := "arn:aws:rds:us-east-1:111122223333:db:orders"
	filters := []ErrorFilterLink{{Filter: "errors", Catches: []string{"error"}, Metric: "App/Errors", Alarmed: StatusYes}}
	tests := []struct {
		name   string
		build  func(s *Snapshot)
		preset func(s *Snapshot)
		// check inspects the snapshot after resolution.
		check func(t *testing.T, s *Snapshot)
	}{
		{
			name: "RDS instance exports into existing and missing groups",
			build: func(s *Snapshot) {
				s.DBInstances = []DBInstance{{Meta: Meta{ID: rdsARN, Type: TypeDBInstance, ARN: rdsARN, Name: "orders", AccountID: testAccount, Region: testRegion},
					Engine: "mysql", EnabledLogExports: []string{"slowquery", "error"}}}
				g := testGroup("/aws/rds/instance/orders/error")
				g.RetentionDays = &days
				g.KMSKeyID = "alias/aws/logs-not-real"
				s.LogGroups = []LogGroup{g}
			},
			preset: func(s *Snapshot) { s.LogGroups[0].Posture.ErrorFilters = filters },
			check: func(t *testing.T, s *Snapshot) {
				want := []LogLink{
					{Type: "error", LogGroup: "/aws/rds/instance/orders/error", Destination: DestinationCloudWatchLogs, Group: &LogGroupSummary{
						Name: "/aws/rds/instance/orders/error", Found: StatusYes, RetentionDays: &days, KMSEncrypted: true, KMSKeyManager: "AWS", KMSKeyState: KeyStateEnabled, ErrorFilters: filters}},
					{Type: "slowquery", LogGroup: "/aws/rds/instance/orders/slowquery", Destination: DestinationCloudWatchLogs, Group: &LogGroupSummary{
						Name: "/aws/rds/instance/orders/slowquery", Found: StatusNo}},
				}
				if diff := cmp.Diff(want, s.DBInstances[0].Posture.Logs); diff != "" {
					t.Errorf("logs (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff([]string{rdsARN}, s.LogGroups[0].Posture.Receives); diff != "" {
					t.Errorf("receives (-want +got):\n%s", diff)
				}
			},
		},
		{
			name: "log group listing failed",
			build: func(s *Snapshot) {
				s.DBClusters = []DBCluster{{Meta: Meta{ID: "docdb", Type: TypeDocDBCluster, Name: "catalog", AccountID: testAccount, Region: testRegion},
					Engine: "docdb", EnabledLogExports: []string{"audit"}}}
				s.Errors = []CollectionError{{AccountID: testAccount, Region: testRegion, Service: "logs", Operation: "logs:DescribeLogGroups", Code: "ThrottlingException"}}
			},
			check: func(t *testing.T, s *Snapshot) {
				l := s.DBClusters[0].Posture.Logs
				if len(l) != 1 || l[0].LogGroup != "/aws/docdb/catalog/audit" || l[0].Group == nil || l[0].Group.Found != StatusUnknown {
					t.Errorf("logs = %+v, want the audit group with found unknown", l)
				}
			},
		},
		{
			name: "exports without a log group keep their destination",
			build: func(s *Snapshot) {
				s.RedshiftClusters = []RedshiftCluster{{Meta: Meta{ID: "rs", Type: TypeRedshiftCluster, Name: "dw", AccountID: testAccount, Region: testRegion},
					Logging: &RedshiftLogging{Enabled: true, DestinationType: "s3", BucketName: "audit"}}}
				s.ElastiCacheClusters = []ElastiCacheCluster{{Meta: Meta{ID: "ec", Type: TypeElastiCacheReplicationGroup, Name: "cache", AccountID: testAccount, Region: testRegion},
					LogDelivery: []ElastiCacheLogDelivery{
						{LogType: "engine-log", DestinationType: "cloudwatch-logs", Destination: "", Status: "active"},
						{LogType: "slow-log", DestinationType: "kinesis-firehose", Destination: "slow-stream", Status: "active"},
					}}}
			},
			check: func(t *testing.T, s *Snapshot) {
				want := []LogLink{{Type: "audit", Destination: DestinationS3}}
				if diff := cmp.Diff(want, s.RedshiftClusters[0].Posture.Logs); diff != "" {
					t.Errorf("redshift logs (-want +got):\n%s", diff)
				}
				want = []LogLink{
					{Type: "engine-log", Destination: DestinationCloudWatchLogs, Group: &LogGroupSummary{Found: StatusUnknown, Unknown: []string{"name"}}},
					{Type: "slow-log", Destination: DestinationFirehose},
				}
				if diff := cmp.Diff(want, s.ElastiCacheClusters[0].Posture.Logs); diff != "" {
					t.Errorf("elasticache logs (-want +got):\n%s", diff)
				}
			},
		},
		{
			// SW-LX-17 counts a configuration being modified as delivering: the log
			// groups it delivers to are judged too.
			name: "elasticache delivery being modified keeps its link",
			build: func(s *Snapshot) {
				s.ElastiCacheClusters = []ElastiCacheCluster{{Meta: Meta{ID: "ec", Type: TypeElastiCacheReplicationGroup, Name: "cache", AccountID: testAccount, Region: testRegion},
					LogDelivery: []ElastiCacheLogDelivery{
						{LogType: "engine-log", DestinationType: "cloudwatch-logs", Destination: "/cache/engine", Status: "modifying"},
						{LogType: "slow-log", DestinationType: "cloudwatch-logs", Destination: "/cache/slow", Status: "disabling"},
					}}}
				s.LogGroups = []LogGroup{testGroup("/cache/engine"), testGroup("/cache/slow")}
			},
			check: func(t *testing.T, s *Snapshot) {
				l := s.ElastiCacheClusters[0].Posture.Logs
				if len(l) != 1 || l[0].Type != "engine-log" || l[0].Group == nil || l[0].Group.Found != StatusYes {
					t.Errorf("logs = %+v, want the engine-log link into the found group only", l)
				}
			},
		},
		{
			name: "one group receiving several log types of one store",
			build: func(s *Snapshot) {
				arn := "arn:aws:logs:us-east-1:111122223333:log-group:/search/logs"
				s.OpenSearchDomains = []OpenSearchDomain{{Meta: Meta{ID: "os", Type: TypeOpenSearchDomain, Name: "search", AccountID: testAccount, Region: testRegion},
					LogPublishing: []OpenSearchLogPublishing{
						{LogType: "ES_APPLICATION_LOGS", Enabled: true, LogGroupARN: arn + ":*"},
						{LogType: "SEARCH_SLOW_LOGS", Enabled: true, LogGroupARN: arn},
						{LogType: "INDEX_SLOW_LOGS", Enabled: false, LogGroupARN: arn},
					}}}
				s.LogGroups = []LogGroup{testGroup("/search/logs")}
			},
			check: func(t *testing.T, s *Snapshot) {
				l := s.OpenSearchDomains[0].Posture.Logs
				if len(l) != 2 || l[0].Group.Found != StatusYes || l[1].Group.Found != StatusYes {
					t.Errorf("logs = %+v, want two links into the found group", l)
				}
				if diff := cmp.Diff([]string{"os"}, s.LogGroups[0].Posture.Receives); diff != "" {
					t.Errorf("receives (-want +got):\n%s", diff)
				}
			},
		},
		{
			name: "facts that could not be established",
			build: func(s *Snapshot) {
				s.RedshiftServerlessNamespaces = []RedshiftServerlessNamespace{{Meta: Meta{ID: "ns", Type: TypeRedshiftServerlessNamespace, Name: "default", AccountID: testAccount, Region: testRegion},
					LogExports: []string{"connectionlog"}}}
				g := testGroup("/aws/redshift/default/connectionlog")
				g.UnknownFields = []string{"kms_key_id", "tags"}
				g.Errors = []CollectionError{{Service: "logs", Operation: "logs:DescribeSubscriptionFilters", Code: "AccessDeniedException"}}
				s.LogGroups = []LogGroup{g}
				s.Errors = []CollectionError{{AccountID: testAccount, Region: testRegion, Service: "logs", Operation: "logs:DescribeMetricFilters", Code: "AccessDeniedException"}}
			},
			check: func(t *testing.T, s *Snapshot) {
				got := s.RedshiftServerlessNamespaces[0].Posture.Logs[0].Group.Unknown
				if diff := cmp.Diff([]string{"kms_key_id", "metric_filters", "subscription_filters"}, got); diff != "" {
					t.Errorf("unknown (-want +got):\n%s", diff)
				}
			},
		},
		{
			name: "planned subscription whose destination is created in the same apply",
			build: func(s *Snapshot) {
				s.DBClusters = []DBCluster{{Meta: Meta{ID: "aurora", Type: TypeDBCluster, Name: "ledger", AccountID: testAccount, Region: testRegion},
					Engine: "aurora-postgresql", EnabledLogExports: []string{"postgresql"}}}
				g := testGroup("/aws/rds/cluster/ledger/postgresql")
				g.SubscriptionFilters = []SubscriptionFilter{{Name: "archive"}}
				s.LogGroups = []LogGroup{g}
			},
			check: func(t *testing.T, s *Snapshot) {
				got := s.DBClusters[0].Posture.Logs[0].Group
				if got.Archived || !cmp.Equal(got.Unknown, []string{"subscription_filters"}) {
					t.Errorf("group = %+v, want not archived and subscription_filters unknown", got)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := testSnapshot()
			tt.build(s)
			resolveOnlyLogs(s, tt.preset)
			tt.check(t, s)
		})
	}
}

// TestResolveLogsIdempotent checks that resolving twice gives the same posture: nothing is
// appended to what an earlier resolution left.
func TestResolveLogsIdempotent(t *testing.T) {
	s := testSnapshot()
	s.DBInstances = []DBInstance{{Meta: Meta{ID: "db", Type: TypeDBInstance, Name: "orders", AccountID: testAccount, Region: testRegion},
		Engine: "postgres", EnabledLogExports: []string{"postgresql"}}}
	s.LogGroups = []LogGroup{testGroup("/aws/rds/instance/orders/postgresql")}
	Resolve(s)
	first := fmt.Sprintf("%+v %+v", s.LogGroups[0].Posture, s.DBInstances[0].Posture.Logs[0].Group)
	Resolve(s)
	second := fmt.Sprintf("%+v %+v", s.LogGroups[0].Posture, s.DBInstances[0].Posture.Logs[0].Group)
	if first != second {
		t.Errorf("second resolution differs:\n%s\n%s", first, second)
	}
	if got := s.LogGroups[0].Posture.Receives; len(got) != 1 {
		t.Errorf("receives = %v, want the one store", got)
	}
}

func TestGlob(t *testing.T) {
	tests := []struct {
		pattern, s string
		match      bool
		someUnder  bool
	}{
		{"*", "anything", true, true},
		{"", "", true, true},
		{"", "x", false, false},
		{"arn:aws:logs:*:*:log-group:/aws/*", "arn:aws:logs:us-east-1:1:log-group:/aws/rds", true, true},
		{"arn:aws:logs:us-east-1:1:log-group:a:*", "arn:aws:logs:us-east-1:1:log-group:a:", true, true},
		{"arn:aws:logs:us-east-1:1:log-group:a:x*", "arn:aws:logs:us-east-1:1:log-group:a:", false, true},
		{"arn:aws:logs:us-east-1:1:log-group:a", "arn:aws:logs:us-east-1:1:log-group:a:", false, false},
		{"a?c", "abc", true, true},
		{"a?c", "ac", false, true},
		{"a*b*c", "aXbYc", true, true},
		{"a*b*c", "aXbY", false, true},
		{"abc", "abd", false, false},
		{"ab", "abc", false, false},
	}
	for _, tt := range tests {
		if got := globMatch(tt.pattern, tt.s); got != tt.match {
			t.Errorf("globMatch(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.match)
		}
		if got := globMatchesSomeWithPrefix(tt.pattern, tt.s); got != tt.someUnder {
			t.Errorf("globMatchesSomeWithPrefix(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.someUnder)
		}
	}
}

// globRegexp is the reference the fuzz target compares globMatch with.
func globRegexp(p string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`(?s)\A`)
	for _, r := range p {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString(`\z`)
	return regexp.MustCompile(b.String())
}

func FuzzGlobMatch(f *testing.F) {
	f.Add("arn:aws:logs:*:*:log-group:/aws/*", "arn:aws:logs:us-east-1:1:log-group:/aws/rds")
	f.Add("a?c*", "abcdef")
	f.Fuzz(func(t *testing.T, p, s string) {
		// The reference works on runes, the matcher on bytes as IAM ARNs are ASCII.
		if !isASCII(p) || !isASCII(s) || len(p) > 64 || len(s) > 128 {
			return
		}
		if got, want := globMatch(p, s), globRegexp(p).MatchString(s); got != want {
			t.Errorf("globMatch(%q, %q) = %v, want %v", p, s, got, want)
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func FuzzPublicStatements(f *testing.F) {
	f.Add(`{"Statement":[{"Effect":"Allow","Principal":"*","Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":"1"}}}]}`)
	f.Add(`{"Statement":{"Effect":"Allow","Principal":{"AWS":["*"]},"NotResource":["x"]}}`)
	f.Add(`%7B%7D`)
	f.Fuzz(func(t *testing.T, doc string) {
		stmts, err := publicStatements("p", doc)
		if err != nil && stmts != nil {
			t.Errorf("publicStatements returned statements with an error: %v", err)
		}
		for _, st := range stmts {
			st.covers("arn:aws:logs:us-east-1:1:log-group:g")
		}
	})
}

// BenchmarkResolveLogGroups measures the log resolution on many stores and groups; it must
// grow linearly.
func BenchmarkResolveLogGroups(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s := testSnapshot(policy(testRegion, `{"Statement":[{"Effect":"Allow","Principal":{"Service":"es.amazonaws.com"},"Resource":"*"}]}`))
			for i := 0; i < n; i++ {
				name := fmt.Sprintf("db-%06d", i)
				s.DBInstances = append(s.DBInstances, DBInstance{Meta: Meta{ID: name, Type: TypeDBInstance, Name: name, AccountID: testAccount, Region: testRegion},
					Engine: "mysql", EnabledLogExports: []string{"error", "slowquery"}})
				s.LogGroups = append(s.LogGroups, testGroup("/aws/rds/instance/"+name+"/error"))
			}
			s.Normalize()
			ix := newIndex(s)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				resolveLogGroups(s, ix)
			}
		})
	}
}
