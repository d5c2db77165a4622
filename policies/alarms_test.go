package policies

import (
	"context"
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/inventory"
)

// TestAlarmRulesEndToEnd resolves a small account and judges it with the alarm and monitoring
// rules, so that resolution, the engine's collection-error handling and the Rego agree.
func TestAlarmRulesEndToEnd(t *testing.T) {
	const (
		acct   = "111122223333"
		region = "us-east-1"
		topic  = "arn:aws:sns:us-east-1:111122223333:ops"
		other  = "eu-west-1"
	)
	collected := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	meta := func(typ, id, name, reg string) inventory.Meta {
		return inventory.Meta{ID: id, ARN: id, Type: typ, Name: name, AccountID: acct, Region: reg}
	}
	threshold := func(v float64) *float64 { return &v }
	alarm := func(name, reg, metric string, dims []inventory.Dimension, mutate ...func(*inventory.Alarm)) inventory.Alarm {
		a := inventory.Alarm{
			Meta:      meta(inventory.TypeAlarm, "arn:aws:cloudwatch:"+reg+":"+acct+":alarm:"+name, name, reg),
			Namespace: "AWS/S3", MetricName: metric, Dimensions: dims, Statistic: "Average",
			Period: 60, EvaluationPeriods: 15, DatapointsToAlarm: 15, Threshold: threshold(0.05),
			ComparisonOperator: "GreaterThanThreshold", TreatMissingData: "notBreaching",
			ActionsEnabled: true, AlarmActions: []string{topic}, StateValue: "OK",
		}
		for _, m := range mutate {
			m(&a)
		}
		return a
	}
	bucketDims := func(b string) []inventory.Dimension {
		return []inventory.Dimension{{Name: "BucketName", Value: b}, {Name: "FilterId", Value: "EntireBucket"}}
	}
	s := &inventory.Snapshot{
		CollectedAt: collected,
		Accounts:    []inventory.Account{{Meta: inventory.Meta{ID: acct, Type: inventory.TypeAccount, AccountID: acct}, Regions: []string{region, other}}},
		SNSTopics: []inventory.SNSTopic{{Meta: meta(inventory.TypeSNSTopic, topic, "ops", region),
			Subscriptions: []inventory.Subscription{{ARN: topic + ":1", Protocol: "email"}}}},
		S3Buckets: []inventory.S3Bucket{
			{Meta: meta(inventory.TypeS3Bucket, "arn:aws:s3:::watched", "watched", region), MetricsConfigurations: []string{"EntireBucket"}},
			// S3 publishes request metrics only for a metrics configuration: without one, no
			// alarm on them watches the bucket.
			{Meta: meta(inventory.TypeS3Bucket, "arn:aws:s3:::half", "half", region), MetricsConfigurations: []string{"EntireBucket"}},
			{Meta: meta(inventory.TypeS3Bucket, "arn:aws:s3:::unmetered", "unmetered", region)},
			{Meta: meta(inventory.TypeS3Bucket, "arn:aws:s3:::elsewhere", "elsewhere", other)},
		},
		Alarms: []inventory.Alarm{
			alarm("watched-4xx", region, "4xxErrors", bucketDims("watched")),
			alarm("watched-5xx", region, "5xxErrors", bucketDims("watched")),
			alarm("half-5xx", region, "5xxErrors", bucketDims("half"), func(a *inventory.Alarm) { a.ActionsEnabled = false }),
			alarm("gone-5xx", region, "5xxErrors", bucketDims("gone")),
			alarm("unmetered-5xx", region, "5xxErrors", bucketDims("unmetered")),
			alarm("planned", region, "5xxErrors", bucketDims("half"), func(a *inventory.Alarm) {
				a.ID = "aws_cloudwatch_metric_alarm.planned"
				a.UnknownFields = []string{"actions_enabled", "alarm_actions"}
				a.Source = &inventory.SourceRef{Address: a.ID}
			}),
		},
		DynamoDBTables: []inventory.DynamoDBTable{{Meta: meta(inventory.TypeDynamoDBTable, "arn:aws:dynamodb:eu-west-1:111122223333:table/t", "t", other),
			ContributorInsights: "DISABLED"}},
		// The alarms of the other region could not be listed.
		Errors: []inventory.CollectionError{{Source: inventory.SourceAWS, AccountID: acct, Region: other, Service: "cloudwatch",
			Operation: "cloudwatch:DescribeAlarms", Code: "AccessDenied"}},
	}
	findings := judgeBuiltin(t, s)
	got := map[string]Status{}
	for _, f := range findings {
		got[f.RuleID+" "+f.Resource.Name] = f.Status
	}
	want := map[string]Status{
		"SW-MA-01 watched":     StatusPass,
		"SW-MA-01 half":        StatusFail,
		"SW-MA-01 elsewhere":   StatusUnknown,
		"SW-MA-02 watched":     StatusPass,
		"SW-MA-04 watched":     StatusPass,
		"SW-MA-04 half":        StatusFail,
		"SW-MON-06 watched":    StatusPass,
		"SW-MON-06 half":       StatusPass,
		"SW-MON-06 unmetered":  StatusFail,
		"SW-MA-01 unmetered":   StatusFail,
		"SW-AH-02 half-5xx":    StatusFail,
		"SW-AH-02 gone-5xx":    StatusPass,
		"SW-AH-04 gone-5xx":    StatusPass,
		"SW-AH-05 gone-5xx":    StatusFail,
		"SW-AH-05 watched-4xx": StatusPass,
		"SW-AH-06 watched":     StatusFail,
		"SW-MA-02 half":        StatusPass,
		// The engine turns unknown plan values and failed listings into unknown verdicts.
		"SW-AH-01 planned":  StatusUnknown,
		"SW-AH-02 planned":  StatusUnknown,
		"SW-MA-03 " + other: StatusUnknown,
		"SW-MON-05 t":       StatusFail,
	}
	for k, w := range want {
		if g, ok := got[k]; !ok || g != w {
			t.Errorf("%s: got %q, want %q", k, g, w)
		}
	}
	// A store no alarm watches is not judged by the rules about its alarms' quality; but
	// where the alarms could not be listed, whether one watches it is undecided, and so is
	// whether those rules apply.
	for _, k := range []string{"SW-MA-02 elsewhere", "SW-MA-04 elsewhere", "SW-AH-06 elsewhere"} {
		if g := got[k]; g != StatusUnknown {
			t.Errorf("%s: got %q, want unknown: the alarms of its region could not be listed", k, g)
		}
	}
	var msgs []string
	for _, f := range findings {
		if f.RuleID == "SW-MA-01" && f.Resource.Name == "half" {
			msgs = append(msgs, f.Message)
		}
	}
	if d := cmp.Diff([]string{"half has no alarm on 4xxErrors (recommended for S3 buckets)"}, msgs); d != "" {
		t.Errorf("SW-MA-01 message (-want +got):\n%s", d)
	}
}

// TestCrossAccountAlarmRulesEndToEnd judges stores watched from a monitoring account: a
// metric-math alarm whose query names another account (MetricDataQuery.AccountId) watches
// that account's store, not the monitoring account's namesake, and one whose account a plan
// leaves unknown decides nothing.
func TestCrossAccountAlarmRulesEndToEnd(t *testing.T) {
	const (
		monitoring = "111122223333"
		source     = "444455556666"
		region     = "us-east-1"
		topic      = "arn:aws:sns:us-east-1:111122223333:ops"
	)
	threshold := func(v float64) *float64 { return &v }
	bucket := func(account, name string) inventory.S3Bucket {
		id := "arn:aws:s3:::" + name
		return inventory.S3Bucket{Meta: inventory.Meta{ID: id, ARN: id, Type: inventory.TypeS3Bucket, Name: name, AccountID: account, Region: region},
			MetricsConfigurations: []string{"EntireBucket"}}
	}
	// alarm is a monitoring-account alarm whose one query reads metric of bucket b in the
	// query's account.
	alarm := func(name, metric, b string, query func(*inventory.MetricQuery)) inventory.Alarm {
		id := "arn:aws:cloudwatch:us-east-1:" + monitoring + ":alarm:" + name
		q := inventory.MetricQuery{ID: "m1", ReturnData: true, MetricStat: &inventory.MetricStat{Namespace: "AWS/S3", MetricName: metric,
			Stat: "Average", Period: 60, Dimensions: []inventory.Dimension{{Name: "BucketName", Value: b}, {Name: "FilterId", Value: "EntireBucket"}}}}
		query(&q)
		return inventory.Alarm{
			Meta:              inventory.Meta{ID: id, ARN: id, Type: inventory.TypeAlarm, Name: name, AccountID: monitoring, Region: region},
			Metrics:           []inventory.MetricQuery{q},
			EvaluationPeriods: 15, DatapointsToAlarm: 15, Threshold: threshold(0.05),
			ComparisonOperator: "GreaterThanThreshold", TreatMissingData: "notBreaching",
			ActionsEnabled: true, AlarmActions: []string{topic}, StateValue: "OK",
		}
	}
	inSource := func(q *inventory.MetricQuery) { q.AccountID = source }
	unknownAccount := func(q *inventory.MetricQuery) { q.AccountUnknown = true }
	s := &inventory.Snapshot{
		CollectedAt: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC),
		Accounts: []inventory.Account{
			{Meta: inventory.Meta{ID: monitoring, Type: inventory.TypeAccount, AccountID: monitoring}, Regions: []string{region}},
			{Meta: inventory.Meta{ID: source, Type: inventory.TypeAccount, AccountID: source}, Regions: []string{region}},
		},
		SNSTopics: []inventory.SNSTopic{{Meta: inventory.Meta{ID: topic, ARN: topic, Type: inventory.TypeSNSTopic, Name: "ops", AccountID: monitoring, Region: region},
			Subscriptions: []inventory.Subscription{{ARN: topic + ":1", Protocol: "email"}}}},
		S3Buckets: []inventory.S3Bucket{bucket(source, "remote"), bucket(monitoring, "local"), bucket(monitoring, "planned")},
		Alarms: []inventory.Alarm{
			alarm("remote-4xx", "4xxErrors", "remote", inSource),
			alarm("remote-5xx", "5xxErrors", "remote", inSource),
			// These read the source account's metrics of a bucket named "local": they do
			// not watch the monitoring account's bucket.
			alarm("local-4xx", "4xxErrors", "local", inSource),
			alarm("local-5xx", "5xxErrors", "local", inSource),
			alarm("planned-4xx", "4xxErrors", "planned", unknownAccount),
			alarm("planned-5xx", "5xxErrors", "planned", unknownAccount),
		},
	}
	got := map[string]Status{}
	for _, f := range judgeBuiltin(t, s) {
		got[f.RuleID+" "+f.Resource.Name] = f.Status
	}
	for k, w := range map[string]Status{
		"SW-MA-01 remote":  StatusPass,
		"SW-MA-04 remote":  StatusPass,
		"SW-MA-01 local":   StatusFail,
		"SW-MA-01 planned": StatusUnknown,
	} {
		if g := got[k]; g != w {
			t.Errorf("%s: got %q, want %q", k, g, w)
		}
	}
}

// TestCrossAccountAlarmsUnlisted judges a source account's stores when the alarms of
// another account of the snapshot could not be listed in their region. When that account is
// known to read other accounts' metrics (a monitoring account: one of its alarms elsewhere
// has a query naming another account), its cross-account alarms may read theirs: a verdict
// that rests on an alarm being absent is unknown, one that rests on alarms that were found
// stands, and a region where every account's alarms were listed is judged as before. When
// nothing shows that it reads other accounts' metrics (an account of an organisation that
// could not be entered, say), its failure leaves the source account's stores judged.
func TestCrossAccountAlarmsUnlisted(t *testing.T) {
	const (
		monitoring = "111122223333"
		source     = "444455556666"
		region     = "us-east-1"
		other      = "eu-west-1"
		topic      = "arn:aws:sns:us-east-1:444455556666:ops"
	)
	threshold := func(v float64) *float64 { return &v }
	meta := func(typ, id, name, reg string) inventory.Meta {
		return inventory.Meta{ID: id, ARN: id, Type: typ, Name: name, AccountID: source, Region: reg}
	}
	bucket := func(name, reg string) inventory.S3Bucket {
		return inventory.S3Bucket{Meta: meta(inventory.TypeS3Bucket, "arn:aws:s3:::"+name, name, reg), MetricsConfigurations: []string{"EntireBucket"}}
	}
	// alarm is the source account's own alarm on metric of bucket b.
	alarm := func(name, metric, b string, mutate ...func(*inventory.Alarm)) inventory.Alarm {
		a := inventory.Alarm{
			Meta:      meta(inventory.TypeAlarm, "arn:aws:cloudwatch:us-east-1:"+source+":alarm:"+name, name, region),
			Namespace: "AWS/S3", MetricName: metric, Statistic: "Average",
			Dimensions: []inventory.Dimension{{Name: "BucketName", Value: b}, {Name: "FilterId", Value: "EntireBucket"}},
			Period:     60, EvaluationPeriods: 15, DatapointsToAlarm: 15, Threshold: threshold(0.05),
			ComparisonOperator: "GreaterThanThreshold", TreatMissingData: "notBreaching",
			ActionsEnabled: true, AlarmActions: []string{topic}, StateValue: "OK",
		}
		for _, m := range mutate {
			m(&a)
		}
		return a
	}
	// crossAccount is the monitoring account's alarm in eu-west-1 that reads the source
	// account's metric of bucket bare-elsewhere: it shows that the monitoring account holds
	// cross-account alarms.
	crossAccount := alarm("elsewhere-4xx", "4xxErrors", "bare-elsewhere", func(a *inventory.Alarm) {
		a.ID = "arn:aws:cloudwatch:eu-west-1:" + monitoring + ":alarm:elsewhere-4xx"
		a.ARN, a.AccountID, a.Region = a.ID, monitoring, other
		a.Metrics = []inventory.MetricQuery{{ID: "m1", ReturnData: true, AccountID: source, MetricStat: &inventory.MetricStat{
			Namespace: a.Namespace, MetricName: a.MetricName, Stat: a.Statistic, Period: a.Period, Dimensions: a.Dimensions}}}
		a.Namespace, a.MetricName, a.Statistic, a.Dimensions = "", "", "", nil
		a.AlarmActions = nil
	})
	account := func(id string) inventory.Account {
		return inventory.Account{Meta: inventory.Meta{ID: id, Type: inventory.TypeAccount, AccountID: id}, Regions: []string{region, other}}
	}
	// listingFailed is the monitoring account's DescribeAlarms failing in reg ("" for every
	// region) with code.
	listingFailed := func(reg, code string) inventory.CollectionError {
		return inventory.CollectionError{Source: inventory.SourceAWS, AccountID: monitoring, Region: reg, Service: "cloudwatch",
			Operation: "cloudwatch:DescribeAlarms", Code: code, Message: "not authorized"}
	}
	snapshot := func(errors []inventory.CollectionError, more ...inventory.Alarm) *inventory.Snapshot {
		return &inventory.Snapshot{
			CollectedAt: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC),
			Accounts:    []inventory.Account{account(monitoring), account(source)},
			SNSTopics: []inventory.SNSTopic{{Meta: meta(inventory.TypeSNSTopic, topic, "ops", region),
				Subscriptions: []inventory.Subscription{{ARN: topic + ":1", Protocol: "email"}}}},
			S3Buckets: []inventory.S3Bucket{
				bucket("bare", region), bucket("covered", region), bucket("half", region),
				bucket("loose", region), bucket("deaf", region), bucket("bare-elsewhere", other),
			},
			DynamoDBTables: []inventory.DynamoDBTable{{Meta: meta(inventory.TypeDynamoDBTable,
				"arn:aws:dynamodb:us-east-1:"+source+":table/t", "t", region), ContributorInsights: "ENABLED"}},
			Alarms: append([]inventory.Alarm{
				alarm("covered-4xx", "4xxErrors", "covered"),
				alarm("covered-5xx", "5xxErrors", "covered"),
				alarm("half-5xx", "5xxErrors", "half"),
				alarm("loose-4xx", "4xxErrors", "loose", func(a *inventory.Alarm) { a.Threshold = threshold(50) }),
				alarm("loose-5xx", "5xxErrors", "loose", func(a *inventory.Alarm) { a.Threshold = threshold(50) }),
				alarm("deaf-4xx", "4xxErrors", "deaf", func(a *inventory.Alarm) { a.ActionsEnabled = false }),
				alarm("deaf-5xx", "5xxErrors", "deaf"),
			}, more...),
			Errors: errors,
		}
	}
	// judged is what holds whatever the monitoring account's failure: alarms that were found
	// decide, and where every account's alarms were listed nothing changes.
	judged := map[string]Status{
		"SW-MA-01 covered":        StatusPass,
		"SW-MA-02 covered":        StatusPass,
		"SW-MA-04 deaf":           StatusFail,
		"SW-MA-01 bare-elsewhere": StatusFail,
	}
	// absent are the verdicts that rest on an alarm being absent.
	absent := []string{
		"SW-MA-01 bare", "SW-MA-01 half", // a required metric without an alarm
		"SW-MA-02 loose",     // no alarm found has the recommended settings
		"SW-AH-06 covered",   // no alarm found runs automation
		"SW-MA-03 " + region, // a capacity metric without an alarm
	}
	// absentOK are the verdicts that pass on an alarm being absent: no alarm watching the
	// store reaches no one.
	absentOK := []string{"SW-MA-04 covered"}
	tests := []struct {
		name   string
		s      *inventory.Snapshot
		absent Status
		// msg is the message of SW-MA-01 on bucket bare.
		msg string
	}{
		{
			// Any of the monitoring account's alarms of us-east-1 may read the source
			// account's metrics there (MetricDataQuery.AccountId).
			name:   "monitoring account's alarms not listed",
			s:      snapshot([]inventory.CollectionError{listingFailed(region, "AccessDenied")}, crossAccount),
			absent: StatusUnknown,
			msg:    "bare has no known alarm on 4xxErrors, 5xxErrors, but the alarms of account 111122223333 in us-east-1 could not be listed, and a cross-account alarm among them may read its metrics",
		},
		{
			name:   "alarms not listed of an account not known to read other accounts' metrics",
			s:      snapshot([]inventory.CollectionError{listingFailed(region, "AccessDenied")}),
			absent: StatusFail,
			msg:    "bare has no alarm on 4xxErrors, 5xxErrors (recommended for S3 buckets)",
		},
		{
			// An organisation scan keeps an account it could not enter, with an error for
			// every operation: its alarms show nothing either way.
			name:   "account not entered",
			s:      snapshot([]inventory.CollectionError{listingFailed("", inventory.CodeAccountUnreachable)}),
			absent: StatusFail,
			msg:    "bare has no alarm on 4xxErrors, 5xxErrors (recommended for S3 buckets)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			findings := judgeBuiltin(t, tt.s)
			got := map[string]Status{}
			msgs := map[string]string{}
			for _, f := range findings {
				got[f.RuleID+" "+f.Resource.Name] = f.Status
				msgs[f.RuleID+" "+f.Resource.Name] = f.Message
			}
			want := maps.Clone(judged)
			for _, k := range absent {
				want[k] = tt.absent
			}
			for _, k := range absentOK {
				want[k] = StatusPass
				if tt.absent == StatusUnknown {
					want[k] = StatusUnknown
				}
			}
			for k, w := range want {
				if g, ok := got[k]; !ok || g != w {
					t.Errorf("%s: got %q, want %q (%s)", k, g, w, msgs[k])
				}
			}
			if g := msgs["SW-MA-01 bare"]; g != tt.msg {
				t.Errorf("SW-MA-01 bare message:\n got %s\nwant %s", g, tt.msg)
			}
			// The monitoring account's failed listing is reported there, whether or not it
			// reaches the source account's stores.
			reported := false
			for _, f := range findings {
				for _, e := range f.Errors {
					reported = reported || (f.Status == StatusUnknown && f.Resource.AccountID == monitoring &&
						e.AccountID == monitoring && e.Operation == "cloudwatch:DescribeAlarms")
				}
			}
			if !reported {
				t.Error("no unknown finding on the monitoring account names its failed DescribeAlarms")
			}
		})
	}
}

// BenchmarkAlarmRules judges 20,000 RDS instances and 20,000 buckets, each watched by three
// alarms (60,000 alarms), with every built-in rule.
func BenchmarkAlarmRules(b *testing.B) {
	const acct, region = "111122223333", "us-east-1"
	topic := "arn:aws:sns:us-east-1:111122223333:ops"
	v := 90.0
	s := &inventory.Snapshot{
		CollectedAt: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC),
		Accounts:    []inventory.Account{{Meta: inventory.Meta{ID: acct, Type: inventory.TypeAccount, AccountID: acct}, Regions: []string{region}}},
		SNSTopics: []inventory.SNSTopic{{Meta: inventory.Meta{ID: topic, ARN: topic, Type: inventory.TypeSNSTopic, AccountID: acct, Region: region},
			Subscriptions: []inventory.Subscription{{ARN: topic + ":1"}}}},
	}
	for i := range 20_000 {
		name := fmt.Sprintf("db-%d", i)
		s.DBInstances = append(s.DBInstances, inventory.DBInstance{Meta: inventory.Meta{ID: "arn:aws:rds:us-east-1:111122223333:db:" + name,
			Type: inventory.TypeDBInstance, Name: name, AccountID: acct, Region: region}, Engine: "postgres"})
		bucket := fmt.Sprintf("bucket-%d", i)
		s.S3Buckets = append(s.S3Buckets, inventory.S3Bucket{Meta: inventory.Meta{ID: "arn:aws:s3:::" + bucket,
			Type: inventory.TypeS3Bucket, Name: bucket, AccountID: acct, Region: region}})
		for j, m := range []string{"CPUUtilization", "FreeStorageSpace", "ReadLatency"} {
			alarmName := fmt.Sprintf("%s-%d", name, j)
			s.Alarms = append(s.Alarms, inventory.Alarm{
				Meta:      inventory.Meta{ID: "arn:aws:cloudwatch:us-east-1:111122223333:alarm:" + alarmName, Type: inventory.TypeAlarm, Name: alarmName, AccountID: acct, Region: region},
				Namespace: "AWS/RDS", MetricName: m, Dimensions: []inventory.Dimension{{Name: "DBInstanceIdentifier", Value: name}},
				Statistic: "Average", Period: 60, EvaluationPeriods: 5, Threshold: &v, ComparisonOperator: "GreaterThanThreshold",
				ActionsEnabled: true, AlarmActions: []string{topic},
			})
		}
	}
	inventory.Resolve(s)
	eng, err := Load(context.Background(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := eng.Evaluate(context.Background(), s); err != nil {
			b.Fatal(err)
		}
	}
}
