package inventory

import (
	"slices"
	"strings"
	"testing"

	"github.com/storewatch/storewatch/inventory/filterpattern"
)

const (
	mfAccount = "111122223333"
	mfMember  = "444455556666"
	mfRegion  = "us-east-1"
	mfGroup   = "CloudTrail/Default"
	mfTrail   = "arn:aws:cloudtrail:us-east-1:111122223333:trail/main"
	mfTopic   = "arn:aws:sns:us-east-1:111122223333:security"
)

func mfGroupARN(account, name string) string {
	return "arn:aws:logs:" + mfRegion + ":" + account + ":log-group:" + name + ":*"
}

func mfAlarmID(key string) string {
	return "arn:aws:cloudwatch:us-east-1:111122223333:alarm:" + key
}

// mfSnapshot builds an account whose every metric-filter control has a complete chain: a
// multi-Region logging trail, its log group with one filter per control (the catalog's
// own pattern), and one notifying alarm per filter metric. Posture that resolveTrails and
// resolveAlarms would derive is set by hand.
func mfSnapshot() *Snapshot {
	one := 1
	threshold := 1.0
	s := &Snapshot{
		Accounts: []Account{{Meta: Meta{ID: mfAccount, Type: TypeAccount, AccountID: mfAccount}, Regions: []string{mfRegion}}},
		Trails: []Trail{{
			Meta:                      Meta{ID: mfTrail, Type: TypeTrail, Name: "main", AccountID: mfAccount, Region: mfRegion},
			IsMultiRegion:             true,
			CloudWatchLogsLogGroupARN: mfGroupARN(mfAccount, mfGroup),
			EventSelectors:            []EventSelector{{ReadWriteType: "All", IncludeManagementEvents: true}},
			Posture:                   TrailPosture{Logging: StatusYes, ManagementEvents: "all"},
		}},
		LogGroups: []LogGroup{{Meta: Meta{ID: mfGroupARN(mfAccount, mfGroup), Type: TypeLogGroup, Name: mfGroup, AccountID: mfAccount, Region: mfRegion}}},
		SNSTopics: []SNSTopic{{Meta: Meta{ID: mfTopic, ARN: mfTopic, Type: TypeSNSTopic, AccountID: mfAccount, Region: mfRegion},
			Subscriptions: []Subscription{{ARN: mfTopic + ":sub-1", Protocol: "email"}}}},
	}
	for _, c := range metricFilterControlTable {
		s.LogGroups[0].MetricFilters = append(s.LogGroups[0].MetricFilters, MetricFilter{
			Name:            c.Key + "-filter",
			Pattern:         c.Pattern,
			Transformations: []MetricTransformation{{MetricName: c.Key, MetricNamespace: "CISBenchmark", MetricValue: "1"}},
		})
		s.Alarms = append(s.Alarms, Alarm{
			Meta:               Meta{ID: mfAlarmID(c.Key), Type: TypeAlarm, Name: c.Key + "-alarm", AccountID: mfAccount, Region: mfRegion},
			Namespace:          "CISBenchmark",
			MetricName:         c.Key,
			Statistic:          "Sum",
			Period:             300,
			EvaluationPeriods:  1,
			Threshold:          &threshold,
			ComparisonOperator: "GreaterThanOrEqualToThreshold",
			ActionsEnabled:     true,
			AlarmActions:       []string{mfTopic},
			Posture: AlarmPosture{
				Actions:   []ActionTarget{{ARN: mfTopic, Kind: ActionSNS, ConfirmedSubscribers: &one}},
				Notifies:  StatusYes,
				Effective: StatusYes,
			},
		})
	}
	return s
}

func mfControl(t *testing.T, s *Snapshot, account, key string) MetricFilterControl {
	t.Helper()
	for _, a := range s.Accounts {
		if a.ID != account {
			continue
		}
		for _, c := range a.Posture.MetricFilterControls {
			if c.Control == key {
				return c
			}
		}
	}
	t.Fatalf("account %s has no %s control", account, key)
	return MetricFilterControl{}
}

func mfFilter(s *Snapshot, key string) *MetricFilter {
	for i := range s.LogGroups[0].MetricFilters {
		if s.LogGroups[0].MetricFilters[i].Name == key+"-filter" {
			return &s.LogGroups[0].MetricFilters[i]
		}
	}
	return nil
}

func mfAlarm(s *Snapshot, key string) *Alarm {
	for i := range s.Alarms {
		if s.Alarms[i].ID == mfAlarmID(key) {
			return &s.Alarms[i]
		}
	}
	return nil
}

func TestMetricFilterControlTable(t *testing.T) {
	var keys []string
	for _, c := range metricFilterControlTable {
		if _, err := filterpattern.Parse(c.Pattern); err != nil {
			t.Errorf("%s: %v", c.Key, err)
		}
		keys = append(keys, c.Key)
	}
	want := []string{"MF-01", "MF-02", "MF-03", "MF-04", "MF-05", "MF-06", "MF-07", "MF-08", "MF-09", "MF-10",
		"MF-11", "MF-12", "MF-13", "MF-14", "MF-15", "MF-X1", "MF-X2", "MF-X3", "MF-X4"}
	if !slices.Equal(keys, want) {
		t.Errorf("controls = %v, want %v", keys, want)
	}
}

func TestResolveMetricFilterControlsCompleteChain(t *testing.T) {
	s := mfSnapshot()
	resolveMetricFilterControls(s, newIndex(s))
	got := s.Accounts[0].Posture.MetricFilterControls
	if len(got) != len(metricFilterControlTable) {
		t.Fatalf("got %d controls, want %d", len(got), len(metricFilterControlTable))
	}
	for _, c := range got {
		if c.Status != StatusYes {
			t.Errorf("%s: status %s (%s), want yes", c.Control, c.Status, c.Reason)
			continue
		}
		want := MetricFilterChain{Trail: mfTrail, LogGroup: mfGroupARN(mfAccount, mfGroup), Filter: c.Control + "-filter",
			Metric: c.Control, Namespace: "CISBenchmark", Alarm: mfAlarmID(c.Control), Topic: mfTopic}
		if c.Chain == nil || *c.Chain != want {
			t.Errorf("%s: chain = %+v, want %+v", c.Control, c.Chain, want)
		}
	}
	// Resolution replaces what it finds: running it again gives the same result.
	before := slices.Clone(got)
	resolveMetricFilterControls(s, newIndex(s))
	if len(s.Accounts[0].Posture.MetricFilterControls) != len(before) {
		t.Errorf("a second resolution appended controls")
	}
}

func TestResolveMetricFilterControls(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(s *Snapshot)
		account string
		control string
		status  string
		reason  string
	}{
		{
			name: "equivalent pattern with other spacing, quoting and order passes",
			mutate: func(s *Snapshot) {
				mfFilter(s, "MF-01").Pattern = `{$.eventName != HeadBucket && $.sourceIPAddress != "delivery.logs.amazonaws.com" && $.errorCode = "AccessDenied*" || $.errorCode = "*UnauthorizedOperation"}`
			},
			control: "MF-01", status: StatusYes,
		},
		{
			name: "distributed form of the KMS pattern passes",
			mutate: func(s *Snapshot) {
				mfFilter(s, "MF-07").Pattern = `{ ($.eventName = "DisableKey" && $.eventSource = "kms.amazonaws.com") || ($.eventName = "ScheduleKeyDeletion" && $.eventSource = "kms.amazonaws.com") }`
			},
			control: "MF-07", status: StatusYes,
		},
		{
			name: "missing clause fails",
			mutate: func(s *Snapshot) {
				mfFilter(s, "MF-01").Pattern = `{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") }`
			},
			control: "MF-01", status: StatusNo,
			reason: "no metric filter equivalent to the CIS 4.1 pattern in log group CloudTrail/Default",
		},
		{
			name: "extra OR branch fails",
			mutate: func(s *Snapshot) {
				mfFilter(s, "MF-05").Pattern = `{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) || ($.eventName = GetTrail) }`
			},
			control: "MF-05", status: StatusNo, reason: "equivalent to the CIS 4.5 pattern",
		},
		{
			name: "extra AND clause fails",
			mutate: func(s *Snapshot) {
				mfFilter(s, "MF-02").Pattern = `{ $.eventName = ConsoleLogin && $.additionalEventData.MFAUsed != Yes && $.userIdentity.type = IAMUser }`
			},
			control: "MF-02", status: StatusNo, reason: "CIS 4.2",
		},
		{
			name:    "unparsable filter is not equivalent",
			mutate:  func(s *Snapshot) { mfFilter(s, "MF-03").Pattern = `{ $.userIdentity.type = "Root" ` },
			control: "MF-03", status: StatusNo, reason: "CIS 4.3",
		},
		{
			name: "metric filters not listed is unknown",
			mutate: func(s *Snapshot) {
				mfFailed(s, mfAccount, mfRegion, opDescribeMetricFilter)
				s.LogGroups[0].MetricFilters = nil
			},
			control: "MF-04", status: StatusUnknown, reason: "the metric filters of log group CloudTrail/Default could not be read",
		},
		{
			name:    "filter without a metric fails",
			mutate:  func(s *Snapshot) { mfFilter(s, "MF-04").Transformations = nil },
			control: "MF-04", status: StatusNo, reason: "metric filter MF-04-filter in log group CloudTrail/Default publishes no metric",
		},
		{
			name:    "alarm without a subscriber fails",
			mutate:  func(s *Snapshot) { mfAlarm(s, "MF-06").Posture.Notifies = StatusNo },
			control: "MF-06", status: StatusNo, reason: "alarm MF-06-alarm has no confirmed SNS subscriber",
		},
		{
			name: "alarm without an SNS action fails",
			mutate: func(s *Snapshot) {
				a := mfAlarm(s, "MF-06")
				a.Posture.Notifies, a.Posture.Actions, a.AlarmActions = StatusNo, nil, nil
			},
			control: "MF-06", status: StatusNo, reason: "alarm MF-06-alarm has no SNS topic among its ALARM actions",
		},
		{
			name:    "alarm whose subscribers could not be read is unknown",
			mutate:  func(s *Snapshot) { mfAlarm(s, "MF-06").Posture.Notifies = StatusUnknown },
			control: "MF-06", status: StatusUnknown, reason: "whether alarm MF-06-alarm reaches a confirmed SNS subscriber is not known",
		},
		{
			name:    "alarm with actions disabled fails",
			mutate:  func(s *Snapshot) { mfAlarm(s, "MF-08").ActionsEnabled = false },
			control: "MF-08", status: StatusNo, reason: "alarm MF-08-alarm has its actions disabled",
		},
		{
			name:    "alarm that fires below its threshold fails: the filter's events only raise the metric",
			mutate:  func(s *Snapshot) { mfAlarm(s, "MF-08").ComparisonOperator = "LessThanThreshold" },
			control: "MF-08", status: StatusNo,
			reason: "alarm MF-08-alarm fires when the metric is below its threshold (LessThanThreshold), so the events of metric filter MF-08-filter never make it fire",
		},
		{
			name: "alarm on the maximum above the filter's metric value fails: the maximum never exceeds it",
			mutate: func(s *Snapshot) {
				a, th := mfAlarm(s, "MF-08"), 1.0
				a.Statistic, a.Threshold, a.ComparisonOperator = "Maximum", &th, "GreaterThanThreshold"
			},
			control: "MF-08", status: StatusNo,
			reason: "alarm MF-08-alarm fires when the Maximum is > 1, but each event of metric filter MF-08-filter publishes 1, so it never fires",
		},
		{
			name: "alarm on a percentile at the filter's metric value passes",
			mutate: func(s *Snapshot) {
				a, th := mfAlarm(s, "MF-08"), 1.0
				a.Statistic, a.ExtendedStatistic, a.Threshold = "", "p99", &th
			},
			control: "MF-08", status: StatusYes,
		},
		{
			name: "alarm on the sum of several events passes: enough events reach any threshold",
			mutate: func(s *Snapshot) {
				th := 5.0
				mfAlarm(s, "MF-08").Threshold = &th
			},
			control: "MF-08", status: StatusYes,
		},
		{
			name: "alarm on the sum of a filter that publishes 0 fails",
			mutate: func(s *Snapshot) {
				mfFilter(s, "MF-08").Transformations[0].MetricValue = "0"
			},
			control: "MF-08", status: StatusNo,
			reason: "alarm MF-08-alarm fires when the Sum is >= 1, but each event of metric filter MF-08-filter publishes 0, so it never fires",
		},
		{
			name: "alarm on a metric value taken from the event is not second-guessed",
			mutate: func(s *Snapshot) {
				a, th := mfAlarm(s, "MF-08"), 100.0
				a.Statistic, a.Threshold = "Maximum", &th
				mfFilter(s, "MF-08").Transformations[0].MetricValue = "$.bytes"
			},
			control: "MF-08", status: StatusYes,
		},
		{
			name: "alarm whose comparison is unknown until apply is unknown",
			mutate: func(s *Snapshot) {
				a := mfAlarm(s, "MF-08")
				a.ComparisonOperator, a.UnknownFields = "", []string{"comparison_operator"}
			},
			control: "MF-08", status: StatusUnknown,
			reason: "the comparison operator of alarm MF-08-alarm is unknown until apply",
		},
		{
			name:    "no alarm fails",
			mutate:  func(s *Snapshot) { mfAlarm(s, "MF-09").MetricName = "Other" },
			control: "MF-09", status: StatusNo, reason: "no alarm (without dimensions) on metric MF-09 in namespace CISBenchmark of metric filter MF-09-filter",
		},
		{
			name:    "alarm with dimensions does not count",
			mutate:  func(s *Snapshot) { mfAlarm(s, "MF-09").Dimensions = []Dimension{{Name: "x", Value: "y"}} },
			control: "MF-09", status: StatusNo, reason: "no alarm (without dimensions)",
		},
		{
			name:    "alarm in another namespace does not count",
			mutate:  func(s *Snapshot) { mfAlarm(s, "MF-09").Namespace = "Other" },
			control: "MF-09", status: StatusNo, reason: "no alarm",
		},
		{
			name: "alarms not listed is unknown",
			mutate: func(s *Snapshot) {
				mfFailed(s, mfAccount, mfRegion, opDescribeAlarms)
				s.Alarms = nil
			},
			control: "MF-10", status: StatusUnknown, reason: "the alarms of 111122223333 in us-east-1 could not be listed",
		},
		{
			name:    "single-Region trail fails",
			mutate:  func(s *Snapshot) { s.Trails[0].IsMultiRegion = false },
			control: "MF-11", status: StatusNo, reason: "trail main is not multi-Region",
		},
		{
			name: "trail whose multi-Region setting is unknown until apply is unknown",
			mutate: func(s *Snapshot) {
				s.Trails[0].IsMultiRegion = false
				s.Trails[0].UnknownFields = []string{"is_multi_region"}
			},
			control: "MF-11", status: StatusUnknown, reason: "whether trail main is multi-Region is unknown until apply",
		},
		{
			name:    "trail not logging fails",
			mutate:  func(s *Snapshot) { s.Trails[0].Posture.Logging = StatusNo },
			control: "MF-11", status: StatusNo, reason: "trail main is not logging",
		},
		{
			name:    "trail logging status unknown is unknown",
			mutate:  func(s *Snapshot) { s.Trails[0].Posture.Logging = StatusUnknown },
			control: "MF-11", status: StatusUnknown, reason: "whether trail main is logging is not known; the rest of the chain is complete",
		},
		{
			name: "a missing link beats an unknown one",
			mutate: func(s *Snapshot) {
				s.Trails[0].Posture.Logging = StatusUnknown
				s.Trails[0].CloudWatchLogsLogGroupARN = ""
			},
			control: "MF-11", status: StatusNo, reason: "trail main does not deliver to CloudWatch Logs",
		},
		{
			name:    "trail recording only write events fails",
			mutate:  func(s *Snapshot) { s.Trails[0].Posture.ManagementEvents = "write" },
			control: "MF-12", status: StatusNo, reason: "trail main records write management events, not all read and write ones",
		},
		{
			name:    "trail selectors unknown is unknown",
			mutate:  func(s *Snapshot) { s.Trails[0].Posture.ManagementEvents = "" },
			control: "MF-12", status: StatusUnknown, reason: "which management events trail main records is not known",
		},
		{
			name: "trail excluding KMS events fails the KMS control",
			mutate: func(s *Snapshot) {
				s.Trails[0].EventSelectors[0].ExcludeManagementEventSources = []string{"kms.amazonaws.com"}
			},
			control: "MF-07", status: StatusNo, reason: "trail main excludes kms.amazonaws.com events, which the CIS 4.7 pattern looks for",
		},
		{
			name: "trail excluding KMS events still passes other controls",
			mutate: func(s *Snapshot) {
				s.Trails[0].EventSelectors[0].ExcludeManagementEventSources = []string{"kms.amazonaws.com"}
			},
			control: "MF-08", status: StatusYes,
		},
		{
			name:    "trail without a log group fails",
			mutate:  func(s *Snapshot) { s.Trails[0].CloudWatchLogsLogGroupARN = "" },
			control: "MF-13", status: StatusNo, reason: "trail main does not deliver to CloudWatch Logs",
		},
		{
			name: "trail log group unknown until apply is unknown",
			mutate: func(s *Snapshot) {
				s.Trails[0].CloudWatchLogsLogGroupARN = ""
				s.Trails[0].UnknownFields = []string{"cloudwatch_logs_log_group_arn"}
			},
			control: "MF-13", status: StatusUnknown, reason: "the log group of trail main is not known until apply",
		},
		{
			name: "trail naming its log group by plan address passes",
			mutate: func(s *Snapshot) {
				s.LogGroups[0].ID = "aws_cloudwatch_log_group.trail"
				s.LogGroups[0].ARN = ""
				s.Trails[0].CloudWatchLogsLogGroupARN = "aws_cloudwatch_log_group.trail"
			},
			control: "MF-13", status: StatusYes,
		},
		{
			name:    "log group that does not exist fails",
			mutate:  func(s *Snapshot) { s.LogGroups[0].Name = "Other"; s.LogGroups[0].ID = "other" },
			control: "MF-14", status: StatusNo, reason: "log group CloudTrail/Default of trail main does not exist",
		},
		{
			name: "log groups not listed is unknown",
			mutate: func(s *Snapshot) {
				s.LogGroups = nil
				mfFailed(s, mfAccount, mfRegion, opDescribeLogGroups)
			},
			control: "MF-14", status: StatusUnknown, reason: "could not be listed (logs:DescribeLogGroups failed)",
		},
		{
			name:    "log group in an account outside the snapshot is unknown",
			mutate:  func(s *Snapshot) { s.Trails[0].CloudWatchLogsLogGroupARN = mfGroupARN("999999999999", mfGroup) },
			control: "MF-14", status: StatusUnknown, reason: "belongs to account 999999999999, which is outside the snapshot",
		},
		{
			name: "log group in a region that was not scanned is unknown, not missing",
			mutate: func(s *Snapshot) {
				s.LogGroups = nil
				s.Trails[0].CloudWatchLogsLogGroupARN = "arn:aws:logs:ap-south-1:" + mfAccount + ":log-group:" + mfGroup + ":*"
			},
			control: "MF-14", status: StatusUnknown, reason: "log group CloudTrail/Default of trail main cannot be checked: region ap-south-1 not scanned",
		},
		{
			name:    "no trail fails",
			mutate:  func(s *Snapshot) { s.Trails = nil },
			control: "MF-15", status: StatusNo, reason: "no CloudTrail trail records the account",
		},
		{
			name: "trails not listed is unknown",
			mutate: func(s *Snapshot) {
				s.Trails = nil
				mfFailed(s, mfAccount, mfRegion, opDescribeTrails)
			},
			control: "MF-15", status: StatusUnknown, reason: "the account's trails could not be listed",
		},
		{
			name: "a broken trail does not hide a complete one",
			mutate: func(s *Snapshot) {
				broken := s.Trails[0]
				broken.ID, broken.Name, broken.IsMultiRegion = "arn:aws:cloudtrail:us-east-1:111122223333:trail/a", "a", false
				s.Trails = append(s.Trails, broken)
			},
			control: "MF-X1", status: StatusYes,
		},
		{
			name: "organisation trail of the management account covers a member",
			mutate: func(s *Snapshot) {
				s.Accounts[0].OrganizationID = "o-1"
				s.Trails[0].IsOrganizationTrail = true
				s.Accounts = append(s.Accounts, Account{Meta: Meta{ID: mfMember, Type: TypeAccount, AccountID: mfMember}, OrganizationID: "o-1"})
			},
			account: mfMember, control: "MF-X2", status: StatusYes,
		},
		{
			name: "organisation trail listed by trail resolution covers a member",
			mutate: func(s *Snapshot) {
				s.Trails[0].IsOrganizationTrail = true
				s.Accounts = append(s.Accounts, Account{Meta: Meta{ID: mfMember, Type: TypeAccount, AccountID: mfMember},
					Posture: AccountPosture{CoveredByOrganizationTrail: []string{mfTrail}}})
			},
			account: mfMember, control: "MF-X3", status: StatusYes,
		},
		{
			name: "organisation trail of an account outside the snapshot is unknown",
			mutate: func(s *Snapshot) {
				s.Accounts = append(s.Accounts, Account{Meta: Meta{ID: mfMember, Type: TypeAccount, AccountID: mfMember},
					Posture: AccountPosture{CoveredByOrganizationTrail: []string{"arn:aws:cloudtrail:us-east-1:999999999999:trail/org"}}})
			},
			account: mfMember, control: "MF-X4", status: StatusUnknown,
			reason: "organisation trail arn:aws:cloudtrail:us-east-1:999999999999:trail/org belongs to an account outside the snapshot",
		},
		{
			name: "organisation trail owned outside the snapshot, listed by the member, whose status was not read is unknown",
			mutate: func(s *Snapshot) {
				mfOutsideOrgTrail(s, StatusUnknown)
			},
			control: "MF-01", status: StatusUnknown, reason: "whether trail org is logging is not known",
		},
		{
			name: "organisation trail owned outside the snapshot, listed by the member, that is not logging fails on it",
			mutate: func(s *Snapshot) {
				mfOutsideOrgTrail(s, StatusNo)
			},
			control: "MF-01", status: StatusNo, reason: "trail org is not logging",
		},
		{
			name: "organisation trail owned outside the snapshot, of the snapshot's only organisation, is a candidate",
			mutate: func(s *Snapshot) {
				mfOutsideOrgTrail(s, StatusUnknown)
				s.Trails[0].ListedBy = nil
			},
			control: "MF-01", status: StatusUnknown, reason: "whether trail org is logging is not known",
		},
		{
			name: "a member without an organisation trail has no trail",
			mutate: func(s *Snapshot) {
				s.Accounts = append(s.Accounts, Account{Meta: Meta{ID: mfMember, Type: TypeAccount, AccountID: mfMember}, OrganizationID: "o-1"})
			},
			account: mfMember, control: "MF-X4", status: StatusNo, reason: "no CloudTrail trail records the account",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mfSnapshot()
			tt.mutate(s)
			resolveMetricFilterControls(s, newIndex(s))
			account := tt.account
			if account == "" {
				account = mfAccount
			}
			got := mfControl(t, s, account, tt.control)
			if got.Status != tt.status {
				t.Errorf("status = %s (%s), want %s", got.Status, got.Reason, tt.status)
			}
			if tt.status == StatusYes && got.Reason != "" {
				t.Errorf("a complete chain has reason %q", got.Reason)
			}
			if !strings.Contains(got.Reason, tt.reason) {
				t.Errorf("reason = %q, want it to contain %q", got.Reason, tt.reason)
			}
		})
	}
}

// mfOutsideOrgTrail makes the account a member of o-1 whose only trail is an organisation
// trail of the management account 999999999999, which is outside the snapshot: the member
// listed it, as DescribeTrails in a member account does.
func mfOutsideOrgTrail(s *Snapshot, logging string) {
	const owner = "999999999999"
	s.Accounts[0].OrganizationID = "o-1"
	t := &s.Trails[0]
	t.ID, t.Name, t.AccountID = "arn:aws:cloudtrail:us-east-1:"+owner+":trail/org", "org", owner
	t.IsOrganizationTrail, t.ListedBy = true, []string{mfAccount}
	t.CloudWatchLogsLogGroupARN = mfGroupARN(owner, mfGroup)
	t.Posture.Logging = logging
}

func mfFailed(s *Snapshot, account, region, op string) {
	service, _, _ := strings.Cut(op, ":")
	s.Errors = append(s.Errors, CollectionError{Source: SourceAWS, AccountID: account, Region: region, Service: service, Operation: op, Code: "AccessDenied"})
}

// The CIS 4.7 pattern looks for DisableKey and ScheduleKeyDeletion, which are write events:
// a trail that leaves KMS out of its read-only selector only but records every write event
// delivers them, and one that leaves KMS out of its writes does not. Trail posture is
// derived from the selectors here, as Resolve does.
func TestMetricFilterKMSExclusionByDirection(t *testing.T) {
	tests := []struct {
		name      string
		selectors []EventSelector
		status    string
		reason    string
	}{
		{
			name: "KMS excluded from reads only passes",
			selectors: []EventSelector{
				{ReadWriteType: "ReadOnly", IncludeManagementEvents: true, ExcludeManagementEventSources: []string{"kms.amazonaws.com"}},
				{ReadWriteType: "WriteOnly", IncludeManagementEvents: true},
			},
			status: StatusYes,
		},
		{
			name: "KMS excluded from writes fails",
			selectors: []EventSelector{
				{ReadWriteType: "ReadOnly", IncludeManagementEvents: true},
				{ReadWriteType: "WriteOnly", IncludeManagementEvents: true, ExcludeManagementEventSources: []string{"kms.amazonaws.com"}},
			},
			status: StatusNo, reason: "trail main excludes kms.amazonaws.com events, which the CIS 4.7 pattern looks for",
		},
		{
			name:      "KMS excluded from every event fails",
			selectors: []EventSelector{{ReadWriteType: "All", IncludeManagementEvents: true, ExcludeManagementEventSources: []string{"kms.amazonaws.com"}}},
			status:    StatusNo, reason: "trail main excludes kms.amazonaws.com events, which the CIS 4.7 pattern looks for",
		},
		{
			name: "KMS excluded from writes by one selector but recorded by another passes",
			selectors: []EventSelector{
				{ReadWriteType: "All", IncludeManagementEvents: true, ExcludeManagementEventSources: []string{"kms.amazonaws.com"}},
				{ReadWriteType: "WriteOnly", IncludeManagementEvents: true},
			},
			status: StatusYes,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mfSnapshot()
			s.Trails[0].Posture = TrailPosture{}
			s.Trails[0].Status = &TrailStatus{IsLogging: true}
			s.Trails[0].EventSelectors = tt.selectors
			Resolve(s)
			got := mfControl(t, s, mfAccount, "MF-07")
			if got.Status != tt.status || !strings.Contains(got.Reason, tt.reason) {
				t.Errorf("MF-07 = %s (%s), want %s (%s)", got.Status, got.Reason, tt.status, tt.reason)
			}
			if other := mfControl(t, s, mfAccount, "MF-08"); other.Status != StatusYes {
				t.Errorf("MF-08 = %s (%s), want yes", other.Status, other.Reason)
			}
		})
	}
}
