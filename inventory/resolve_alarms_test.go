package inventory

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

const (
	tAcct   = "111122223333"
	tRegion = "us-east-1"
	tTopic  = "arn:aws:sns:us-east-1:111122223333:ops"
)

var tCollected = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

// baseSnapshot is one scanned account and region, nothing in it.
func baseSnapshot() *Snapshot {
	return &Snapshot{
		CollectedAt: tCollected,
		Accounts:    []Account{{Meta: Meta{ID: tAcct, Type: TypeAccount, AccountID: tAcct}, Regions: []string{tRegion}}},
	}
}

func topic(arn string, subs ...Subscription) SNSTopic {
	return SNSTopic{Meta: Meta{ID: arn, ARN: arn, Type: TypeSNSTopic, AccountID: tAcct, Region: tRegion}, Subscriptions: subs}
}

func confirmedSub(n int) Subscription {
	return Subscription{ARN: fmt.Sprintf("%s:sub-%d", tTopic, n), Protocol: "email"}
}

func alarm(name string, mutate ...func(*Alarm)) Alarm {
	arn := "arn:aws:cloudwatch:us-east-1:111122223333:alarm:" + name
	a := Alarm{
		Meta:               Meta{ID: arn, ARN: arn, Name: name, Type: TypeAlarm, AccountID: tAcct, Region: tRegion},
		Namespace:          NamespaceRDS,
		MetricName:         "CPUUtilization",
		Dimensions:         []Dimension{{Name: "DBInstanceIdentifier", Value: "orders"}},
		Statistic:          "Average",
		Period:             60,
		EvaluationPeriods:  5,
		Threshold:          ptr(90.0),
		ComparisonOperator: "GreaterThanThreshold",
		ActionsEnabled:     true,
		AlarmActions:       []string{tTopic},
		StateValue:         "OK",
	}
	for _, m := range mutate {
		m(&a)
	}
	return a
}

func dbInstance(name string, mutate ...func(*DBInstance)) DBInstance {
	arn := "arn:aws:rds:us-east-1:111122223333:db:" + name
	d := DBInstance{Meta: Meta{ID: arn, ARN: arn, Name: name, Type: TypeDBInstance, AccountID: tAcct, Region: tRegion}, Engine: "postgres"}
	for _, m := range mutate {
		m(&d)
	}
	return d
}

func listingError(op string) CollectionError {
	return CollectionError{Source: SourceAWS, AccountID: tAcct, Region: tRegion, Operation: op, Code: "AccessDenied"}
}

func findAlarm(t *testing.T, s *Snapshot, name string) *Alarm {
	t.Helper()
	for i := range s.Alarms {
		if s.Alarms[i].Name == name {
			return &s.Alarms[i]
		}
	}
	t.Fatalf("alarm %s not in snapshot", name)
	return nil
}

func TestResolveTopics(t *testing.T) {
	s := baseSnapshot()
	s.SNSTopics = []SNSTopic{
		topic(tTopic,
			Subscription{ARN: pendingConfirmation, Protocol: "email"},
			confirmedSub(1),
			Subscription{Protocol: "email", Confirmed: true},
			Subscription{ARN: "Deleted", Protocol: "email"},
		),
		topic("arn:aws:sns:us-east-1:111122223333:unused"),
	}
	s.Alarms = []Alarm{alarm("cpu", func(a *Alarm) { a.OKActions = []string{tTopic} })}
	s.CompositeAlarms = []CompositeAlarm{{Meta: Meta{ID: "composite", Name: "composite", AccountID: tAcct, Region: tRegion}, AlarmActions: []string{tTopic}}}
	s.EventSubscriptions = []EventSubscription{{Meta: Meta{ID: "sub", AccountID: tAcct, Region: tRegion}, SNSTopicARN: tTopic}}
	s.ElastiCacheClusters = []ElastiCacheCluster{{Meta: Meta{ID: "cache", Type: TypeElastiCacheReplicationGroup, AccountID: tAcct, Region: tRegion}, NotificationTopic: tTopic}}
	s.MemoryDBClusters = []MemoryDBCluster{{Meta: Meta{ID: "mem", Type: TypeMemoryDBCluster, AccountID: tAcct, Region: tRegion}, SNSTopicARN: tTopic}}
	s.S3Buckets = []S3Bucket{{Meta: Meta{ID: "bucket", Type: TypeS3Bucket, AccountID: tAcct, Region: tRegion},
		Notifications: []BucketNotification{{Kind: "sns", ARN: tTopic}, {Kind: "sqs", ARN: "arn:aws:sqs:us-east-1:111122223333:q"}}}}
	Resolve(s)

	got := map[string]any{}
	for _, tp := range s.SNSTopics {
		got[tp.ID] = []any{tp.Posture.ConfirmedSubscribers, tp.Posture.UsedBy}
	}
	want := map[string]any{
		tTopic: []any{2, []string{"arn:aws:cloudwatch:us-east-1:111122223333:alarm:cpu", "bucket", "cache", "composite", "mem", "sub"}},
		"arn:aws:sns:us-east-1:111122223333:unused": []any{0, []string{}},
	}
	if d := cmp.Diff(want, got, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("topic posture (-want +got):\n%s", d)
	}
}

func TestResolveAlarmPosture(t *testing.T) {
	tests := []struct {
		name  string
		setup func(*Snapshot)
		alarm Alarm
		// want holds notifies, effective and self_healing; problems are matched by substring.
		notifies, effective string
		selfHealing         bool
		problems            []string
		confirmed           *int
		kinds               []string
		stuckDays           int
	}{
		{
			name:      "confirmed subscriber",
			setup:     func(s *Snapshot) { s.SNSTopics = []SNSTopic{topic(tTopic, confirmedSub(1))} },
			alarm:     alarm("a"),
			notifies:  StatusYes,
			effective: StatusYes,
			confirmed: ptr(1),
			kinds:     []string{ActionSNS},
		},
		{
			name:      "topic without confirmed subscriber",
			setup:     func(s *Snapshot) { s.SNSTopics = []SNSTopic{topic(tTopic, Subscription{ARN: pendingConfirmation})} },
			alarm:     alarm("a"),
			notifies:  StatusNo,
			effective: StatusNo,
			problems:  []string{"has no confirmed subscriber"},
			confirmed: ptr(0),
			kinds:     []string{ActionSNS},
		},
		{
			name: "subscriptions could not be listed in the region",
			setup: func(s *Snapshot) {
				s.SNSTopics = []SNSTopic{topic(tTopic)}
				s.Errors = []CollectionError{listingError(opListSubscriptions)}
			},
			alarm:     alarm("a"),
			notifies:  StatusUnknown,
			effective: StatusUnknown,
			problems:  []string{"could not be read"},
			kinds:     []string{ActionSNS},
		},
		{
			name: "subscriptions of this topic could not be read",
			setup: func(s *Snapshot) {
				tp := topic(tTopic, confirmedSub(1))
				tp.Errors = []CollectionError{{Operation: opListSubscriptions, Code: "AccessDenied", Resource: tTopic}}
				s.SNSTopics = []SNSTopic{tp}
			},
			alarm:     alarm("a"),
			notifies:  StatusUnknown,
			effective: StatusUnknown,
			problems:  []string{"could not be read"},
			kinds:     []string{ActionSNS},
		},
		{
			// The topic's subscriptions were listed region-wide but it had no confirmed one
			// there, and listing it by topic (where other accounts' appear) failed: its
			// subscribers are unknown, not absent.
			name: "subscriptions of this topic could not be listed by topic",
			setup: func(s *Snapshot) {
				tp := topic(tTopic, Subscription{ARN: pendingConfirmation})
				tp.Errors = []CollectionError{{Operation: "sns:ListSubscriptionsByTopic", Code: "AuthorizationError", Resource: tTopic}}
				s.SNSTopics = []SNSTopic{tp}
			},
			alarm:     alarm("a"),
			notifies:  StatusUnknown,
			effective: StatusUnknown,
			problems:  []string{"could not be read"},
			kinds:     []string{ActionSNS},
		},
		{
			name:      "topic in an account outside the snapshot",
			alarm:     alarm("a", func(a *Alarm) { a.AlarmActions = []string{"arn:aws:sns:us-east-1:999988887777:central"} }),
			notifies:  StatusUnknown,
			effective: StatusUnknown,
			problems:  []string{"not in the snapshot"},
			kinds:     []string{ActionSNS},
		},
		{
			name:      "topic that does not exist",
			alarm:     alarm("a"),
			notifies:  StatusNo,
			effective: StatusNo,
			problems:  []string{"does not exist"},
			kinds:     []string{ActionSNS},
		},
		{
			name:      "topic in a region that was not scanned",
			alarm:     alarm("a", func(a *Alarm) { a.AlarmActions = []string{"arn:aws:sns:eu-west-1:111122223333:ops"} }),
			notifies:  StatusUnknown,
			effective: StatusUnknown,
			problems:  []string{"not scanned"},
			kinds:     []string{ActionSNS},
		},
		{
			name:      "topics could not be listed",
			setup:     func(s *Snapshot) { s.Errors = []CollectionError{listingError(opListTopics)} },
			alarm:     alarm("a"),
			notifies:  StatusUnknown,
			effective: StatusUnknown,
			problems:  []string{"could not be listed"},
			kinds:     []string{ActionSNS},
		},
		{
			name:      "actions disabled",
			setup:     func(s *Snapshot) { s.SNSTopics = []SNSTopic{topic(tTopic, confirmedSub(1))} },
			alarm:     alarm("a", func(a *Alarm) { a.ActionsEnabled = false }),
			notifies:  StatusYes,
			effective: StatusNo,
			problems:  []string{"actions are disabled"},
			confirmed: ptr(1),
			kinds:     []string{ActionSNS},
		},
		{
			name:      "no ALARM action",
			alarm:     alarm("a", func(a *Alarm) { a.AlarmActions = nil; a.OKActions = []string{tTopic} }),
			notifies:  StatusNo,
			effective: StatusNo,
			problems:  []string{"no action for the ALARM state"},
			kinds:     []string{},
		},
		{
			name: "auto scaling heals",
			alarm: alarm("a", func(a *Alarm) {
				a.AlarmActions = []string{"arn:aws:autoscaling:us-east-1:111122223333:scalingPolicy:uuid:autoScalingGroupName/g:policyName/p"}
			}),
			notifies:    StatusNo,
			effective:   StatusYes,
			selfHealing: true,
			kinds:       []string{ActionAutoScaling},
		},
		{
			name: "a Lambda action makes up for a dead topic",
			setup: func(s *Snapshot) {
				s.SNSTopics = []SNSTopic{topic(tTopic)}
			},
			alarm: alarm("a", func(a *Alarm) {
				a.AlarmActions = []string{tTopic, "arn:aws:lambda:us-east-1:111122223333:function:heal"}
			}),
			notifies:    StatusNo,
			effective:   StatusYes,
			selfHealing: true,
			kinds:       []string{ActionLambda, ActionSNS},
		},
		{
			name: "SSM, EC2 and unknown kinds",
			alarm: alarm("a", func(a *Alarm) {
				a.AlarmActions = []string{
					"arn:aws:ssm:us-east-1:111122223333:opsitem:2",
					"arn:aws:automate:us-east-1:ec2:recover",
					"arn:aws:swf:us-east-1:111122223333:action/actions/AWS_EC2.InstanceId.Reboot/1.0",
					"arn:aws:sqs:us-east-1:111122223333:q",
				}
			}),
			notifies:    StatusNo,
			effective:   StatusYes,
			selfHealing: true,
			kinds:       []string{ActionEC2, ActionOther, ActionSSM, ActionEC2},
		},
		{
			name:      "only an action of an unknown kind",
			alarm:     alarm("a", func(a *Alarm) { a.AlarmActions = []string{"not-an-arn"} }),
			notifies:  StatusNo,
			effective: StatusNo,
			problems:  []string{"none of its ALARM actions is an SNS topic or automation"},
			kinds:     []string{ActionOther},
		},
		{
			name:  "stuck in INSUFFICIENT_DATA",
			setup: func(s *Snapshot) { s.SNSTopics = []SNSTopic{topic(tTopic, confirmedSub(1))} },
			alarm: alarm("a", func(a *Alarm) {
				a.StateValue = alarmStateInsuffData
				a.StateUpdatedAt = ptr(tCollected.Add(-10 * 24 * time.Hour))
			}),
			notifies:  StatusYes,
			effective: StatusNo,
			problems:  []string{"INSUFFICIENT_DATA for 10 days"},
			confirmed: ptr(1),
			kinds:     []string{ActionSNS},
			stuckDays: 10,
		},
		{
			name:  "briefly in INSUFFICIENT_DATA",
			setup: func(s *Snapshot) { s.SNSTopics = []SNSTopic{topic(tTopic, confirmedSub(1))} },
			alarm: alarm("a", func(a *Alarm) {
				a.StateValue = alarmStateInsuffData
				a.StateUpdatedAt = ptr(tCollected.Add(-3 * 24 * time.Hour))
			}),
			notifies:  StatusYes,
			effective: StatusYes,
			confirmed: ptr(1),
			kinds:     []string{ActionSNS},
			stuckDays: 3,
		},
		{
			name: "plan leaves the actions unknown",
			alarm: alarm("a", func(a *Alarm) {
				a.AlarmActions = nil
				a.UnknownFields = []string{"alarm_actions"}
			}),
			notifies:  StatusUnknown,
			effective: StatusUnknown,
			problems:  []string{"alarm_actions unknown until apply"},
			kinds:     []string{},
		},
		{
			// The plan's reference to a data source read at apply: a topic, but whose
			// subscribers nobody knows yet.
			name:      "plan refers to a topic data source read at apply",
			alarm:     alarm("a", func(a *Alarm) { a.AlarmActions = []string{`module.m["a.b"].data.aws_sns_topic.oncall`} }),
			notifies:  StatusUnknown,
			effective: StatusUnknown,
			problems:  []string{"known only after apply, so are its subscribers"},
			kinds:     []string{ActionSNS},
		},
		{
			name:      "plan refers to something of no known kind",
			alarm:     alarm("a", func(a *Alarm) { a.AlarmActions = []string{"terraform_data.hook"} }),
			notifies:  StatusUnknown,
			effective: StatusUnknown,
			problems:  []string{"terraform_data.hook is known only after apply"},
			kinds:     []string{ActionOther},
		},
		{
			name:        "plan refers to a Lambda function not yet created",
			alarm:       alarm("a", func(a *Alarm) { a.AlarmActions = []string{"aws_lambda_function.heal"} }),
			notifies:    StatusNo,
			effective:   StatusYes,
			selfHealing: true,
			kinds:       []string{ActionLambda},
		},
		{
			name: "plan refers to a topic by its address",
			setup: func(s *Snapshot) {
				tp := topic("aws_sns_topic.ops", Subscription{Protocol: "https", Confirmed: true})
				tp.ARN = ""
				s.SNSTopics = []SNSTopic{tp}
			},
			alarm:     alarm("a", func(a *Alarm) { a.AlarmActions = []string{"aws_sns_topic.ops"} }),
			notifies:  StatusYes,
			effective: StatusYes,
			confirmed: ptr(1),
			kinds:     []string{ActionSNS},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := baseSnapshot()
			if tt.setup != nil {
				tt.setup(s)
			}
			s.Alarms = []Alarm{tt.alarm}
			Resolve(s)
			p := s.Alarms[0].Posture
			got := []any{p.Notifies, p.Effective, p.SelfHealing, p.StuckDays}
			want := []any{tt.notifies, tt.effective, tt.selfHealing, tt.stuckDays}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("notifies, effective, self_healing, stuck_days (-want +got):\n%s", d)
			}
			kinds := []string{}
			for _, a := range p.Actions {
				kinds = append(kinds, a.Kind)
			}
			if d := cmp.Diff(tt.kinds, kinds); d != "" {
				t.Errorf("action kinds (-want +got):\n%s", d)
			}
			if len(p.Actions) > 0 && p.Actions[0].Kind == ActionSNS {
				if d := cmp.Diff(tt.confirmed, p.Actions[0].ConfirmedSubscribers); d != "" {
					t.Errorf("confirmed subscribers (-want +got):\n%s", d)
				}
			}
			if len(tt.problems) == 0 && len(p.Problems) > 0 {
				t.Errorf("problems = %q, want none", p.Problems)
			}
			all := strings.Join(p.Problems, " | ")
			for _, want := range tt.problems {
				if !strings.Contains(all, want) {
					t.Errorf("problems %q do not mention %q", p.Problems, want)
				}
			}
		})
	}
}

func TestResolveCompositeAlarms(t *testing.T) {
	s := baseSnapshot()
	s.SNSTopics = []SNSTopic{topic(tTopic, confirmedSub(1))}
	s.Alarms = []Alarm{
		alarm("cpu", func(a *Alarm) { a.AlarmActions = nil }),
		alarm("memory", func(a *Alarm) { a.AlarmActions = nil }),
	}
	s.CompositeAlarms = []CompositeAlarm{
		{
			Meta:           Meta{ID: "arn:aws:cloudwatch:us-east-1:111122223333:alarm:db", ARN: "arn:aws:cloudwatch:us-east-1:111122223333:alarm:db", Name: "db", AccountID: tAcct, Region: tRegion},
			AlarmRule:      `ALARM("cpu") OR (ALARM(arn:aws:cloudwatch:us-east-1:111122223333:alarm:memory) AND NOT OK(gone))`,
			ActionsEnabled: true,
			AlarmActions:   []string{tTopic},
		},
		{
			Meta:      Meta{ID: "top", Name: "top", AccountID: tAcct, Region: tRegion},
			AlarmRule: `INSUFFICIENT_DATA(db) OR ALARM("cpu")`,
		},
	}
	Resolve(s)
	c := s.CompositeAlarms[0]
	if d := cmp.Diff([]string{
		"arn:aws:cloudwatch:us-east-1:111122223333:alarm:cpu",
		"arn:aws:cloudwatch:us-east-1:111122223333:alarm:memory",
		"gone",
	}, c.Posture.Children); d != "" {
		t.Errorf("children (-want +got):\n%s", d)
	}
	if len(c.Posture.Actions) != 1 || c.Posture.Actions[0].ConfirmedSubscribers == nil || *c.Posture.Actions[0].ConfirmedSubscribers != 1 {
		t.Errorf("composite actions = %+v, want the topic with one confirmed subscriber", c.Posture.Actions)
	}
	if d := cmp.Diff([]string{"arn:aws:cloudwatch:us-east-1:111122223333:alarm:cpu", "arn:aws:cloudwatch:us-east-1:111122223333:alarm:db"},
		s.CompositeAlarms[1].Posture.Children); d != "" {
		t.Errorf("a composite child (-want +got):\n%s", d)
	}
	cpu := findAlarm(t, s, "cpu")
	if d := cmp.Diff([]string{"arn:aws:cloudwatch:us-east-1:111122223333:alarm:db", "top"}, cpu.Posture.ParentComposites); d != "" {
		t.Errorf("parents (-want +got):\n%s", d)
	}
	// The alarm has no action of its own, but its parent db reaches the topic's subscriber.
	if cpu.Posture.Effective != StatusYes || !slices.Equal(cpu.Posture.ReachesVia, []string{c.ID}) {
		t.Errorf("an alarm whose only actions are on its parent: effective = %s via %q, want yes via db", cpu.Posture.Effective, cpu.Posture.ReachesVia)
	}
	if top := s.CompositeAlarms[1].Posture; top.Effective != StatusNo {
		t.Errorf("a composite without actions or parents: effective = %s, want no", top.Effective)
	}
}

func TestAlarmReachesThroughComposites(t *testing.T) {
	const unread = "arn:aws:sns:us-east-1:111122223333:unread"
	composite := func(name, rule string, actions ...string) CompositeAlarm {
		return CompositeAlarm{
			Meta:      Meta{ID: name, Name: name, AccountID: tAcct, Region: tRegion},
			AlarmRule: rule, ActionsEnabled: true, AlarmActions: actions,
		}
	}
	tests := []struct {
		name       string
		child      func(*Alarm)
		composites []CompositeAlarm
		effective  string
		via        []string
		problems   []string
	}{
		{
			name:       "no parent: judged on its own",
			composites: nil,
			effective:  StatusNo,
			problems:   []string{"no action for the ALARM state"},
		},
		{
			name:       "a parent that reaches a subscriber",
			composites: []CompositeAlarm{composite("db", `ALARM(cpu) AND ALARM(other)`, tTopic)},
			effective:  StatusYes,
			via:        []string{"db"},
		},
		{
			name: "a grandparent that reaches a subscriber",
			composites: []CompositeAlarm{
				composite("db", `ALARM(cpu)`),
				composite("service", `ALARM(db) OR ALARM(web)`, tTopic),
			},
			effective: StatusYes,
			via:       []string{"db"},
		},
		{
			name:       "a parent without actions",
			composites: []CompositeAlarm{composite("db", `ALARM(cpu)`)},
			effective:  StatusNo,
			problems:   []string{"no action for the ALARM state", "its parent composite alarm db reaches no one (it has no action for the ALARM state)"},
		},
		{
			name:       "a parent whose topic could not be read",
			composites: []CompositeAlarm{composite("db", `ALARM(cpu)`, unread)},
			effective:  StatusUnknown,
			problems:   []string{"no action for the ALARM state", "whether its parent composite alarm db reaches anyone is unknown"},
		},
		{
			name: "a parent with its actions disabled",
			composites: []CompositeAlarm{func() CompositeAlarm {
				c := composite("db", `ALARM(cpu)`, tTopic)
				c.ActionsEnabled = false
				return c
			}()},
			effective: StatusNo,
			problems:  []string{"its parent composite alarm db reaches no one (its actions are disabled"},
		},
		{
			name: "stuck: no parent makes it watch anything",
			child: func(a *Alarm) {
				a.StateValue, a.StateUpdatedAt = "INSUFFICIENT_DATA", ptr(tCollected.AddDate(0, 0, -30))
			},
			composites: []CompositeAlarm{composite("db", `ALARM(cpu)`, tTopic)},
			effective:  StatusNo,
			problems:   []string{"INSUFFICIENT_DATA for 30 days"},
		},
		{
			name: "a planned composite whose rule is unknown until apply",
			composites: []CompositeAlarm{func() CompositeAlarm {
				c := composite("db", "", tTopic)
				c.UnknownFields = []string{"alarm_rule"}
				return c
			}()},
			effective: StatusUnknown,
			problems:  []string{"no action for the ALARM state", "rule of composite alarm db unknown until apply"},
		},
		{
			name: "a planned composite with an unknown rule that reaches no one",
			composites: []CompositeAlarm{func() CompositeAlarm {
				c := composite("db", "")
				c.UnknownFields = []string{"alarm_rule"}
				return c
			}()},
			effective: StatusNo,
			problems:  []string{"no action for the ALARM state"},
		},
		{
			name:       "a parent the alarm's ALARM state cannot fire",
			composites: []CompositeAlarm{composite("maintenance-aware", `ALARM(db) AND NOT ALARM(cpu)`, tTopic)},
			effective:  StatusNo,
			problems:   []string{"no action for the ALARM state"},
		},
		{
			name:       "a heartbeat parent",
			composites: []CompositeAlarm{composite("heartbeat", `INSUFFICIENT_DATA(cpu) OR OK(cpu)`, tTopic)},
			effective:  StatusNo,
		},
		{
			name:       "NOT OK fires on ALARM",
			composites: []CompositeAlarm{composite("db", `NOT OK(cpu)`, tTopic)},
			effective:  StatusYes,
			via:        []string{"db"},
		},
		{
			name:       "AT_LEAST on ALARM",
			composites: []CompositeAlarm{composite("db", `AT_LEAST(1, ALARM, (cpu, mem))`, tTopic)},
			effective:  StatusYes,
			via:        []string{"db"},
		},
		{
			name: "a silent grandparent through a parent that cannot fire",
			composites: []CompositeAlarm{
				composite("db", `ALARM(cpu)`),
				composite("service", `NOT ALARM(db)`, tTopic),
			},
			effective: StatusNo,
		},
		{
			name: "a cycle through a composite that reaches someone, listed first",
			composites: []CompositeAlarm{
				composite("a", `ALARM(b)`, tTopic),
				composite("b", `ALARM(cpu) OR ALARM(a)`),
			},
			effective: StatusYes,
			via:       []string{"b"},
		},
		{
			name: "a cycle through a composite that reaches someone, listed last",
			composites: []CompositeAlarm{
				composite("b", `ALARM(cpu) OR ALARM(a)`),
				composite("a", `ALARM(b)`, tTopic),
			},
			effective: StatusYes,
			via:       []string{"b"},
		},
		{
			name: "a cycle of composites ends",
			composites: []CompositeAlarm{
				composite("a", `ALARM(cpu) OR ALARM(b)`),
				composite("b", `ALARM(a)`),
			},
			effective: StatusNo,
			problems:  []string{"reaches no one"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := baseSnapshot()
			s.SNSTopics = []SNSTopic{topic(tTopic, confirmedSub(1)), topic(unread)}
			s.SNSTopics[1].Errors = []CollectionError{{Operation: "sns:ListSubscriptionsByTopic", Code: "AccessDenied", Resource: unread}}
			s.Alarms = []Alarm{alarm("cpu", func(a *Alarm) {
				a.AlarmActions = nil
				if tt.child != nil {
					tt.child(a)
				}
			})}
			s.CompositeAlarms = tt.composites
			Resolve(s)
			p := findAlarm(t, s, "cpu").Posture
			if p.Effective != tt.effective || !slices.Equal(p.ReachesVia, tt.via) {
				t.Errorf("effective %s via %q, want %s via %q (problems %q)", p.Effective, p.ReachesVia, tt.effective, tt.via, p.Problems)
			}
			all := strings.Join(p.Problems, " | ")
			for _, want := range tt.problems {
				if !strings.Contains(all, want) {
					t.Errorf("problems %q do not mention %q", p.Problems, want)
				}
			}
			if tt.effective == StatusYes && len(p.Problems) > 0 {
				t.Errorf("an effective alarm has problems %q", p.Problems)
			}
		})
	}
}

func TestResolveStoreAlarmLinks(t *testing.T) {
	s := baseSnapshot()
	s.SNSTopics = []SNSTopic{topic(tTopic, confirmedSub(1))}
	s.DBInstances = []DBInstance{
		dbInstance("orders"),
		dbInstance("users"),
		dbInstance("writer-1", func(d *DBInstance) { d.Engine = "aurora-postgresql"; d.ClusterID = "aurora" }),
		// A planned instance whose identifier is unknown until apply.
		dbInstance("", func(d *DBInstance) {
			d.ID, d.ARN = "aws_db_instance.planned", ""
			d.UnknownFields = []string{"name"}
		}),
	}
	s.DBClusters = []DBCluster{{Meta: Meta{ID: "arn:aws:rds:us-east-1:111122223333:cluster:aurora", Name: "aurora", Type: TypeDBCluster, AccountID: tAcct, Region: tRegion},
		Engine: "aurora-postgresql", Members: []string{"writer-1"}}}
	s.ElastiCacheClusters = []ElastiCacheCluster{{Meta: Meta{ID: "rg", Name: "rg", Type: TypeElastiCacheReplicationGroup, AccountID: tAcct, Region: tRegion},
		Engine: "redis", Members: []string{"rg-001", "rg-002"}}}
	s.Alarms = []Alarm{
		alarm("orders-cpu"),
		alarm("orders-memory-math", func(a *Alarm) {
			a.MetricName, a.Namespace, a.Dimensions, a.Statistic = "", "", nil, ""
			a.Metrics = []MetricQuery{
				{ID: "m1", MetricStat: &MetricStat{Namespace: NamespaceRDS, MetricName: "FreeableMemory", Stat: "Minimum", Period: 300,
					Dimensions: []Dimension{{Name: "DBInstanceIdentifier", Value: "orders"}}}},
				{ID: "e1", Expression: "m1/1024/1024", ReturnData: true},
			}
		}),
		alarm("orders-storage-math-returned", func(a *Alarm) {
			a.MetricName, a.Namespace, a.Dimensions, a.Statistic = "", "", nil, ""
			a.Metrics = []MetricQuery{{ID: "m1", ReturnData: true, MetricStat: &MetricStat{Namespace: NamespaceRDS, MetricName: "FreeStorageSpace",
				Stat: "Minimum", Period: 60, Dimensions: []Dimension{{Name: "DBInstanceIdentifier", Value: "orders"}}}}}
		}),
		alarm("planned-cpu", func(a *Alarm) {
			a.Dimensions = []Dimension{{Name: "DBInstanceIdentifier", Ref: "aws_db_instance.planned"}}
			a.Source = &SourceRef{Address: "aws_cloudwatch_metric_alarm.planned_cpu"}
		}),
		alarm("unknown-dimension", func(a *Alarm) {
			a.Dimensions = []Dimension{{Name: "DBInstanceIdentifier"}}
			a.Source = &SourceRef{Address: "aws_cloudwatch_metric_alarm.unknown"}
		}),
		alarm("writer-cpu", func(a *Alarm) { a.Dimensions = []Dimension{{Name: "DBInstanceIdentifier", Value: "writer-1"}} }),
		alarm("aurora-volume", func(a *Alarm) {
			a.MetricName = "AuroraVolumeBytesLeftTotal"
			a.Dimensions = []Dimension{{Name: "DBClusterIdentifier", Value: "aurora"}}
		}),
		alarm("cache-cpu", func(a *Alarm) {
			a.Namespace = NamespaceElastiCache
			a.Dimensions = []Dimension{{Name: "CacheClusterId", Value: "rg-002"}, {Name: "CacheNodeId", Value: "0001"}}
		}),
		// ElastiCache publishes no metric under ReplicationGroupId: an alarm on it watches
		// nothing, so it is not the group's alarm (nor an orphan: the group exists).
		alarm("cache-group-cpu", func(a *Alarm) {
			a.Namespace = NamespaceElastiCache
			a.Dimensions = []Dimension{{Name: "ReplicationGroupId", Value: "rg"}}
		}),
		alarm("other-region", func(a *Alarm) {
			a.ID, a.Region = "other-region", "eu-west-1"
		}),
		alarm("ddb-read-capacity", func(a *Alarm) {
			a.Namespace, a.MetricName, a.Dimensions, a.Statistic = NamespaceDynamoDB, metricAccountReadUtil, nil, "Maximum"
		}),
	}
	Resolve(s)

	links := func(id string) []string {
		for _, st := range s.stores() {
			if st.meta.ID == id {
				var out []string
				for _, l := range st.posture.Alarms {
					out = append(out, fmt.Sprintf("%s %s %s via-math=%v", l.Name, l.Metric, l.Statistic, l.ViaMetricMath))
				}
				return out
			}
		}
		t.Fatalf("no store %s", id)
		return nil
	}
	tests := []struct {
		store string
		want  []string
	}{
		{"arn:aws:rds:us-east-1:111122223333:db:orders", []string{
			"orders-cpu CPUUtilization Average via-math=false",
			"orders-memory-math FreeableMemory Minimum via-math=true",
			"orders-storage-math-returned FreeStorageSpace Minimum via-math=false",
		}},
		{"arn:aws:rds:us-east-1:111122223333:db:users", nil},
		{"aws_db_instance.planned", []string{"planned-cpu CPUUtilization Average via-math=false"}},
		{"arn:aws:rds:us-east-1:111122223333:db:writer-1", []string{"writer-cpu CPUUtilization Average via-math=false"}},
		{"arn:aws:rds:us-east-1:111122223333:cluster:aurora", []string{
			"aurora-volume AuroraVolumeBytesLeftTotal Average via-math=false",
			"writer-cpu CPUUtilization Average via-math=false",
		}},
		{"rg", []string{"cache-cpu CPUUtilization Average via-math=false"}},
	}
	for _, tt := range tests {
		t.Run(tt.store, func(t *testing.T) {
			if d := cmp.Diff(tt.want, links(tt.store)); d != "" {
				t.Errorf("links (-want +got):\n%s", d)
			}
		})
	}

	unknownID := findAlarm(t, s, "unknown-dimension").ID
	if d := cmp.Diff([]string{unknownID}, s.DBInstances[0].Posture.UnresolvedAlarms); d != "" {
		t.Errorf("an alarm with an unknown dimension might watch any instance (-want +got):\n%s", d)
	}
	if len(s.DBClusters[0].Posture.UnresolvedAlarms) != 1 {
		// The cluster's member instance might be the one the alarm names.
		t.Errorf("cluster unresolved alarms = %v, want the alarm with the unknown instance dimension", s.DBClusters[0].Posture.UnresolvedAlarms)
	}
	if len(s.ElastiCacheClusters[0].Posture.UnresolvedAlarms) != 0 {
		t.Errorf("an RDS alarm cannot watch a cache: %v", s.ElastiCacheClusters[0].Posture.UnresolvedAlarms)
	}
	if got := findAlarm(t, s, "cache-group-cpu").Posture; len(got.Watches) != 0 || got.Orphaned != StatusNo {
		t.Errorf("cache-group-cpu watches %v, orphaned %q; want nothing, and not called an orphan", got.Watches, got.Orphaned)
	}
	if got := findAlarm(t, s, "writer-cpu").Posture.Watches; len(got) != 2 {
		t.Errorf("writer-cpu watches %v, want the instance and its cluster", got)
	}
	if got := findAlarm(t, s, "orders-cpu").Posture; got.Effective != StatusYes || s.DBInstances[0].Posture.Alarms[0].Effective != StatusYes {
		t.Errorf("the link does not carry the alarm's effectiveness: %+v", got)
	}
	for _, d := range s.DBInstances {
		if d.Posture.AlarmsKnown != StatusYes {
			t.Errorf("%s: alarms_known = %q, want yes", d.ID, d.Posture.AlarmsKnown)
		}
	}
	var region *RegionScope
	for i := range s.Regions {
		if s.Regions[i].Region == tRegion {
			region = &s.Regions[i]
		}
	}
	if region == nil || len(region.Posture.DynamoDBAccountCapacityAlarms) != 1 ||
		region.Posture.DynamoDBAccountCapacityAlarms[0].Metric != metricAccountReadUtil {
		t.Errorf("region capacity alarms = %+v, want ddb-read-capacity", region)
	}
}

func TestAlarmsKnownWhenListingFailed(t *testing.T) {
	s := baseSnapshot()
	s.DBInstances = []DBInstance{dbInstance("orders")}
	s.Errors = []CollectionError{listingError(opDescribeAlarms)}
	Resolve(s)
	if got := s.DBInstances[0].Posture.AlarmsKnown; got != StatusNo {
		t.Errorf("alarms_known = %q, want no", got)
	}
}

func TestResolveOrphanedAlarms(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(*Snapshot)
		alarm   Alarm
		want    string
		missing []string
	}{
		{name: "store exists", alarm: alarm("a"), want: StatusNo},
		{name: "store gone", alarm: alarm("a", func(a *Alarm) { a.Dimensions[0].Value = "gone" }), want: StatusYes,
			missing: []string{"DBInstanceIdentifier=gone"}},
		{name: "listing failed", setup: func(s *Snapshot) { s.Errors = []CollectionError{listingError("rds:DescribeDBInstances")} },
			alarm: alarm("a", func(a *Alarm) { a.Dimensions[0].Value = "gone" }), want: StatusUnknown},
		{name: "partial snapshot", setup: func(s *Snapshot) { s.Partial = true },
			alarm: alarm("a", func(a *Alarm) { a.Dimensions[0].Value = "gone" }), want: StatusUnknown},
		{name: "planned alarm on a store outside the plan",
			alarm: alarm("a", func(a *Alarm) { a.Dimensions[0].Value = "gone"; a.Source = &SourceRef{Address: "x"} }), want: StatusUnknown},
		{name: "unknown dimension", alarm: alarm("a", func(a *Alarm) { a.Dimensions[0].Value = "" }), want: StatusUnknown},
		{name: "metric of a resource storewatch does not model",
			alarm: alarm("a", func(a *Alarm) {
				a.Namespace = "AWS/EC2"
				a.Dimensions = []Dimension{{Name: "InstanceId", Value: "i-1"}}
			}), want: StatusNo},
		{name: "bucket in another region",
			setup: func(s *Snapshot) {
				s.S3Buckets = []S3Bucket{{Meta: Meta{ID: "arn:aws:s3:::logs", Name: "logs", Type: TypeS3Bucket, AccountID: tAcct, Region: "eu-west-1"}}}
			},
			alarm: alarm("a", func(a *Alarm) {
				a.Namespace = NamespaceS3
				a.Dimensions = []Dimension{{Name: "BucketName", Value: "logs"}, {Name: "FilterId", Value: "all"}}
			}), want: StatusNo},
		{name: "metric-math query on a missing table",
			alarm: alarm("a", func(a *Alarm) {
				a.MetricName, a.Namespace, a.Dimensions = "", "", nil
				a.Metrics = []MetricQuery{{ID: "m1", ReturnData: true, MetricStat: &MetricStat{Namespace: NamespaceDynamoDB, MetricName: "SystemErrors",
					Dimensions: []Dimension{{Name: "TableName", Value: "gone"}, {Name: "Operation", Value: "GetItem"}}}}}
			}), want: StatusYes, missing: []string{"TableName=gone"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := baseSnapshot()
			s.DBInstances = []DBInstance{dbInstance("orders")}
			if tt.setup != nil {
				tt.setup(s)
			}
			s.Alarms = []Alarm{tt.alarm}
			Resolve(s)
			p := s.Alarms[0].Posture
			if p.Orphaned != tt.want {
				t.Errorf("orphaned = %q, want %q", p.Orphaned, tt.want)
			}
			if tt.missing == nil {
				tt.missing = []string{}
			}
			if d := cmp.Diff(tt.missing, p.MissingResources, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("missing (-want +got):\n%s", d)
			}
		})
	}
}

func TestResolveInsightsKMSKeyManager(t *testing.T) {
	s := baseSnapshot()
	s.KMSKeys = []KMSKey{
		{ARN: "arn:aws:kms:us-east-1:111122223333:key/aws-rds", AccountID: tAcct, Region: tRegion, Aliases: []string{"alias/aws/rds"}, KeyManager: "AWS"},
		{ARN: "arn:aws:kms:us-east-1:111122223333:key/cmk", AccountID: tAcct, Region: tRegion, KeyManager: "CUSTOMER"},
	}
	s.DBInstances = []DBInstance{
		dbInstance("aws", func(d *DBInstance) {
			d.PerformanceInsightsEnabled = ptr(true)
			d.PerformanceInsightsKMSKeyID = "arn:aws:kms:us-east-1:111122223333:key/aws-rds"
		}),
		dbInstance("cmk", func(d *DBInstance) {
			d.PerformanceInsightsEnabled = ptr(true)
			d.PerformanceInsightsKMSKeyID = "arn:aws:kms:us-east-1:111122223333:key/cmk"
		}),
		dbInstance("foreign", func(d *DBInstance) {
			d.PerformanceInsightsEnabled = ptr(true)
			d.PerformanceInsightsKMSKeyID = "arn:aws:kms:us-east-1:999988887777:key/x"
		}),
		dbInstance("off", func(d *DBInstance) {
			d.PerformanceInsightsEnabled = ptr(false)
			d.PerformanceInsightsKMSKeyID = "arn:aws:kms:us-east-1:111122223333:key/cmk"
		}),
	}
	Resolve(s)
	got := map[string]string{}
	for _, d := range s.DBInstances {
		got[d.Name] = d.Posture.InsightsKMSKeyManager
	}
	if d := cmp.Diff(map[string]string{"aws": "AWS", "cmk": "CUSTOMER", "foreign": "", "off": ""}, got); d != "" {
		t.Errorf("key managers (-want +got):\n%s", d)
	}
}

// TestResolveAlarmsIsIdempotent: Resolve replaces posture, so resolving twice changes nothing.
func TestResolveAlarmsIsIdempotent(t *testing.T) {
	s := baseSnapshot()
	s.SNSTopics = []SNSTopic{topic(tTopic, confirmedSub(1))}
	s.DBInstances = []DBInstance{dbInstance("orders")}
	s.Alarms = []Alarm{alarm("orders-cpu"), alarm("x", func(a *Alarm) { a.Dimensions[0].Value = "" })}
	Resolve(s)
	var first, second bytes.Buffer
	if err := Write(&first, s); err != nil {
		t.Fatal(err)
	}
	Resolve(s)
	if err := Write(&second, s); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(first.String(), second.String()); d != "" {
		t.Errorf("a second Resolve changed the snapshot (-first +second):\n%s", d)
	}
}

func TestParseAlarmRule(t *testing.T) {
	tests := []struct {
		rule string
		want []string
	}{
		{`ALARM("cpu")`, []string{"cpu"}},
		{`ALARM(cpu) AND NOT ALARM(deploy)`, []string{"cpu", "deploy"}},
		{`(ALARM("a b") OR OK( c )) AND INSUFFICIENT_DATA("d\"e")`, []string{"a b", "c", "d\"e"}},
		{`ALARM(arn:aws:cloudwatch:us-east-1:111122223333:alarm:x)`, []string{"arn:aws:cloudwatch:us-east-1:111122223333:alarm:x"}},
		{`TRUE`, nil},
		{`FALSE OR ALARM("x")`, []string{"x"}},
		{`AT_LEAST(2, ALARM, ("a", b, "c"))`, []string{"a", "b", "c"}},
		{`AT_LEAST(50%, OK, (a)) AND ALARM(z)`, []string{"a", "z"}},
		{`ALARM("ALARM")`, []string{"ALARM"}},
		{`ALARM(`, nil},
		{`ALARM()`, nil},
		{`"ALARM"(x)`, nil},
		{``, nil},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			if d := cmp.Diff(tt.want, parseAlarmRule(tt.rule)); d != "" {
				t.Errorf("parseAlarmRule(%q) (-want +got):\n%s", tt.rule, d)
			}
		})
	}
}

func TestParseAlarmRuleRefs(t *testing.T) {
	tests := []struct {
		rule string
		want []ruleRef
	}{
		{`ALARM(a)`, []ruleRef{{"a", true}}},
		{`OK(a) OR INSUFFICIENT_DATA(b)`, []ruleRef{{"a", false}, {"b", false}}},
		{`NOT ALARM(a) AND ALARM(b)`, []ruleRef{{"a", false}, {"b", true}}},
		{`NOT OK(a)`, []ruleRef{{"a", true}}},
		{`NOT (ALARM(a) OR OK(b)) AND ALARM(c)`, []ruleRef{{"a", false}, {"b", true}, {"c", true}}},
		{`NOT NOT ALARM(a)`, []ruleRef{{"a", true}}},
		{`NOT (NOT (ALARM(a)))`, []ruleRef{{"a", true}}},
		{`AT_LEAST(2, ALARM, (a, "b c"))`, []ruleRef{{"a", true}, {"b c", true}}},
		{`NOT AT_LEAST(50%, ALARM, (a))`, []ruleRef{{"a", false}}},
		{`AT_LEAST(1, OK, (a))`, []ruleRef{{"a", false}}},
		{`ALARM("x") AND (ALARM(y) OR NOT ALARM(z)) AND ALARM(w)`, []ruleRef{{"x", true}, {"y", true}, {"z", false}, {"w", true}}},
		// Unbalanced parentheses do not leave a negation behind.
		{`NOT (ALARM(a))) AND ALARM(b)`, []ruleRef{{"a", false}, {"b", true}}},
	}
	for _, tt := range tests {
		if d := cmp.Diff(tt.want, parseAlarmRuleRefs(tt.rule), cmp.AllowUnexported(ruleRef{})); d != "" {
			t.Errorf("parseAlarmRuleRefs(%q) (-want +got):\n%s", tt.rule, d)
		}
	}
}

func FuzzParseAlarmRule(f *testing.F) {
	for _, seed := range []string{`ALARM("cpu")`, `ALARM(a) AND NOT OK("b\"")`, `AT_LEAST(2, ALARM, ("a", b))`, `((`, `"`, `ALARM("x`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, rule string) {
		names := parseAlarmRule(rule)
		for _, n := range names {
			if n == "" {
				t.Errorf("parseAlarmRule(%q) returned an empty name", rule)
			}
		}
		// Every name is referred to by a function call, so a rule without a parenthesis has none.
		if !strings.Contains(rule, "(") && len(names) > 0 {
			t.Errorf("parseAlarmRule(%q) = %q from a rule without a call", rule, names)
		}
		// A name written in quotes comes back as it was written.
		if !strings.ContainsAny(rule, `"\`) {
			quoted := parseAlarmRule(`ALARM("` + rule + `")`)
			if rule != "" && (len(quoted) != 1 || quoted[0] != rule) {
				t.Errorf("ALARM(%q) gives %q", rule, quoted)
			}
		}
	})
}

// BenchmarkResolveAlarms resolves the alarms of 100,000 stores watched by 20,000 alarms (and
// 1,000 alarms with an unknown dimension value): resolution must stay linear. The normalisation
// Resolve does around it is left out.
func BenchmarkResolveAlarms(b *testing.B) {
	build := func() *Snapshot {
		s := baseSnapshot()
		s.SNSTopics = []SNSTopic{topic(tTopic, confirmedSub(1))}
		for i := range 50_000 {
			s.DBInstances = append(s.DBInstances, dbInstance(fmt.Sprintf("db-%d", i)))
			s.DynamoDBTables = append(s.DynamoDBTables, DynamoDBTable{Meta: Meta{ID: fmt.Sprintf("table-%d", i), Name: fmt.Sprintf("table-%d", i),
				Type: TypeDynamoDBTable, AccountID: tAcct, Region: tRegion}})
		}
		for i := range 20_000 {
			s.Alarms = append(s.Alarms, alarm(fmt.Sprintf("alarm-%d", i), func(a *Alarm) { a.Dimensions[0].Value = fmt.Sprintf("db-%d", i) }))
		}
		for i := range 1_000 {
			s.Alarms = append(s.Alarms, alarm(fmt.Sprintf("unresolved-%d", i), func(a *Alarm) {
				a.Namespace, a.Dimensions = NamespaceDynamoDB, []Dimension{{Name: "TableName", Value: fmt.Sprintf("table-%d", i)}, {Name: "GlobalSecondaryIndexName"}}
			}))
		}
		return s
	}
	s := build()
	Resolve(s)
	ix := newIndex(s)
	for b.Loop() {
		resolveTopics(s, ix)
		resolveAlarms(s, ix)
	}
}

// BenchmarkResolveCompositeChain: composite alarms nested 20,000 deep and closed into a
// cycle, listed children first: c-i names c-(i-1), c-0 names the metric alarm and the top,
// and only the top's topic reaches someone. The verdicts settle in a few rounds, not one
// per composite: linear, not quadratic.
func BenchmarkResolveCompositeChain(b *testing.B) {
	const n = 20_000
	s := baseSnapshot()
	s.SNSTopics = []SNSTopic{topic(tTopic, confirmedSub(1))}
	s.Alarms = []Alarm{alarm("cpu", func(a *Alarm) { a.AlarmActions = nil })}
	for i := range n {
		name := fmt.Sprintf("c-%d", i)
		c := CompositeAlarm{Meta: Meta{ID: name, Name: name, AccountID: tAcct, Region: tRegion}, ActionsEnabled: true,
			AlarmRule: fmt.Sprintf(`ALARM("c-%d")`, i-1)}
		switch i {
		case 0:
			c.AlarmRule = fmt.Sprintf(`ALARM(cpu) OR ALARM("c-%d")`, n-1)
		case n - 1:
			c.AlarmActions = []string{tTopic}
		}
		s.CompositeAlarms = append(s.CompositeAlarms, c)
	}
	for b.Loop() {
		Resolve(s)
	}
	if got := s.Alarms[0].Posture.Effective; got != StatusYes {
		b.Fatalf("the alarm at the bottom of the chain: effective %s, want yes", got)
	}
}

// tSource is a second account whose metrics a monitoring account's alarms may read
// (CloudWatch cross-account observability).
const tSource = "444455556666"

// crossAccountSnapshot holds the monitoring account tAcct and the source account tSource,
// each with an RDS instance named "orders".
func crossAccountSnapshot() *Snapshot {
	s := baseSnapshot()
	s.Accounts = append(s.Accounts, Account{Meta: Meta{ID: tSource, Type: TypeAccount, AccountID: tSource}, Regions: []string{tRegion}})
	s.SNSTopics = []SNSTopic{topic(tTopic, confirmedSub(1))}
	s.DBInstances = []DBInstance{
		dbInstance("orders"),
		dbInstance("orders", func(d *DBInstance) {
			d.ARN = "arn:aws:rds:us-east-1:" + tSource + ":db:orders"
			d.ID, d.AccountID = d.ARN, tSource
		}),
	}
	return s
}

// mathAlarm is a metric-math alarm in tAcct whose one query reads the CPU of instance
// "orders" in the query's account.
func mathAlarm(name string, mutate ...func(*MetricQuery)) Alarm {
	return alarm(name, func(a *Alarm) {
		a.MetricName, a.Namespace, a.Dimensions, a.Statistic = "", "", nil, ""
		q := MetricQuery{ID: "m1", ReturnData: true, MetricStat: &MetricStat{Namespace: NamespaceRDS, MetricName: "CPUUtilization",
			Stat: "Average", Period: 60, Dimensions: []Dimension{{Name: "DBInstanceIdentifier", Value: "orders"}}}}
		for _, m := range mutate {
			m(&q)
		}
		a.Metrics = []MetricQuery{q}
	})
}

func TestResolveCrossAccountAlarmLinks(t *testing.T) {
	local := "arn:aws:rds:us-east-1:111122223333:db:orders"
	remote := "arn:aws:rds:us-east-1:" + tSource + ":db:orders"
	tests := []struct {
		name  string
		alarm Alarm
		// links and unresolved are, per store id, the alarms linked to it and the alarms
		// that might watch it.
		links, unresolved map[string][]string
		watches           []string
	}{
		{
			name:    "query in the alarm's own account",
			alarm:   mathAlarm("a"),
			links:   map[string][]string{local: {"a"}},
			watches: []string{local},
		},
		{
			name:    "query naming the alarm's own account",
			alarm:   mathAlarm("a", func(q *MetricQuery) { q.AccountID = tAcct }),
			links:   map[string][]string{local: {"a"}},
			watches: []string{local},
		},
		{
			// The alarm reads the source account's instance, not the monitoring account's
			// namesake.
			name:    "query in another account",
			alarm:   mathAlarm("a", func(q *MetricQuery) { q.AccountID = tSource }),
			links:   map[string][]string{remote: {"a"}},
			watches: []string{remote},
		},
		{
			name:    "query in an account outside the snapshot",
			alarm:   mathAlarm("a", func(q *MetricQuery) { q.AccountID = "777788889999" }),
			watches: []string{},
		},
		{
			// A plan leaves account_id unknown: the query might read either instance.
			name:       "query account unknown until apply",
			alarm:      mathAlarm("a", func(q *MetricQuery) { q.AccountUnknown = true }),
			unresolved: map[string][]string{local: {"a"}, remote: {"a"}},
			watches:    []string{},
		},
		{
			name: "query account and dimension unknown until apply",
			alarm: mathAlarm("a", func(q *MetricQuery) {
				q.AccountUnknown = true
				q.MetricStat.Dimensions[0].Value = ""
			}),
			unresolved: map[string][]string{local: {"a"}, remote: {"a"}},
			watches:    []string{},
		},
		{
			name: "query account unknown, dimension of another instance",
			alarm: mathAlarm("a", func(q *MetricQuery) {
				q.AccountUnknown = true
				q.MetricStat.Dimensions[0].Value = "users"
			}),
			watches: []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := crossAccountSnapshot()
			s.Alarms = []Alarm{tt.alarm}
			Resolve(s)
			links, unresolved := map[string][]string{}, map[string][]string{}
			for _, d := range s.DBInstances {
				for _, l := range d.Posture.Alarms {
					links[d.ID] = append(links[d.ID], l.Name)
				}
				for _, id := range d.Posture.UnresolvedAlarms {
					unresolved[d.ID] = append(unresolved[d.ID], strings.TrimPrefix(id, "arn:aws:cloudwatch:us-east-1:111122223333:alarm:"))
				}
			}
			if d := cmp.Diff(tt.links, links, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("links (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.unresolved, unresolved, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("unresolved alarms (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.watches, s.Alarms[0].Posture.Watches, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("watches (-want +got):\n%s", d)
			}
		})
	}
}

// TestResolveUnlistedAlarmAccounts checks which accounts' failed alarm listings leave a
// store's alarms unknown: the store's own account's, and another account's only when that
// account is known to read other accounts' metrics (one of its alarms in the snapshot has a
// query naming another account, or one a plan leaves unknown), since its alarms may then
// read the store's metrics in its region. An account with no such evidence, one that could
// not be entered among them, leaves the other accounts' stores judged: in an organisation
// scan it would otherwise leave every account's alarms unknown.
func TestResolveUnlistedAlarmAccounts(t *testing.T) {
	const other = "eu-west-1"
	failed := func(account, region string) CollectionError {
		e := listingError(opDescribeAlarms)
		e.AccountID, e.Region = account, region
		return e
	}
	unreachable := func(account string) CollectionError {
		e := failed(account, "")
		e.Code = CodeAccountUnreachable
		return e
	}
	// reads is an alarm of tAcct (moved to eu-west-1 below) whose query reads the metric of
	// account, or of an account unknown until apply.
	reads := func(account string, unknown bool) Alarm {
		return mathAlarm("elsewhere", func(q *MetricQuery) { q.AccountID, q.AccountUnknown = account, unknown })
	}
	tests := []struct {
		name   string
		errors []CollectionError
		alarms []Alarm
		// local and remote are the unlisted accounts of the monitoring account's instance
		// and of the source account's.
		local, remote []string
	}{
		{name: "every listing made", alarms: []Alarm{reads(tSource, false)}},
		{name: "monitoring account's alarms not listed, one elsewhere reads another account",
			errors: []CollectionError{failed(tAcct, tRegion)}, alarms: []Alarm{reads(tSource, false)},
			local: []string{tAcct}, remote: []string{tAcct}},
		{name: "monitoring account's alarms not listed, one elsewhere reads an account outside the snapshot",
			errors: []CollectionError{failed(tAcct, tRegion)}, alarms: []Alarm{reads("777788889999", false)},
			local: []string{tAcct}, remote: []string{tAcct}},
		{name: "monitoring account's alarms not listed, one elsewhere reads an account unknown until apply",
			errors: []CollectionError{failed(tAcct, tRegion)}, alarms: []Alarm{reads("", true)},
			local: []string{tAcct}, remote: []string{tAcct}},
		// Without evidence that tAcct reads other accounts' metrics, its failure is its own.
		{name: "other account's alarms not listed, none known to read another account",
			errors: []CollectionError{failed(tAcct, tRegion)},
			local:  []string{tAcct}},
		{name: "other account's alarms not listed, one elsewhere reads its own account by id",
			errors: []CollectionError{failed(tAcct, tRegion)}, alarms: []Alarm{reads(tAcct, false)},
			local: []string{tAcct}},
		{name: "other account unreachable",
			errors: []CollectionError{unreachable(tAcct)},
			local:  []string{tAcct}},
		{name: "other account's alarms not listed in any region",
			errors: []CollectionError{failed(tAcct, "")},
			local:  []string{tAcct}},
		// The store's own account always counts.
		{name: "source account's alarms not listed",
			errors: []CollectionError{failed(tSource, tRegion)}, alarms: []Alarm{reads(tSource, false)},
			remote: []string{tSource}},
		{name: "source account unreachable",
			errors: []CollectionError{unreachable(tSource)}, alarms: []Alarm{reads(tSource, false)},
			remote: []string{tSource}},
		{name: "both accounts' alarms not listed",
			errors: []CollectionError{failed(tSource, tRegion), failed(tAcct, tRegion)}, alarms: []Alarm{reads(tSource, false)},
			local: []string{tAcct}, remote: []string{tAcct, tSource}},
		{name: "both accounts' alarms not listed, none known to read another account",
			errors: []CollectionError{failed(tSource, tRegion), failed(tAcct, tRegion)},
			local:  []string{tAcct}, remote: []string{tSource}},
		{name: "not listed in another region",
			errors: []CollectionError{failed(tAcct, other)}, alarms: []Alarm{reads(tSource, false)}},
		{name: "not listed anywhere",
			errors: []CollectionError{failed("", "")},
			local:  []string{tAcct}, remote: []string{tSource}},
		{name: "not listed anywhere, a monitoring account known",
			errors: []CollectionError{failed("", "")}, alarms: []Alarm{reads(tSource, false)},
			local: []string{tAcct}, remote: []string{tAcct, tSource}},
		{name: "one alarm not read",
			errors: []CollectionError{func() CollectionError {
				e := failed(tAcct, tRegion)
				e.Resource = "arn:aws:cloudwatch:us-east-1:111122223333:alarm:a"
				return e
			}()}, alarms: []Alarm{reads(tSource, false)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := crossAccountSnapshot()
			for i := range s.Accounts {
				s.Accounts[i].Regions = []string{tRegion, other}
			}
			s.Errors = tt.errors
			for _, a := range tt.alarms {
				a.Region = other
				a.ARN = strings.Replace(a.ARN, tRegion, other, 1)
				a.ID = a.ARN
				s.Alarms = append(s.Alarms, a)
			}
			Resolve(s)
			// The regions' account-level alarms (DynamoDB capacity) may be read across
			// accounts too.
			seen := 0
			for _, r := range s.Regions {
				want := tt.local
				if r.AccountID == tSource {
					want = tt.remote
				}
				if r.Region == tRegion {
					seen++
					if d := cmp.Diff(want, r.Posture.UnlistedAlarmAccounts, cmpopts.EquateEmpty()); d != "" {
						t.Errorf("%s: unlisted alarm accounts (-want +got):\n%s", r.ID, d)
					}
				}
			}
			if seen != 2 {
				t.Errorf("%d region scopes of %s, want 2", seen, tRegion)
			}
			for _, d := range s.DBInstances {
				want := tt.local
				if d.AccountID == tSource {
					want = tt.remote
				}
				if d := cmp.Diff(want, d.Posture.UnlistedAlarmAccounts, cmpopts.EquateEmpty()); d != "" {
					t.Errorf("unlisted alarm accounts (-want +got):\n%s", d)
				}
				wantKnown := StatusYes
				if len(want) > 0 {
					wantKnown = StatusNo
				}
				if d.Posture.AlarmsKnown != wantKnown {
					t.Errorf("%s: alarms_known = %q, want %q", d.ID, d.Posture.AlarmsKnown, wantKnown)
				}
			}
		})
	}
}

func TestResolveCrossAccountOrphanedAlarms(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(*Snapshot)
		query   func(*MetricQuery)
		want    string
		missing []string
	}{
		{name: "store in the query's account",
			setup: func(s *Snapshot) { s.DBInstances = s.DBInstances[1:] },
			query: func(q *MetricQuery) { q.AccountID = tSource }, want: StatusNo},
		{name: "store only in the alarm's account",
			setup: func(s *Snapshot) { s.DBInstances = s.DBInstances[:1] },
			query: func(q *MetricQuery) { q.AccountID = tSource }, want: StatusYes, missing: []string{"DBInstanceIdentifier=orders"}},
		{name: "query account outside the snapshot",
			query: func(q *MetricQuery) { q.AccountID = "777788889999" }, want: StatusUnknown},
		{name: "listing failed in the query's account",
			setup: func(s *Snapshot) {
				s.DBInstances = s.DBInstances[:1]
				e := listingError("rds:DescribeDBInstances")
				e.AccountID = tSource
				s.Errors = []CollectionError{e}
			},
			query: func(q *MetricQuery) { q.AccountID = tSource }, want: StatusUnknown},
		{name: "query account unknown until apply",
			query: func(q *MetricQuery) { q.AccountUnknown = true }, want: StatusUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := crossAccountSnapshot()
			if tt.setup != nil {
				tt.setup(s)
			}
			s.Alarms = []Alarm{mathAlarm("a", tt.query)}
			Resolve(s)
			p := s.Alarms[0].Posture
			if p.Orphaned != tt.want {
				t.Errorf("orphaned = %q, want %q", p.Orphaned, tt.want)
			}
			if d := cmp.Diff(tt.missing, p.MissingResources, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("missing (-want +got):\n%s", d)
			}
		})
	}
}

func TestResolveCrossAccountCapacityAlarms(t *testing.T) {
	capacity := func(q *MetricQuery) {
		q.MetricStat.Namespace, q.MetricStat.MetricName, q.MetricStat.Dimensions = NamespaceDynamoDB, metricAccountReadUtil, nil
	}
	tests := []struct {
		name       string
		query      func(*MetricQuery)
		want       map[string]int // alarms linked per account's region
		unresolved map[string]int // alarms that might read the metrics once applied
	}{
		{name: "own account", query: capacity, want: map[string]int{tAcct: 1, tSource: 0}, unresolved: map[string]int{tAcct: 0, tSource: 0}},
		{name: "source account", query: func(q *MetricQuery) { capacity(q); q.AccountID = tSource },
			want: map[string]int{tAcct: 0, tSource: 1}, unresolved: map[string]int{tAcct: 0, tSource: 0}},
		// The query may read any account's metrics: every account's region is undecided.
		{name: "account unknown until apply", query: func(q *MetricQuery) { capacity(q); q.AccountUnknown = true },
			want: map[string]int{tAcct: 0, tSource: 0}, unresolved: map[string]int{tAcct: 1, tSource: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := crossAccountSnapshot()
			s.Alarms = []Alarm{mathAlarm("a", tt.query)}
			Resolve(s)
			got, unresolved := map[string]int{}, map[string]int{}
			for _, r := range s.Regions {
				if r.Region == tRegion {
					got[r.AccountID] = len(r.Posture.DynamoDBAccountCapacityAlarms)
					unresolved[r.AccountID] = len(r.Posture.UnresolvedCapacityAlarms)
				}
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("capacity alarms per account (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.unresolved, unresolved); d != "" {
				t.Errorf("unresolved capacity alarms per account (-want +got):\n%s", d)
			}
		})
	}
}

// TestResolveUndecidedCapacityAlarms: a planned alarm that might read the account-level
// DynamoDB capacity metrics once applied is recorded on the region with what is unknown,
// so that SW-MA-03 leaves a missing capacity alarm undecided instead of failing it; one
// whose known parts rule those metrics out is not.
func TestResolveUndecidedCapacityAlarms(t *testing.T) {
	capacity := func(a *Alarm) {
		a.Namespace, a.MetricName, a.Dimensions = NamespaceDynamoDB, metricAccountWriteUtil, nil
	}
	tests := []struct {
		name    string
		mutate  func(*Alarm)
		linked  int
		reasons []string // of the one unresolved alarm; nil for none
	}{
		{name: "known capacity alarm", mutate: capacity, linked: 1},
		{name: "metric name unknown", mutate: func(a *Alarm) { capacity(a); a.UnknownFields = []string{"metric_name"} },
			reasons: []string{"its metric name is known only after apply"}},
		{name: "namespace and dimensions unknown", mutate: func(a *Alarm) {
			capacity(a)
			a.UnknownFields = []string{"namespace", "dimensions"}
		}, reasons: []string{"its namespace is known only after apply", "its dimensions are known only after apply"}},
		{name: "another namespace, name unknown", mutate: func(a *Alarm) {
			a.Namespace, a.Dimensions, a.UnknownFields = NamespaceRDS, nil, []string{"metric_name"}
		}},
		// A dimension whose value is unknown still names a table or an index.
		{name: "dimension value unknown", mutate: func(a *Alarm) {
			capacity(a)
			a.Dimensions, a.UnknownFields = []Dimension{{Name: "TableName"}}, []string{"dimensions"}
		}},
		{name: "metric queries unknown", mutate: func(a *Alarm) {
			a.MetricName, a.Namespace, a.Dimensions, a.MetricsUnknown = "", "", nil, true
		}, reasons: []string{"its metric queries are known only after apply"}},
		{name: "query metric unknown", mutate: func(a *Alarm) {
			a.MetricName, a.Namespace, a.Dimensions = "", "", nil
			a.Metrics = []MetricQuery{{ID: "m1", ReturnData: true, MetricStatUnknown: true}}
		}, reasons: []string{"the metric of its query m1 is known only after apply"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := baseSnapshot()
			s.Alarms = []Alarm{alarm("capacity", tt.mutate)}
			Resolve(s)
			var region *RegionScope
			for i := range s.Regions {
				if s.Regions[i].Region == tRegion && s.Regions[i].AccountID == tAcct {
					region = &s.Regions[i]
				}
			}
			if region == nil {
				t.Fatal("no region scope for the test's account and Region")
			}
			if got := len(region.Posture.DynamoDBAccountCapacityAlarms); got != tt.linked {
				t.Errorf("linked capacity alarms = %d, want %d", got, tt.linked)
			}
			var want []UnresolvedAlarm
			if tt.reasons != nil {
				want = []UnresolvedAlarm{{Alarm: s.Alarms[0].ID, Reasons: tt.reasons}}
			}
			if d := cmp.Diff(want, region.Posture.UnresolvedCapacityAlarms, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("unresolved capacity alarms (-want +got):\n%s", d)
			}
		})
	}
}

// TestResolveUndecidedAlarmLinks: an alarm whose metric a plan leaves partly unknown until
// apply links to no store, but lands in unresolved_alarms, with what is unknown, of every
// store that what the plan does know leaves possible: never a silent no-link. The snapshot
// holds instance "orders" in both accounts, instance "users", cluster "aurora" and table
// "events" in the monitoring account, and instance "orders" in another Region.
func TestResolveUndecidedAlarmLinks(t *testing.T) {
	const (
		orders     = "arn:aws:rds:us-east-1:111122223333:db:orders"
		remote     = "arn:aws:rds:us-east-1:" + tSource + ":db:orders"
		users      = "arn:aws:rds:us-east-1:111122223333:db:users"
		aurora     = "arn:aws:rds:us-east-1:111122223333:cluster:aurora"
		events     = "arn:aws:dynamodb:us-east-1:111122223333:table/events"
		elsewhere  = "arn:aws:rds:eu-west-1:111122223333:db:orders"
		afterApply = " known only after apply"
	)
	planned := func(a *Alarm) {
		a.ID, a.ARN = "aws_cloudwatch_metric_alarm.a", ""
		a.Source = &SourceRef{Address: a.ID}
	}
	plain := func(unknown ...string) Alarm {
		return alarm("a", planned, func(a *Alarm) {
			a.UnknownFields = unknown
			for _, f := range unknown {
				switch f {
				case "namespace":
					a.Namespace = ""
				case "metric_name":
					a.MetricName = ""
				case "dimensions":
					a.Dimensions = nil
				}
			}
		})
	}
	math := func(mutate func(*Alarm, *MetricQuery)) Alarm {
		a := mathAlarm("a", func(q *MetricQuery) { q.ID = "m1" })
		planned(&a)
		a.UnknownFields = []string{"metrics"}
		mutate(&a, &a.Metrics[0])
		return a
	}
	tests := []struct {
		name  string
		alarm Alarm
		// unresolved are the stores the alarm might watch; reasons what it records.
		unresolved []string
		reasons    []string
		links      []string
		orphaned   string
	}{
		{
			name:     "known metric",
			alarm:    plain(),
			links:    []string{orders},
			orphaned: StatusNo,
		},
		{
			name: "metric queries unknown",
			alarm: math(func(a *Alarm, _ *MetricQuery) {
				a.Metrics, a.MetricsUnknown = nil, true
			}),
			// Any store of the Region, in any account: the queries' account_id is unknown too.
			unresolved: []string{aurora, events, orders, users, remote},
			reasons:    []string{"its metric queries are" + afterApply},
			orphaned:   StatusUnknown,
		},
		{
			name: "a query's metric unknown",
			alarm: math(func(_ *Alarm, q *MetricQuery) {
				q.MetricStat, q.MetricStatUnknown = nil, true
			}),
			unresolved: []string{aurora, events, orders, users},
			reasons:    []string{"the metric of its query m1 is" + afterApply},
			orphaned:   StatusUnknown,
		},
		{
			name: "a query's dimensions unknown",
			alarm: math(func(_ *Alarm, q *MetricQuery) {
				q.MetricStat.Dimensions, q.MetricStat.UnknownFields = nil, []string{"dimensions"}
			}),
			unresolved: []string{aurora, orders, users},
			reasons:    []string{"the dimensions of its query m1 are" + afterApply},
			orphaned:   StatusUnknown,
		},
		{
			name: "a query's namespace unknown",
			alarm: math(func(_ *Alarm, q *MetricQuery) {
				q.MetricStat.Namespace, q.MetricStat.UnknownFields = "", []string{"namespace"}
			}),
			unresolved: []string{orders},
			reasons:    []string{"the namespace of its query m1 is" + afterApply},
			orphaned:   StatusUnknown,
		},
		{
			name: "a query's account and metric name unknown",
			alarm: math(func(_ *Alarm, q *MetricQuery) {
				q.AccountUnknown = true
				q.MetricStat.MetricName, q.MetricStat.UnknownFields = "", []string{"metric_name"}
			}),
			unresolved: []string{orders, remote},
			reasons:    []string{"the account of its query m1 is" + afterApply, "the metric name of its query m1 is" + afterApply},
			orphaned:   StatusUnknown,
		},
		{
			// It reads some metric of orders: which, SW-MA-01 cannot tell.
			name:       "metric name unknown",
			alarm:      plain("metric_name"),
			unresolved: []string{orders},
			reasons:    []string{"its metric name is" + afterApply},
			// Whatever the metric, the store its dimension names exists.
			orphaned: StatusNo,
		},
		{
			name:       "namespace unknown",
			alarm:      plain("namespace"),
			unresolved: []string{orders},
			reasons:    []string{"its namespace is" + afterApply},
			orphaned:   StatusUnknown,
		},
		{
			name:       "dimensions unknown",
			alarm:      plain("dimensions"),
			unresolved: []string{aurora, orders, users},
			reasons:    []string{"its dimensions are" + afterApply},
			orphaned:   StatusUnknown,
		},
		{
			// The mapping marks the dimensions field unknown for a value too; the name stays,
			// so a cluster (DBClusterIdentifier) is not among the stores it might watch.
			name: "a dimension's value unknown",
			alarm: alarm("a", planned, func(a *Alarm) {
				a.Dimensions, a.UnknownFields = []Dimension{{Name: "DBInstanceIdentifier"}}, []string{"dimensions"}
			}),
			unresolved: []string{orders, users},
			reasons:    []string{"the value of its dimension DBInstanceIdentifier is" + afterApply},
			orphaned:   StatusUnknown,
		},
		{
			// A live alarm on another service's metric names no store, known or not.
			name: "dimensions unknown, not a store's namespace",
			alarm: alarm("a", func(a *Alarm) {
				a.Namespace, a.Dimensions, a.UnknownFields = "AWS/EC2", nil, []string{"dimensions"}
			}),
			orphaned: StatusNo,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := crossAccountSnapshot()
			s.DBInstances = append(s.DBInstances, dbInstance("users"), dbInstance("orders", func(d *DBInstance) {
				d.ID, d.ARN, d.Region = elsewhere, elsewhere, "eu-west-1"
			}))
			s.DBClusters = []DBCluster{{Meta: Meta{ID: aurora, ARN: aurora, Name: "aurora", Type: TypeDBCluster,
				AccountID: tAcct, Region: tRegion}, Engine: "aurora-postgresql"}}
			s.DynamoDBTables = []DynamoDBTable{{Meta: Meta{ID: events, ARN: events, Name: "events", Type: TypeDynamoDBTable,
				AccountID: tAcct, Region: tRegion}}}
			s.Alarms = []Alarm{tt.alarm}
			Resolve(s)
			var unresolved, links []string
			reasons := map[string][]string{}
			for _, st := range s.stores() {
				for _, l := range st.posture.Alarms {
					links = append(links, st.meta.ID+" "+l.Alarm)
				}
				for _, id := range st.posture.UnresolvedAlarms {
					unresolved = append(unresolved, st.meta.ID)
					if id != tt.alarm.ID {
						t.Errorf("%s: unresolved alarm %s", st.meta.ID, id)
					}
				}
				for _, u := range st.posture.UnresolvedReasons {
					reasons[st.meta.ID] = u.Reasons
				}
			}
			var wantLinks []string
			for _, id := range tt.links {
				wantLinks = append(wantLinks, id+" "+tt.alarm.ID)
			}
			if d := cmp.Diff(wantLinks, links, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("links (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.unresolved, unresolved, cmpopts.EquateEmpty(), cmpopts.SortSlices(func(a, b string) bool { return a < b })); d != "" {
				t.Errorf("stores with the alarm unresolved (-want +got):\n%s", d)
			}
			for _, id := range tt.unresolved {
				if d := cmp.Diff(tt.reasons, reasons[id]); d != "" {
					t.Errorf("%s: reasons (-want +got):\n%s", id, d)
				}
			}
			if got := s.Alarms[0].Posture.Orphaned; got != tt.orphaned {
				t.Errorf("orphaned = %q, want %q", got, tt.orphaned)
			}
		})
	}
}

// TestResolveUnnamedReplicationGroupMembers: a replication group a plan creates has no
// member cluster ids until apply (ElastiCache names them GROUP-001, or GROUP-0001-001 in
// cluster mode). An alarm on CacheClusterId sessions-001 might watch the new group sessions:
// undecided, never a missing alarm. An alarm on another group's member, on a cluster the
// snapshot knows, or on a name of another form is not.
func TestResolveUnnamedReplicationGroupMembers(t *testing.T) {
	s := baseSnapshot()
	s.SNSTopics = []SNSTopic{topic(tTopic, confirmedSub(1))}
	group := func(name string, members []string, unknown ...string) ElastiCacheCluster {
		return ElastiCacheCluster{Meta: Meta{ID: "aws_elasticache_replication_group." + name, Name: name, Type: TypeElastiCacheReplicationGroup,
			AccountID: tAcct, Region: tRegion, UnknownFields: unknown}, Engine: "redis", Members: members}
	}
	s.ElastiCacheClusters = []ElastiCacheCluster{
		group("sessions", nil, "members"),
		group("sessions-cache", []string{"sessions-cache-001"}),
	}
	cache := func(name, cluster string) Alarm {
		return alarm(name, func(a *Alarm) {
			a.Namespace = NamespaceElastiCache
			a.Dimensions = []Dimension{{Name: "CacheClusterId", Value: cluster}}
		})
	}
	s.Alarms = []Alarm{
		cache("disabled-mode", "sessions-001"),
		cache("enabled-mode", "sessions-0002-001"),
		cache("known-member", "sessions-cache-001"),
		cache("other-form", "sessions-primary"),
		cache("other-region", "sessions-002"),
	}
	s.Alarms[4].Region = "eu-west-1"
	Resolve(s)

	want := []string{findAlarm(t, s, "disabled-mode").ID, findAlarm(t, s, "enabled-mode").ID}
	new := s.ElastiCacheClusters[0].Posture
	if d := cmp.Diff(want, new.UnresolvedAlarms); d != "" {
		t.Errorf("new group's undecided alarms (-want +got):\n%s", d)
	}
	if len(new.UnresolvedReasons) != 2 || !strings.Contains(strings.Join(new.UnresolvedReasons[0].Reasons, ";"), "named only at apply") {
		t.Errorf("reasons = %+v, want the member clusters named at apply", new.UnresolvedReasons)
	}
	if len(new.Alarms) != 0 {
		t.Errorf("new group's alarms = %+v, want none decided", new.Alarms)
	}
	if old := s.ElastiCacheClusters[1].Posture; len(old.UnresolvedAlarms) != 0 || len(old.Alarms) != 1 {
		t.Errorf("known group: alarms %+v, undecided %v; want known-member only, decided", old.Alarms, old.UnresolvedAlarms)
	}
}

// TestResolveS3RequestMetricFilter: S3 publishes a bucket's request metrics (4xxErrors,
// 5xxErrors, ...) only for its metrics configurations, with the configuration's id as
// FilterId. An alarm on one without FilterId, or with a FilterId the bucket has no
// configuration of, watches nothing; a storage metric needs none. When the FilterId or the
// bucket's configurations are known only after apply, the alarm is undecided.
func TestResolveS3RequestMetricFilter(t *testing.T) {
	s := baseSnapshot()
	s.SNSTopics = []SNSTopic{topic(tTopic, confirmedSub(1))}
	bucket := func(name string, configs []string, unknown ...string) S3Bucket {
		return S3Bucket{Meta: Meta{ID: "arn:aws:s3:::" + name, ARN: "arn:aws:s3:::" + name, Name: name, Type: TypeS3Bucket,
			AccountID: tAcct, Region: tRegion, UnknownFields: unknown}, MetricsConfigurations: configs}
	}
	s.S3Buckets = []S3Bucket{bucket("docs", []string{"EntireBucket"}), bucket("planned", nil, "metrics_configurations")}
	on := func(name, bucket, metric string, filter *string) Alarm {
		return alarm(name, func(a *Alarm) {
			a.Namespace, a.MetricName = NamespaceS3, metric
			a.Dimensions = []Dimension{{Name: "BucketName", Value: bucket}}
			if filter != nil {
				a.Dimensions = append(a.Dimensions, Dimension{Name: "FilterId", Value: *filter})
			}
		})
	}
	entire, other, unknown := "EntireBucket", "documents", ""
	s.Alarms = []Alarm{
		on("with-filter", "docs", "5xxErrors", &entire),
		on("no-filter", "docs", "4xxErrors", nil),
		on("other-filter", "docs", "4xxErrors", &other),
		on("filter-after-apply", "docs", "4xxErrors", &unknown),
		on("storage", "docs", "BucketSizeBytes", nil),
		on("planned-filter", "planned", "5xxErrors", &entire),
	}
	Resolve(s)

	names := func(b S3Bucket) (linked []string) {
		for _, l := range b.Posture.Alarms {
			linked = append(linked, l.Name)
		}
		return linked
	}
	if d := cmp.Diff([]string{"storage", "with-filter"}, names(s.S3Buckets[0])); d != "" {
		t.Errorf("docs alarms (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{findAlarm(t, s, "filter-after-apply").ID}, s.S3Buckets[0].Posture.UnresolvedAlarms); d != "" {
		t.Errorf("docs undecided alarms (-want +got):\n%s", d)
	}
	if got := names(s.S3Buckets[1]); len(got) != 0 {
		t.Errorf("planned bucket alarms %v, want none decided", got)
	}
	if d := cmp.Diff([]string{findAlarm(t, s, "planned-filter").ID}, s.S3Buckets[1].Posture.UnresolvedAlarms); d != "" {
		t.Errorf("planned bucket undecided alarms (-want +got):\n%s", d)
	}
}

// TestResolveOpenSearchClientID: OpenSearch Service publishes a domain's metrics with
// DomainName and ClientId, its account. An alarm without ClientId, or with another account's,
// watches nothing; one whose ClientId is known only after apply is undecided.
func TestResolveOpenSearchClientID(t *testing.T) {
	s := baseSnapshot()
	s.SNSTopics = []SNSTopic{topic(tTopic, confirmedSub(1))}
	s.OpenSearchDomains = []OpenSearchDomain{{Meta: Meta{ID: "arn:aws:es:us-east-1:111122223333:domain/logs", Name: "logs",
		Type: TypeOpenSearchDomain, AccountID: tAcct, Region: tRegion}}}
	on := func(name string, client *string) Alarm {
		return alarm(name, func(a *Alarm) {
			a.Namespace, a.MetricName = NamespaceOpenSearch, "ClusterStatus.red"
			a.Dimensions = []Dimension{{Name: "DomainName", Value: "logs"}}
			if client != nil {
				a.Dimensions = append(a.Dimensions, Dimension{Name: "ClientId", Value: *client})
			}
		})
	}
	own, other, unknown := tAcct, "444455556666", ""
	s.Alarms = []Alarm{on("own", &own), on("none", nil), on("other", &other), on("after-apply", &unknown)}
	Resolve(s)

	var linked []string
	for _, l := range s.OpenSearchDomains[0].Posture.Alarms {
		linked = append(linked, l.Name)
	}
	if d := cmp.Diff([]string{"own"}, linked); d != "" {
		t.Errorf("domain alarms (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{findAlarm(t, s, "after-apply").ID}, s.OpenSearchDomains[0].Posture.UnresolvedAlarms); d != "" {
		t.Errorf("domain undecided alarms (-want +got):\n%s", d)
	}
}

// TestResolveTableMetricDimensions: DynamoDB publishes ReplicationLatency only per receiving
// Region and SuccessfulRequestLatency only per operation: an alarm on TableName alone
// watches nothing. Throttling and errors need nothing more.
func TestResolveTableMetricDimensions(t *testing.T) {
	s := baseSnapshot()
	s.SNSTopics = []SNSTopic{topic(tTopic, confirmedSub(1))}
	s.DynamoDBTables = []DynamoDBTable{table("orders", tAcct, tRegion)}
	s.DynamoDBTables[0].ReplicaRegions = []string{"eu-west-1"}
	on := func(name, metric string, extra ...Dimension) Alarm {
		return alarm(name, func(a *Alarm) {
			a.Namespace, a.MetricName = NamespaceDynamoDB, metric
			a.Dimensions = append([]Dimension{{Name: "TableName", Value: "orders"}}, extra...)
		})
	}
	s.Alarms = []Alarm{
		on("lag-per-region", "ReplicationLatency", Dimension{Name: "ReceivingRegion", Value: "eu-west-1"}),
		on("lag-table-only", "ReplicationLatency"),
		on("latency-table-only", "SuccessfulRequestLatency"),
		on("throttles", "ReadThrottleEvents"),
	}
	Resolve(s)
	var linked []string
	for _, l := range s.DynamoDBTables[0].Posture.Alarms {
		linked = append(linked, l.Name)
	}
	if d := cmp.Diff([]string{"lag-per-region", "throttles"}, linked); d != "" {
		t.Errorf("table alarms (-want +got):\n%s", d)
	}
}

// TestResolveTopicWithAWSManagedKey: CloudWatch cannot publish to a topic encrypted with the
// AWS managed key aws/sns (its key policy grants CloudWatch nothing, and cannot be changed),
// so an alarm whose only topic is one reaches no one, however many confirmed subscribers
// it has; a customer managed key is fine.
func TestResolveTopicWithAWSManagedKey(t *testing.T) {
	const cmkTopic = "arn:aws:sns:us-east-1:111122223333:cmk"
	for _, tt := range []struct {
		name, key, topic, want string
	}{
		{"alias", "alias/aws/sns", tTopic, StatusNo},
		{"alias ARN", "arn:aws:kms:us-east-1:111122223333:alias/aws/sns", tTopic, StatusNo},
		{"customer managed key", "arn:aws:kms:us-east-1:111122223333:key/k1", cmkTopic, StatusYes},
		{"no key", "", tTopic, StatusYes},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := baseSnapshot()
			tp := topic(tt.topic, confirmedSub(1))
			tp.KMSKeyID = tt.key
			s.SNSTopics = []SNSTopic{tp}
			s.KMSKeys = []KMSKey{{ARN: "arn:aws:kms:us-east-1:111122223333:key/k1", AccountID: tAcct, Region: tRegion, KeyManager: "CUSTOMER"}}
			s.Alarms = []Alarm{alarm("cpu", func(a *Alarm) { a.AlarmActions = []string{tt.topic} })}
			Resolve(s)
			p := s.Alarms[0].Posture
			if p.Notifies != tt.want || (tt.want == StatusNo && !strings.Contains(strings.Join(p.Problems, ";"), "AWS managed key")) {
				t.Errorf("notifies %s, problems %v; want %s", p.Notifies, p.Problems, tt.want)
			}
		})
	}
}

// TestResolveTopicWithUnusableKey: SNS encrypts each message with the topic's key, so while
// the key is disabled or pending deletion an alarm's notification is lost, whoever
// subscribes; a key whose state is not known leaves the verdict to the subscribers.
func TestResolveTopicWithUnusableKey(t *testing.T) {
	const key = "arn:aws:kms:us-east-1:111122223333:key/k1"
	for _, tt := range []struct {
		state, want string
	}{
		{KeyStateEnabled, StatusYes},
		{KeyStateDisabled, StatusNo},
		{KeyStatePendingDeletion, StatusNo},
		{KeyStateUnavailable, StatusNo},
		{"", StatusYes},
		{"SomethingNew", StatusYes},
	} {
		t.Run(tt.state, func(t *testing.T) {
			s := baseSnapshot()
			tp := topic(tTopic, confirmedSub(1))
			tp.KMSKeyID = key
			s.SNSTopics = []SNSTopic{tp}
			s.KMSKeys = []KMSKey{{ARN: key, AccountID: tAcct, Region: tRegion, KeyManager: "CUSTOMER", KeyState: tt.state}}
			s.Alarms = []Alarm{alarm("cpu")}
			Resolve(s)
			p := s.Alarms[0].Posture
			if p.Notifies != tt.want {
				t.Errorf("notifies %s, problems %v; want %s", p.Notifies, p.Problems, tt.want)
			}
			if tt.want == StatusNo {
				if !strings.Contains(strings.Join(p.Problems, ";"), "which is "+tt.state) {
					t.Errorf("problems %v do not name the key's state", p.Problems)
				}
				if c := p.Actions[0].ConfirmedSubscribers; c == nil || *c != 1 {
					t.Errorf("the topic's subscribers are still reported, got %v", c)
				}
			}
		})
	}
}

// TestResolveS3RequestMetricFilterNotListed: when the buckets' metrics configurations were
// not listed (the collector did not call, or could not call, ListBucketMetricsConfigurations),
// an alarm on a request metric might watch the bucket: undecided, never unlinked.
func TestResolveS3RequestMetricFilterNotListed(t *testing.T) {
	s := baseSnapshot()
	s.SNSTopics = []SNSTopic{topic(tTopic, confirmedSub(1))}
	s.S3Buckets = []S3Bucket{{Meta: Meta{ID: "arn:aws:s3:::docs", ARN: "arn:aws:s3:::docs", Name: "docs", Type: TypeS3Bucket, AccountID: tAcct, Region: tRegion}}}
	s.Errors = []CollectionError{{Source: SourceAWS, AccountID: tAcct, Service: "s3", Operation: "s3:ListBucketMetricsConfigurations", Code: CodeNotCollected}}
	s.Alarms = []Alarm{alarm("docs-5xx", func(a *Alarm) {
		a.Namespace, a.MetricName = NamespaceS3, "5xxErrors"
		a.Dimensions = []Dimension{{Name: "BucketName", Value: "docs"}, {Name: "FilterId", Value: "EntireBucket"}}
	})}
	Resolve(s)
	if d := cmp.Diff([]string{s.Alarms[0].ID}, s.S3Buckets[0].Posture.UnresolvedAlarms); d != "" {
		t.Errorf("undecided alarms (-want +got):\n%s", d)
	}
}

// TestResolveS3RequestMetricUndecidedReasons: why an alarm on a request metric could not be
// linked is worded as its cause: a live listing that failed (for the bucket, or for the whole
// account) or was not made, or a value a plan leaves unknown. Only the plan's says "plan".
func TestResolveS3RequestMetricUndecidedReasons(t *testing.T) {
	const op = "s3:ListBucketMetricsConfigurations"
	tests := []struct {
		name      string
		bucketErr bool
		snapErr   string // code of an account-wide error, "" for none
		unknown   bool
		want      string
	}{
		{"bucket listing failed", true, "", false,
			"the metrics configurations of bucket docs could not be listed (s3:ListBucketMetricsConfigurations failed), so whether it has EntireBucket is unknown"},
		{"account listing failed", false, "AccessDenied", false,
			"the metrics configurations of bucket docs could not be listed (s3:ListBucketMetricsConfigurations failed), so whether it has EntireBucket is unknown"},
		{"not collected", false, CodeNotCollected, false,
			"the metrics configurations of bucket docs were not collected (s3:ListBucketMetricsConfigurations was not called: no rule enabled for the collection needed it), so whether it has EntireBucket is unknown"},
		{"plan leaves them unknown", false, "", true,
			"the plan leaves the metrics configurations of bucket docs unknown until apply, so whether it has EntireBucket is unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := baseSnapshot()
			s.SNSTopics = []SNSTopic{topic(tTopic, confirmedSub(1))}
			b := S3Bucket{Meta: Meta{ID: "arn:aws:s3:::docs", ARN: "arn:aws:s3:::docs", Name: "docs", Type: TypeS3Bucket, AccountID: tAcct, Region: tRegion}}
			if tt.bucketErr {
				b.Errors = []CollectionError{{Source: SourceAWS, AccountID: tAcct, Service: "s3", Operation: op, Resource: b.ID, Code: "AccessDenied"}}
			}
			if tt.unknown {
				b.UnknownFields = []string{"metrics_configurations"}
			}
			s.S3Buckets = []S3Bucket{b}
			if tt.snapErr != "" {
				s.Errors = []CollectionError{{Source: SourceAWS, AccountID: tAcct, Service: "s3", Operation: op, Code: tt.snapErr}}
			}
			s.Alarms = []Alarm{alarm("docs-5xx", func(a *Alarm) {
				a.Namespace, a.MetricName = NamespaceS3, "5xxErrors"
				a.Dimensions = []Dimension{{Name: "BucketName", Value: "docs"}, {Name: "FilterId", Value: "EntireBucket"}}
			})}
			Resolve(s)
			want := []UnresolvedAlarm{{Alarm: s.Alarms[0].ID, Reasons: []string{tt.want}}}
			if d := cmp.Diff(want, s.S3Buckets[0].Posture.UnresolvedReasons); d != "" {
				t.Errorf("reasons (-want +got):\n%s", d)
			}
		})
	}
}
