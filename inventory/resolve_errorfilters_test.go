package inventory

import (
	"fmt"
	"reflect"
	"testing"
)

func TestResolveErrorFilters(t *testing.T) {
	const (
		group  = "/aws/rds/instance/orders/postgresql"
		alarm  = "arn:aws:cloudwatch:us-east-1:111122223333:alarm:orders-errors"
		alarm2 = "arn:aws:cloudwatch:us-east-1:111122223333:alarm:orders-errors-2"
	)
	filter := func(name, pattern string) MetricFilter {
		return MetricFilter{Name: name, Pattern: pattern,
			Transformations: []MetricTransformation{{MetricName: name, MetricNamespace: "Orders", MetricValue: "1"}}}
	}
	alarmOn := func(id, metric, effective string) Alarm {
		return Alarm{Meta: Meta{ID: id, Type: TypeAlarm, AccountID: mfAccount, Region: mfRegion},
			Namespace: "Orders", MetricName: metric, Posture: AlarmPosture{Effective: effective}}
	}
	// monitor is an alarm of the monitoring account 999988887777, in another region, that
	// reads another account's metric: the account is known to hold cross-account alarms.
	monitor := Alarm{Meta: Meta{ID: "arn:aws:cloudwatch:eu-west-1:999988887777:alarm:source-errors", Type: TypeAlarm, AccountID: "999988887777", Region: "eu-west-1"},
		Metrics: []MetricQuery{{ID: "m1", AccountID: "555566667777", MetricStat: &MetricStat{Namespace: "Orders", MetricName: "errors"}}, {ID: "e1", Expression: "m1 * 2"}}}
	tests := []struct {
		name    string
		filters []MetricFilter
		alarms  []Alarm
		// failed is the account, and failedRegion the region (mfRegion when empty), whose
		// alarms could not be listed; errors are more collection errors.
		failed, failedRegion string
		errors               []CollectionError
		want                 []ErrorFilterLink
	}{
		{
			name:    "effective alarm on an error filter",
			filters: []MetricFilter{filter("errors", "?ERROR ?FATAL")},
			alarms:  []Alarm{alarmOn(alarm, "errors", StatusYes)},
			want:    []ErrorFilterLink{{Filter: "errors", Catches: []string{"error"}, Metric: "errors", Namespace: "Orders", Alarmed: StatusYes, Alarms: []string{alarm}}},
		},
		{
			name:    "one effective alarm among several is enough",
			filters: []MetricFilter{filter("errors", "ERROR")},
			alarms:  []Alarm{alarmOn(alarm, "errors", StatusNo), alarmOn(alarm2, "errors", StatusYes)},
			want:    []ErrorFilterLink{{Filter: "errors", Catches: []string{"error"}, Metric: "errors", Namespace: "Orders", Alarmed: StatusYes, Alarms: []string{alarm, alarm2}}},
		},
		{
			name:    "ineffective alarm",
			filters: []MetricFilter{filter("oom", `"out of memory"`)},
			alarms:  []Alarm{alarmOn(alarm, "oom", StatusNo)},
			want:    []ErrorFilterLink{{Filter: "oom", Catches: []string{"out_of_memory"}, Metric: "oom", Namespace: "Orders", Alarmed: StatusNo, Alarms: []string{alarm}}},
		},
		{
			name:    "alarm whose effectiveness is unknown",
			filters: []MetricFilter{filter("auth", `"password authentication failed"`)},
			alarms:  []Alarm{alarmOn(alarm, "auth", StatusUnknown)},
			want:    []ErrorFilterLink{{Filter: "auth", Catches: []string{"auth_failure"}, Metric: "auth", Namespace: "Orders", Alarmed: StatusUnknown, Alarms: []string{alarm}}},
		},
		{
			name:    "no alarm",
			filters: []MetricFilter{filter("errors", "ERROR")},
			want:    []ErrorFilterLink{{Filter: "errors", Catches: []string{"error"}, Metric: "errors", Namespace: "Orders", Alarmed: StatusNo, Alarms: []string{}}},
		},
		{
			name:    "no alarm found because the alarms could not be listed",
			filters: []MetricFilter{filter("errors", "ERROR")},
			failed:  mfAccount,
			want:    []ErrorFilterLink{{Filter: "errors", Catches: []string{"error"}, Metric: "errors", Namespace: "Orders", Alarmed: StatusUnknown, Alarms: []string{}}},
		},
		{
			// A monitoring account's cross-account alarm may read the filter's metric.
			name:    "no alarm found because a monitoring account's alarms could not be listed",
			filters: []MetricFilter{filter("errors", "ERROR")},
			alarms:  []Alarm{monitor},
			failed:  "999988887777",
			want:    []ErrorFilterLink{{Filter: "errors", Catches: []string{"error"}, Metric: "errors", Namespace: "Orders", Alarmed: StatusUnknown, Alarms: []string{}}},
		},
		{
			name:    "ineffective alarm, and a monitoring account's alarms could not be listed",
			filters: []MetricFilter{filter("oom", `"out of memory"`)},
			alarms:  []Alarm{alarmOn(alarm, "oom", StatusNo), monitor},
			failed:  "999988887777",
			want:    []ErrorFilterLink{{Filter: "oom", Catches: []string{"out_of_memory"}, Metric: "oom", Namespace: "Orders", Alarmed: StatusUnknown, Alarms: []string{alarm}}},
		},
		{
			name:    "effective alarm found although a monitoring account's alarms could not be listed",
			filters: []MetricFilter{filter("errors", "ERROR")},
			alarms:  []Alarm{alarmOn(alarm, "errors", StatusYes), monitor},
			failed:  "999988887777",
			want:    []ErrorFilterLink{{Filter: "errors", Catches: []string{"error"}, Metric: "errors", Namespace: "Orders", Alarmed: StatusYes, Alarms: []string{alarm}}},
		},
		{
			name:         "a monitoring account's alarms of another region could not be listed",
			filters:      []MetricFilter{filter("errors", "ERROR")},
			alarms:       []Alarm{monitor},
			failed:       "999988887777",
			failedRegion: "eu-west-1",
			want:         []ErrorFilterLink{{Filter: "errors", Catches: []string{"error"}, Metric: "errors", Namespace: "Orders", Alarmed: StatusNo, Alarms: []string{}}},
		},
		{
			// Nothing shows that the account reads other accounts' metrics: its failure does
			// not reach the group's account.
			name:    "another account's alarms could not be listed, none known to read other accounts",
			filters: []MetricFilter{filter("errors", "ERROR")},
			failed:  "999988887777",
			want:    []ErrorFilterLink{{Filter: "errors", Catches: []string{"error"}, Metric: "errors", Namespace: "Orders", Alarmed: StatusNo, Alarms: []string{}}},
		},
		{
			name:    "another account could not be entered",
			filters: []MetricFilter{filter("errors", "ERROR")},
			errors: []CollectionError{{Source: SourceAWS, AccountID: "999988887777", Service: "cloudwatch", Operation: opDescribeAlarms,
				Code: CodeAccountUnreachable}},
			want: []ErrorFilterLink{{Filter: "errors", Catches: []string{"error"}, Metric: "errors", Namespace: "Orders", Alarmed: StatusNo, Alarms: []string{}}},
		},
		{
			name:    "metric-math alarm reading the metric counts",
			filters: []MetricFilter{filter("errors", "ERROR")},
			alarms: []Alarm{{Meta: Meta{ID: alarm, Type: TypeAlarm, AccountID: mfAccount, Region: mfRegion},
				Metrics: []MetricQuery{{ID: "m1", MetricStat: &MetricStat{Namespace: "Orders", MetricName: "errors"}}, {ID: "e1", Expression: "m1 * 2"}},
				Posture: AlarmPosture{Effective: StatusYes}}},
			want: []ErrorFilterLink{{Filter: "errors", Catches: []string{"error"}, Metric: "errors", Namespace: "Orders", Alarmed: StatusYes, Alarms: []string{alarm}}},
		},
		{
			// A monitoring account's alarm reads the filter's metric in the group's account.
			name:    "cross-account metric-math alarm reading the metric counts",
			filters: []MetricFilter{filter("errors", "ERROR")},
			alarms: []Alarm{{Meta: Meta{ID: alarm, Type: TypeAlarm, AccountID: "999988887777", Region: mfRegion},
				Metrics: []MetricQuery{{ID: "m1", AccountID: mfAccount, MetricStat: &MetricStat{Namespace: "Orders", MetricName: "errors"}}, {ID: "e1", Expression: "m1 * 2"}},
				Posture: AlarmPosture{Effective: StatusYes}}},
			want: []ErrorFilterLink{{Filter: "errors", Catches: []string{"error"}, Metric: "errors", Namespace: "Orders", Alarmed: StatusYes, Alarms: []string{alarm}}},
		},
		{
			// The alarm is in the group's account but reads a namesake metric of another.
			name:    "metric-math alarm reading another account's metric does not count",
			filters: []MetricFilter{filter("errors", "ERROR")},
			alarms: []Alarm{{Meta: Meta{ID: alarm, Type: TypeAlarm, AccountID: mfAccount, Region: mfRegion},
				Metrics: []MetricQuery{{ID: "m1", AccountID: "999988887777", MetricStat: &MetricStat{Namespace: "Orders", MetricName: "errors"}}, {ID: "e1", Expression: "m1 * 2"}},
				Posture: AlarmPosture{Effective: StatusYes}}},
			want: []ErrorFilterLink{{Filter: "errors", Catches: []string{"error"}, Metric: "errors", Namespace: "Orders", Alarmed: StatusNo, Alarms: []string{}}},
		},
		{
			name:    "metric-math alarm whose query account is unknown until apply might count",
			filters: []MetricFilter{filter("errors", "ERROR")},
			alarms: []Alarm{{Meta: Meta{ID: alarm, Type: TypeAlarm, AccountID: mfAccount, Region: mfRegion},
				Metrics: []MetricQuery{{ID: "m1", AccountUnknown: true, MetricStat: &MetricStat{Namespace: "Orders", MetricName: "errors"}}, {ID: "e1", Expression: "m1 * 2"}},
				Posture: AlarmPosture{Effective: StatusYes}}},
			want: []ErrorFilterLink{{Filter: "errors", Catches: []string{"error"}, Metric: "errors", Namespace: "Orders", Alarmed: StatusUnknown, Alarms: []string{}}},
		},
		{
			// A dynamic metric_query block over a collection known only after apply.
			name:    "metric-math alarm whose queries are unknown until apply might count",
			filters: []MetricFilter{filter("errors", "ERROR")},
			alarms: []Alarm{{Meta: Meta{ID: alarm, Type: TypeAlarm, AccountID: mfAccount, Region: mfRegion, UnknownFields: []string{"metrics"}},
				MetricsUnknown: true, Posture: AlarmPosture{Effective: StatusYes}}},
			want: []ErrorFilterLink{{Filter: "errors", Catches: []string{"error"}, Metric: "errors", Namespace: "Orders", Alarmed: StatusUnknown, Alarms: []string{}}},
		},
		{
			name:    "alarm whose metric name is unknown until apply might count",
			filters: []MetricFilter{filter("errors", "ERROR")},
			alarms: []Alarm{func() Alarm {
				a := alarmOn(alarm, "", StatusYes)
				a.UnknownFields = []string{"metric_name"}
				return a
			}()},
			want: []ErrorFilterLink{{Filter: "errors", Catches: []string{"error"}, Metric: "errors", Namespace: "Orders", Alarmed: StatusUnknown, Alarms: []string{}}},
		},
		{
			// What the plan knows rules the filter's metric out.
			name:    "alarm whose metric name is unknown in another namespace does not count",
			filters: []MetricFilter{filter("errors", "ERROR")},
			alarms: []Alarm{func() Alarm {
				a := alarmOn(alarm, "", StatusYes)
				a.Namespace, a.UnknownFields = "Billing", []string{"metric_name"}
				return a
			}()},
			want: []ErrorFilterLink{{Filter: "errors", Catches: []string{"error"}, Metric: "errors", Namespace: "Orders", Alarmed: StatusNo, Alarms: []string{}}},
		},
		{
			name:    "alarm in another region does not count",
			filters: []MetricFilter{filter("errors", "ERROR")},
			alarms:  []Alarm{func() Alarm { a := alarmOn(alarm, "errors", StatusYes); a.Region = "eu-west-1"; return a }()},
			want:    []ErrorFilterLink{{Filter: "errors", Catches: []string{"error"}, Metric: "errors", Namespace: "Orders", Alarmed: StatusNo, Alarms: []string{}}},
		},
		{
			name:    "filters that catch nothing are left out, the rest sorted",
			filters: []MetricFilter{filter("z-errors", "Exception"), filter("latency", `{ $.latency > 500 }`), filter("a-oom", "OOM")},
			want: []ErrorFilterLink{
				{Filter: "a-oom", Catches: []string{"out_of_memory"}, Metric: "a-oom", Namespace: "Orders", Alarmed: StatusNo, Alarms: []string{}},
				{Filter: "z-errors", Catches: []string{"error"}, Metric: "z-errors", Namespace: "Orders", Alarmed: StatusNo, Alarms: []string{}},
			},
		},
		{
			name:    "filter without a metric",
			filters: []MetricFilter{{Name: "errors", Pattern: "ERROR"}},
			want:    []ErrorFilterLink{{Filter: "errors", Catches: []string{"error"}, Alarmed: StatusNo}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Snapshot{
				Accounts:  []Account{{Meta: Meta{ID: mfAccount, Type: TypeAccount, AccountID: mfAccount}, Regions: []string{mfRegion}}},
				LogGroups: []LogGroup{{Meta: Meta{ID: group, Type: TypeLogGroup, Name: group, AccountID: mfAccount, Region: mfRegion}, MetricFilters: tt.filters}},
				Alarms:    tt.alarms,
			}
			if tt.failed != "" {
				mfFailed(s, tt.failed, cmpOr(tt.failedRegion, mfRegion), opDescribeAlarms)
			}
			s.Errors = append(s.Errors, tt.errors...)
			// A previous posture is replaced, not added to.
			s.LogGroups[0].Posture.ErrorFilters = []ErrorFilterLink{{Filter: "stale"}}
			resolveErrorFilters(s, newIndex(s))
			if got := s.LogGroups[0].Posture.ErrorFilters; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("error filters:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// BenchmarkResolveErrorFilters resolves 100,000 log groups, each with an error filter and a
// latency filter drawn from a few patterns, and an alarm on every error metric.
func BenchmarkResolveErrorFilters(b *testing.B) {
	patterns := []string{"ERROR", "?ERROR ?FATAL", `"out of memory"`, `{ $.level = "error" }`, `"password authentication failed"`}
	s := &Snapshot{Accounts: []Account{{Meta: Meta{ID: mfAccount, Type: TypeAccount, AccountID: mfAccount}}}}
	for i := range 100_000 {
		name := fmt.Sprintf("/aws/rds/instance/db-%d/postgresql", i)
		s.LogGroups = append(s.LogGroups, LogGroup{
			Meta: Meta{ID: name, Type: TypeLogGroup, Name: name, AccountID: mfAccount, Region: mfRegion},
			MetricFilters: []MetricFilter{
				{Name: "errors", Pattern: patterns[i%len(patterns)], Transformations: []MetricTransformation{{MetricName: name, MetricNamespace: "DB"}}},
				{Name: "latency", Pattern: `{ $.latency > 500 }`, Transformations: []MetricTransformation{{MetricName: name + "/latency", MetricNamespace: "DB"}}},
			},
		})
		s.Alarms = append(s.Alarms, Alarm{Meta: Meta{ID: name + "/alarm", Type: TypeAlarm, AccountID: mfAccount, Region: mfRegion},
			Namespace: "DB", MetricName: name, Posture: AlarmPosture{Effective: StatusYes}})
	}
	ix := newIndex(s)
	b.ResetTimer()
	for b.Loop() {
		resolveErrorFilters(s, ix)
	}
}

// BenchmarkResolveMetricFilterControls resolves 1,000 accounts, each with its own trail,
// log group, 19 filters and 19 alarms.
func BenchmarkResolveMetricFilterControls(b *testing.B) {
	s := &Snapshot{}
	for i := range 1000 {
		one := mfSnapshot()
		acct := fmt.Sprintf("%012d", i)
		one.Accounts[0].ID, one.Accounts[0].AccountID = acct, acct
		one.Trails[0].ID, one.Trails[0].AccountID = one.Trails[0].ID+acct, acct
		one.Trails[0].CloudWatchLogsLogGroupARN = mfGroupARN(acct, mfGroup)
		one.LogGroups[0].ID, one.LogGroups[0].AccountID = mfGroupARN(acct, mfGroup), acct
		for j := range one.Alarms {
			one.Alarms[j].ID, one.Alarms[j].AccountID = one.Alarms[j].ID+acct, acct
		}
		s.Accounts = append(s.Accounts, one.Accounts...)
		s.Trails = append(s.Trails, one.Trails...)
		s.LogGroups = append(s.LogGroups, one.LogGroups...)
		s.Alarms = append(s.Alarms, one.Alarms...)
	}
	ix := newIndex(s)
	b.ResetTimer()
	for b.Loop() {
		resolveMetricFilterControls(s, ix)
	}
	b.StopTimer()
	for _, c := range s.Accounts[999].Posture.MetricFilterControls {
		if c.Status != StatusYes {
			b.Fatalf("%s: %s %s", c.Control, c.Status, c.Reason)
		}
	}
}
