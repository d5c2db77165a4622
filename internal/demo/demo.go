// Package demo builds the embedded demo account: a realistic snapshot of dozens of data
// stores in two regions with a mix of good and bad monitoring, so that a new user sees
// storewatch work without an AWS account.
//
// The story: "orders" runs in us-east-1 and is mostly well watched; "analytics" grew in
// eu-west-1 without much care. A security trail covers the account, a few CIS alarms exist,
// and a handful of API calls were denied during collection, so some checks are honestly
// undecided.
package demo

import (
	"time"

	"github.com/storewatch/storewatch/inventory"
)

// Account is the demo account id (AWS documentation's example account).
const Account = "123456789012"

const (
	east = "us-east-1"
	west = "eu-west-1"
)

// CollectedAt is the demo's fixed collection time, so its reports are reproducible.
var CollectedAt = time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)

// Snapshot returns a fresh copy of the demo account's raw facts (unresolved).
func Snapshot() *inventory.Snapshot {
	s := &inventory.Snapshot{
		SchemaVersion: inventory.SchemaVersion,
		Tool:          inventory.Tool{Name: "storewatch", Version: "demo"},
		CollectedAt:   CollectedAt,
		Sources:       []inventory.Source{{Kind: inventory.SourceDemo, Detail: "embedded demo account", Accounts: []string{Account}}},
		Accounts: []inventory.Account{{
			Meta:                inventory.Meta{ID: Account, Type: inventory.TypeAccount, Name: "demo-production", AccountID: Account},
			Partition:           "aws",
			Regions:             []string{east, west},
			S3PublicAccessBlock: &inventory.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true, BlockPublicPolicy: true, RestrictPublicBuckets: true},
		}},
	}
	b := &builder{s: s}
	b.security()
	b.orders()
	b.analytics()
	b.caches()
	b.collectionErrors()
	return s
}

type builder struct{ s *inventory.Snapshot }

func meta(typ, arn, name, region string) inventory.Meta {
	return inventory.Meta{ID: arn, Type: typ, ARN: arn, Name: name, AccountID: Account, Region: region}
}

func ptr[T any](v T) *T { return &v }

func at(daysBefore int) *time.Time {
	t := CollectedAt.Add(-time.Duration(daysBefore) * 24 * time.Hour)
	return &t
}

func arn(service, region, resource string) string {
	return "arn:aws:" + service + ":" + region + ":" + Account + ":" + resource
}

// topic adds an SNS topic; confirmed and pending are the protocols of its subscriptions.
func (b *builder) topic(region, name string, confirmed, pending []string) string {
	a := arn("sns", region, name)
	t := inventory.SNSTopic{Meta: meta(inventory.TypeSNSTopic, a, name, region)}
	for i, p := range confirmed {
		t.Subscriptions = append(t.Subscriptions, inventory.Subscription{
			ARN: a + ":" + string(rune('a'+i)) + "1b2c3d4-0000-4000-8000-00000000000" + string(rune('0'+i)), Protocol: p, Endpoint: "redacted", Confirmed: true})
	}
	for range pending {
		t.Subscriptions = append(t.Subscriptions, inventory.Subscription{ARN: "PendingConfirmation", Protocol: "email", Endpoint: "redacted"})
	}
	b.s.SNSTopics = append(b.s.SNSTopics, t)
	return a
}

func (b *builder) kmsKey(region, id, manager string, aliases ...string) string {
	a := arn("kms", region, "key/"+id)
	b.s.KMSKeys = append(b.s.KMSKeys, inventory.KMSKey{ARN: a, AccountID: Account, Region: region, KeyManager: manager, Aliases: aliases,
		KeyState: inventory.KeyStateEnabled})
	return a
}

// logGroup adds a log group. retention 0 means never expire.
func (b *builder) logGroup(region, name string, retention int, kmsKey string, filters []inventory.MetricFilter, subs ...inventory.SubscriptionFilter) {
	g := inventory.LogGroup{
		Meta:                meta(inventory.TypeLogGroup, arn("logs", region, "log-group:"+name), name, region),
		KMSKeyID:            kmsKey,
		MetricFilters:       filters,
		SubscriptionFilters: subs,
	}
	if retention > 0 {
		g.RetentionDays = ptr(retention)
	}
	b.s.LogGroups = append(b.s.LogGroups, g)
}

func filter(name, pattern, metric, namespace string) inventory.MetricFilter {
	return inventory.MetricFilter{Name: name, Pattern: pattern, Transformations: []inventory.MetricTransformation{
		{MetricName: metric, MetricNamespace: namespace, MetricValue: "1"}}}
}

// alarm describes a metric alarm; zero values are the common case (actions enabled, OK).
type alarm struct {
	region, name, namespace, metric string
	dims                            map[string]string
	stat                            string
	threshold                       float64
	comparison                      string
	period, periods                 int
	actions                         []string
	disabled                        bool
	state                           string
	stateDays                       int
	treatMissing                    string
	math                            []inventory.MetricQuery
}

func (b *builder) alarm(a alarm) {
	x := inventory.Alarm{
		Meta:               meta(inventory.TypeAlarm, arn("cloudwatch", a.region, "alarm:"+a.name), a.name, a.region),
		Namespace:          a.namespace,
		MetricName:         a.metric,
		Statistic:          a.stat,
		Period:             a.period,
		EvaluationPeriods:  a.periods,
		DatapointsToAlarm:  a.periods,
		Threshold:          ptr(a.threshold),
		ComparisonOperator: a.comparison,
		TreatMissingData:   a.treatMissing,
		ActionsEnabled:     !a.disabled,
		AlarmActions:       a.actions,
		StateValue:         a.state,
		StateUpdatedAt:     at(a.stateDays),
		Metrics:            a.math,
	}
	for k, v := range a.dims {
		x.Dimensions = append(x.Dimensions, inventory.Dimension{Name: k, Value: v})
	}
	if x.Statistic == "" && len(a.math) == 0 {
		x.Statistic = "Average"
	}
	if x.Period == 0 && len(a.math) == 0 {
		x.Period = 60
	}
	if x.EvaluationPeriods == 0 {
		x.EvaluationPeriods, x.DatapointsToAlarm = 5, 5
	}
	if x.ComparisonOperator == "" {
		x.ComparisonOperator = "GreaterThanThreshold"
	}
	if x.TreatMissingData == "" {
		x.TreatMissingData = "missing"
	}
	if x.StateValue == "" {
		x.StateValue = "OK"
	}
	b.s.Alarms = append(b.s.Alarms, x)
}
