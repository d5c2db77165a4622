// Package synth generates realistic synthetic snapshots of any size, deterministically from
// a seed, for benchmarks and scale tests: every store type in several regions, about 200
// alarms and 50 metric filters per 1,000 stores, trails with basic and advanced selectors,
// and collection errors sprinkled in.
package synth

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/storewatch/storewatch/inventory"
)

// Options size a synthetic snapshot.
type Options struct {
	Stores int
	Seed   uint64
}

// Regions are the regions synthetic stores live in.
var Regions = []string{"us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"}

// storesPerAccount splits large snapshots over several accounts, as an organisation has.
const storesPerAccount = 25000

type gen struct {
	s        *inventory.Snapshot
	r        *rand.Rand
	accounts []string
	topics   map[string][]string // account/region → topic ARNs
	serial   int
}

// Generate builds an unresolved snapshot with o.Stores data stores.
func Generate(o Options) *inventory.Snapshot {
	g := &gen{
		s: &inventory.Snapshot{
			SchemaVersion: inventory.SchemaVersion,
			Tool:          inventory.Tool{Name: "storewatch", Version: "synthetic"},
			CollectedAt:   time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
			Sources:       []inventory.Source{{Kind: inventory.SourceSynthetic, Detail: fmt.Sprintf("stores=%d seed=%d", o.Stores, o.Seed)}},
		},
		// Deterministic by design: the same seed must give the same account.
		r:      rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15)), //nolint:gosec // not for secrets
		topics: map[string][]string{},
	}
	n := max(1, (o.Stores+storesPerAccount-1)/storesPerAccount)
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("%012d", 100000000000+int64(i)*111111)
		g.accounts = append(g.accounts, id)
		g.s.Accounts = append(g.s.Accounts, inventory.Account{
			Meta:      inventory.Meta{ID: id, Type: inventory.TypeAccount, Name: "synthetic-" + id, AccountID: id},
			Partition: "aws", Regions: append([]string(nil), Regions...),
		})
		g.s.Sources[0].Accounts = append(g.s.Sources[0].Accounts, id)
		g.accountFacts(id)
	}
	// Cluster members are data stores too: they count toward o.Stores.
	for i := 0; g.stores() < o.Stores; i++ {
		acct := g.accounts[i%len(g.accounts)]
		region := Regions[g.r.IntN(len(Regions))]
		g.store(acct, region, o.Stores-g.stores())
	}
	return g.s
}

// stores counts the data stores generated so far, the accounts' trail buckets included.
func (g *gen) stores() int {
	s := g.s
	return len(s.DBInstances) + len(s.DBClusters) + len(s.DynamoDBTables) + len(s.S3Buckets) + len(s.RedshiftClusters) +
		len(s.RedshiftServerlessNamespaces) + len(s.ElastiCacheClusters) + len(s.OpenSearchDomains) + len(s.MemoryDBClusters)
}

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func (g *gen) name(prefix string) string {
	g.serial++
	return fmt.Sprintf("%s-%06d", prefix, g.serial)
}

func arn(service, region, acct, res string) string {
	return "arn:aws:" + service + ":" + region + ":" + acct + ":" + res
}

func meta(typ, id, name, acct, region string) inventory.Meta {
	return inventory.Meta{ID: id, Type: typ, ARN: id, Name: name, AccountID: acct, Region: region}
}

func ptr[T any](v T) *T { return &v }

// accountFacts adds each account's trails, topics, KMS keys and CIS filters.
func (g *gen) accountFacts(acct string) {
	home := Regions[0]
	for _, region := range Regions {
		key := acct + "/" + region
		for i := 0; i < 3; i++ {
			name := fmt.Sprintf("alerts-%d", i)
			a := arn("sns", region, acct, name)
			t := inventory.SNSTopic{Meta: meta(inventory.TypeSNSTopic, a, name, acct, region)}
			if i != 2 { // the third topic never got a confirmed subscriber
				t.Subscriptions = []inventory.Subscription{{ARN: a + ":sub-1", Protocol: "email", Endpoint: "redacted", Confirmed: true}}
			} else {
				t.Subscriptions = []inventory.Subscription{{ARN: "PendingConfirmation", Protocol: "email", Endpoint: "redacted"}}
			}
			g.s.SNSTopics = append(g.s.SNSTopics, t)
			g.topics[key] = append(g.topics[key], a)
		}
		g.s.KMSKeys = append(g.s.KMSKeys, inventory.KMSKey{ARN: arn("kms", region, acct, "key/cmk-"+region), AccountID: acct, Region: region, KeyManager: "CUSTOMER"})
		g.s.EventSubscriptions = append(g.s.EventSubscriptions, inventory.EventSubscription{
			Meta:    meta(inventory.TypeRDSEventSubscription, arn("rds", region, acct, "es:instances"), "instances", acct, region),
			Service: "rds", SourceType: "db-instance", EventCategories: []string{"availability", "configuration change", "failure", "maintenance"},
			Enabled: g.chance(0.7), SNSTopicARN: g.topics[key][0], Status: "active"})
	}
	group := "aws-cloudtrail-logs-" + acct
	trail := arn("cloudtrail", home, acct, "trail/management")
	g.s.Trails = append(g.s.Trails,
		inventory.Trail{
			Meta:       meta(inventory.TypeTrail, trail, "management", acct, home),
			HomeRegion: home, IsMultiRegion: true, IncludeGlobalServiceEvents: true, LogFileValidationEnabled: true,
			KMSKeyID: arn("kms", home, acct, "key/cmk-"+home), S3BucketName: "trail-" + acct,
			CloudWatchLogsLogGroupARN: arn("logs", home, acct, "log-group:"+group+":*"),
			Status:                    &inventory.TrailStatus{IsLogging: true, LatestDeliveryTime: ptr(g.s.CollectedAt), LatestDigestDeliveryTime: ptr(g.s.CollectedAt)},
			EventSelectors: []inventory.EventSelector{{ReadWriteType: "All", IncludeManagementEvents: true,
				DataResources: []inventory.DataResource{{Type: "AWS::S3::Object", Values: []string{"arn:aws:s3:::data-"}}}}},
		},
		inventory.Trail{
			Meta:       meta(inventory.TypeTrail, arn("cloudtrail", Regions[2], acct, "trail/data-events"), "data-events", acct, Regions[2]),
			HomeRegion: Regions[2], S3BucketName: "trail-" + acct,
			Status: &inventory.TrailStatus{IsLogging: true},
			AdvancedEventSelectors: []inventory.AdvancedEventSelector{
				{Name: "tables", FieldSelectors: []inventory.FieldSelector{
					{Field: "eventCategory", Equals: []string{"Data"}},
					{Field: "resources.type", Equals: []string{"AWS::DynamoDB::Table"}},
					{Field: "resources.ARN", StartsWith: []string{arn("dynamodb", Regions[2], acct, "table/orders")}},
				}},
				{Name: "buckets-writes", FieldSelectors: []inventory.FieldSelector{
					{Field: "eventCategory", Equals: []string{"Data"}},
					{Field: "resources.type", Equals: []string{"AWS::S3::Object"}},
					{Field: "readOnly", Equals: []string{"false"}},
					{Field: "resources.ARN", NotStartsWith: []string{"arn:aws:s3:::scratch-"}},
				}},
			},
		},
	)
	g.s.S3Buckets = append(g.s.S3Buckets, inventory.S3Bucket{Meta: meta(inventory.TypeS3Bucket, "arn:aws:s3:::trail-"+acct, "trail-"+acct, acct, home),
		Versioning: "Enabled", Logging: &inventory.BucketLogging{TargetBucket: "logs-" + acct}, PolicyPublic: ptr(false), ACLPublic: ptr(false),
		PublicAccessBlock: &inventory.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}})
	var filters []inventory.MetricFilter
	for i, p := range cisPatterns {
		if !g.chance(0.7) {
			continue
		}
		metric := fmt.Sprintf("CIS%d", i+1)
		filters = append(filters, inventory.MetricFilter{Name: metric, Pattern: p,
			Transformations: []inventory.MetricTransformation{{MetricName: metric, MetricNamespace: "CISBenchmark", MetricValue: "1"}}})
		g.s.Alarms = append(g.s.Alarms, g.alarmOn(acct, home, "cis-"+metric, "CISBenchmark", metric, nil))
	}
	g.s.LogGroups = append(g.s.LogGroups, inventory.LogGroup{Meta: meta(inventory.TypeLogGroup, arn("logs", home, acct, "log-group:"+group), group, acct, home),
		RetentionDays: ptr(365), KMSKeyID: arn("kms", home, acct, "key/cmk-"+home), MetricFilters: filters})
	// One listing denied per account, as a real organisation has somewhere.
	g.s.Errors = append(g.s.Errors, inventory.CollectionError{Source: inventory.SourceAWS, AccountID: acct, Region: Regions[3],
		Service: "logs", Operation: "logs:DescribeResourcePolicies", Code: "AccessDeniedException", Message: "not authorized"})
}

var cisPatterns = []string{
	`{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }`,
	`{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }`,
	`{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }`,
	`{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }`,
	`{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }`,
}

var alarmSettings = map[string]struct {
	stat, cmp string
	threshold float64
}{
	"CPUUtilization":          {"Average", "GreaterThanThreshold", 90},
	"FreeStorageSpace":        {"Minimum", "LessThanThreshold", 10e9},
	"FreeableMemory":          {"Average", "LessThanThreshold", 512e6},
	"DatabaseConnections":     {"Average", "GreaterThanThreshold", 900},
	"ReadThrottleEvents":      {"Sum", "GreaterThanThreshold", 10},
	"WriteThrottleEvents":     {"Sum", "GreaterThanThreshold", 10},
	"SystemErrors":            {"Sum", "GreaterThanThreshold", 0},
	"5xxErrors":               {"Average", "GreaterThanThreshold", 0.05},
	"PercentageDiskSpaceUsed": {"Average", "GreaterThanThreshold", 80},
	"EngineCPUUtilization":    {"Average", "GreaterThanThreshold", 90},
	"JVMMemoryPressure":       {"Maximum", "GreaterThanOrEqualToThreshold", 80},
}

func (g *gen) alarmOn(acct, region, name, ns, metric string, dims []inventory.Dimension) inventory.Alarm {
	st, ok := alarmSettings[metric]
	if !ok {
		st.stat, st.cmp, st.threshold = "Sum", "GreaterThanOrEqualToThreshold", 1
	}
	a := inventory.Alarm{
		Meta:      meta(inventory.TypeAlarm, arn("cloudwatch", region, acct, "alarm:"+name), name, acct, region),
		Namespace: ns, MetricName: metric, Dimensions: dims, Statistic: st.stat, Period: 60, EvaluationPeriods: 5, DatapointsToAlarm: 5,
		Threshold: ptr(st.threshold), ComparisonOperator: st.cmp, TreatMissingData: "missing", ActionsEnabled: !g.chance(0.05),
		StateValue: "OK", StateUpdatedAt: ptr(g.s.CollectedAt.Add(-time.Duration(g.r.IntN(60*24)) * time.Hour)),
	}
	topics := g.topics[acct+"/"+region]
	if len(topics) > 0 && !g.chance(0.05) {
		a.AlarmActions = []string{topics[g.r.IntN(len(topics))]}
	}
	if g.chance(0.03) {
		a.StateValue = "INSUFFICIENT_DATA"
	}
	return a
}
