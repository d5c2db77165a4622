package inventory

import (
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const (
	evAccount = "111122223333"
	evRegion  = "us-east-1"
	topicOK   = "arn:aws:sns:us-east-1:111122223333:ops"
	topicNone = "arn:aws:sns:us-east-1:111122223333:nobody"
	topicAway = "arn:aws:sns:us-east-1:999999999999:elsewhere"
)

func evMeta(id, typ, name string) Meta {
	return Meta{ID: id, ARN: id, Type: typ, Name: name, AccountID: evAccount, Region: evRegion}
}

// evTopic builds a topic whose subscriptions and resolved count agree, so the tests hold
// whether or not resolveTopics recounts them.
func evTopic(arn string, confirmed int) SNSTopic {
	t := SNSTopic{Meta: evMeta(arn, TypeSNSTopic, arn)}
	for i := 0; i < confirmed; i++ {
		t.Subscriptions = append(t.Subscriptions, Subscription{ARN: arn + ":" + string(rune('a'+i)), Protocol: "email", Confirmed: true})
	}
	t.Posture.ConfirmedSubscribers = confirmed
	return t
}

type subOpt func(*EventSubscription)

func evSub(id, service, sourceType, topic string, opts ...subOpt) EventSubscription {
	typ := TypeRDSEventSubscription
	if service == subscriptionServiceRedshift {
		typ = TypeRedshiftEventSubscription
	}
	e := EventSubscription{Meta: evMeta(id, typ, id), Service: service, SourceType: sourceType, SNSTopicARN: topic, Enabled: true, Status: "active"}
	for _, o := range opts {
		o(&e)
	}
	return e
}

func categories(c ...string) subOpt { return func(e *EventSubscription) { e.EventCategories = c } }
func sources(ids ...string) subOpt  { return func(e *EventSubscription) { e.SourceIDs = ids } }
func disabled() subOpt              { return func(e *EventSubscription) { e.Enabled = false } }
func inRegion(r string) subOpt      { return func(e *EventSubscription) { e.Region = r } }
func status(s string) subOpt        { return func(e *EventSubscription) { e.Status = s } }

func baseEventSnapshot() *Snapshot {
	return &Snapshot{
		Accounts:  []Account{{Meta: Meta{ID: evAccount, Type: TypeAccount, AccountID: evAccount}, Regions: []string{evRegion}}},
		SNSTopics: []SNSTopic{evTopic(topicOK, 2), evTopic(topicNone, 0)},
	}
}

func TestSubscriptionNotified(t *testing.T) {
	tests := []struct {
		name   string
		sub    EventSubscription
		errors []CollectionError
		topic  func(*SNSTopic)
		want   string
	}{
		{name: "topic with a confirmed subscriber", sub: evSub("s", "rds", "db-instance", topicOK), want: StatusYes},
		{name: "topic without confirmed subscriber", sub: evSub("s", "rds", "db-instance", topicNone), want: StatusNo},
		{name: "topic outside the snapshot", sub: evSub("s", "rds", "db-instance", topicAway), want: StatusUnknown},
		{name: "no topic", sub: evSub("s", "rds", "db-instance", ""), want: StatusNo},
		{name: "service reports the topic gone", sub: evSub("s", "rds", "db-instance", topicOK, status("topic-not-exist")), want: StatusNo},
		{name: "service reports no permission", sub: evSub("s", "redshift", "cluster", topicOK, status("no-permission")), want: StatusNo},
		{
			name: "subscriptions of the region could not be listed",
			sub:  evSub("s", "rds", "db-instance", topicNone),
			errors: []CollectionError{{AccountID: evAccount, Region: evRegion, Service: "sns",
				Operation: "sns:ListSubscriptions", Code: "AccessDenied"}},
			want: StatusUnknown,
		},
		{
			name: "subscriptions of the topic could not be read",
			sub:  evSub("s", "rds", "db-instance", topicNone),
			topic: func(t *SNSTopic) {
				t.Errors = []CollectionError{{Operation: "sns:ListSubscriptions", Code: "Throttling"}}
			},
			want: StatusUnknown,
		},
		{
			name: "subscriptions of the topic could not be listed by topic",
			sub:  evSub("s", "rds", "db-instance", topicNone),
			topic: func(t *SNSTopic) {
				t.Errors = []CollectionError{{Operation: "sns:ListSubscriptionsByTopic", Code: "AuthorizationError", Resource: t.ARN}}
			},
			want: StatusUnknown,
		},
		{
			name: "an unrelated error on the topic does not hide its subscribers",
			sub:  evSub("s", "rds", "db-instance", topicOK),
			topic: func(t *SNSTopic) {
				t.Errors = []CollectionError{{Operation: "sns:ListTagsForResource", Code: "AccessDenied"}}
			},
			want: StatusYes,
		},
		{
			name: "plan leaves the topic unknown",
			sub: func() EventSubscription {
				e := evSub("s", "rds", "db-instance", "")
				e.UnknownFields = []string{"sns_topic_arn"}
				return e
			}(),
			want: StatusUnknown,
		},
		{name: "disabled subscription is judged on its topic alone", sub: evSub("s", "rds", "db-instance", topicOK, disabled()), want: StatusYes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := baseEventSnapshot()
			s.Errors = tt.errors
			if tt.topic != nil {
				for i := range s.SNSTopics {
					tt.topic(&s.SNSTopics[i])
				}
			}
			s.EventSubscriptions = []EventSubscription{tt.sub}
			Resolve(s)
			if got := s.EventSubscriptions[0].Posture.Notified; got != tt.want {
				t.Errorf("notified = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTopicUsedBySubscriptions(t *testing.T) {
	s := baseEventSnapshot()
	s.EventSubscriptions = []EventSubscription{evSub("b", "rds", "db-instance", topicOK), evSub("a", "redshift", "", topicOK)}
	Resolve(s)
	var got []string
	for _, tp := range s.SNSTopics {
		if tp.ARN == topicOK {
			got = tp.Posture.UsedBy
		}
	}
	if diff := cmp.Diff([]string{"a", "b"}, got); diff != "" {
		t.Errorf("used_by (-want +got):\n%s", diff)
	}
}

func entryOf(r RegionScope, sourceType string) *SourceTypeSubscriptions {
	for i := range r.Posture.RDSEventSubscriptions {
		if r.Posture.RDSEventSubscriptions[i].SourceType == sourceType {
			return &r.Posture.RDSEventSubscriptions[i]
		}
	}
	return nil
}

func TestRegionRDSEventSubscriptions(t *testing.T) {
	empty := func(st string) SourceTypeSubscriptions {
		return SourceTypeSubscriptions{SourceType: st, Categories: []string{}, Subscriptions: []string{}, Notified: StatusNo,
			CategoryNotified: map[string]string{}, ScopedSubscriptions: []string{}}
	}
	tests := []struct {
		name       string
		subs       []EventSubscription
		sourceType string
		want       SourceTypeSubscriptions
	}{
		{name: "no subscription", sourceType: "db-cluster", want: empty("db-cluster")},
		{
			name:       "categories of an enabled subscription",
			subs:       []EventSubscription{evSub("s1", "rds", "db-cluster", topicOK, categories("maintenance", "failure"))},
			sourceType: "db-cluster",
			want: SourceTypeSubscriptions{SourceType: "db-cluster", Categories: []string{"failure", "maintenance"},
				Subscriptions: []string{"s1"}, Notified: StatusYes, ScopedSubscriptions: []string{},
				CategoryNotified: map[string]string{"failure": StatusYes, "maintenance": StatusYes}},
		},
		{
			name:       "a disabled subscription does not count",
			subs:       []EventSubscription{evSub("s1", "rds", "db-instance", topicOK, disabled())},
			sourceType: "db-instance",
			want:       empty("db-instance"),
		},
		{
			name:       "no categories means all",
			subs:       []EventSubscription{evSub("s1", "rds", "db-parameter-group", topicNone)},
			sourceType: "db-parameter-group",
			want: SourceTypeSubscriptions{SourceType: "db-parameter-group", Categories: []string{"*"},
				Subscriptions: []string{"s1"}, Notified: StatusNo, ScopedSubscriptions: []string{},
				CategoryNotified: map[string]string{"*": StatusNo}},
		},
		{
			name:       "no source type covers every type",
			subs:       []EventSubscription{evSub("s1", "rds", "", topicOK, categories("Failure"))},
			sourceType: "db-security-group",
			want: SourceTypeSubscriptions{SourceType: "db-security-group", Categories: []string{"failure"},
				Subscriptions: []string{"s1"}, Notified: StatusYes, ScopedSubscriptions: []string{},
				CategoryNotified: map[string]string{"failure": StatusYes}},
		},
		{
			name:       "a subscription limited to named sources is kept apart",
			subs:       []EventSubscription{evSub("s1", "rds", "db-instance", topicOK, sources("orders"))},
			sourceType: "db-instance",
			want: func() SourceTypeSubscriptions {
				e := empty("db-instance")
				e.ScopedSubscriptions = []string{"s1"}
				return e
			}(),
		},
		{
			name: "each category keeps the best notification of the subscriptions that cover it",
			subs: []EventSubscription{
				evSub("s1", "rds", "db-instance", topicNone, categories("failure", "maintenance")),
				evSub("s2", "rds", "db-instance", topicOK, categories("failure")),
				evSub("s3", "rds", "db-instance", topicAway, categories("configuration change")),
			},
			sourceType: "db-instance",
			want: SourceTypeSubscriptions{SourceType: "db-instance", Categories: []string{"configuration change", "failure", "maintenance"},
				Subscriptions: []string{"s1", "s2", "s3"}, Notified: StatusYes, ScopedSubscriptions: []string{},
				CategoryNotified: map[string]string{"failure": StatusYes, "maintenance": StatusNo, "configuration change": StatusUnknown}},
		},
		{
			name: "all categories beside named ones",
			subs: []EventSubscription{
				evSub("s1", "rds", "db-instance", topicAway),
				evSub("s2", "rds", "db-instance", topicOK, categories("failure")),
			},
			sourceType: "db-instance",
			want: SourceTypeSubscriptions{SourceType: "db-instance", Categories: []string{"*"},
				Subscriptions: []string{"s1", "s2"}, Notified: StatusYes, ScopedSubscriptions: []string{},
				CategoryNotified: map[string]string{"*": StatusUnknown, "failure": StatusYes}},
		},
		{
			name:       "Redshift and other-region subscriptions do not count",
			subs:       []EventSubscription{evSub("s1", "redshift", "", topicOK), evSub("s2", "rds", "db-instance", topicOK, inRegion("eu-west-1"))},
			sourceType: "db-instance",
			want:       empty("db-instance"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := baseEventSnapshot()
			s.EventSubscriptions = tt.subs
			Resolve(s)
			var region *RegionScope
			for i := range s.Regions {
				if s.Regions[i].Region == evRegion {
					region = &s.Regions[i]
				}
			}
			if region == nil {
				t.Fatal("no region scope for us-east-1")
			}
			for _, st := range rdsRegionSourceTypes {
				if entryOf(*region, st) == nil {
					t.Errorf("no entry for %s", st)
				}
			}
			got := entryOf(*region, tt.sourceType)
			if got == nil {
				t.Fatalf("no entry for %s", tt.sourceType)
			}
			if diff := cmp.Diff(tt.want, *got); diff != "" {
				t.Errorf("entry (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStoreEventNotification(t *testing.T) {
	listFailed := []CollectionError{{AccountID: evAccount, Region: evRegion, Service: "rds", Operation: "rds:DescribeEventSubscriptions", Code: "AccessDenied"}}
	tests := []struct {
		name     string
		subs     []EventSubscription
		errors   []CollectionError
		store    func(*Snapshot)
		wantSubs []string
		want     Coverage
	}{
		{
			name:     "instance covered by a subscription to every instance",
			subs:     []EventSubscription{evSub("s1", "rds", "db-instance", topicOK)},
			store:    evDBInstance("orders"),
			wantSubs: []string{"s1"},
			want:     Coverage{Status: StatusYes, By: []string{"s1"}},
		},
		{
			name:     "subscription naming the instance covers it",
			subs:     []EventSubscription{evSub("s1", "rds", "db-instance", topicOK, sources("orders", "payments"))},
			store:    evDBInstance("orders"),
			wantSubs: []string{"s1"},
			want:     Coverage{Status: StatusYes, By: []string{"s1"}},
		},
		{
			name:     "subscription naming other instances does not",
			subs:     []EventSubscription{evSub("s1", "rds", "db-instance", topicOK, sources("payments"))},
			store:    evDBInstance("orders"),
			wantSubs: []string{},
			want:     Coverage{Status: StatusNo, By: []string{}, Reason: "no enabled rds event subscription covers it"},
		},
		{
			name:     "a disabled subscription does not cover",
			subs:     []EventSubscription{evSub("s1", "rds", "db-instance", topicOK, disabled())},
			store:    evDBInstance("orders"),
			wantSubs: []string{},
			want:     Coverage{Status: StatusNo, By: []string{}, Reason: "no enabled rds event subscription covers it"},
		},
		{
			name:     "a cluster subscription does not cover an instance",
			subs:     []EventSubscription{evSub("s1", "rds", "db-cluster", topicOK)},
			store:    evDBInstance("orders"),
			wantSubs: []string{},
			want:     Coverage{Status: StatusNo, By: []string{}, Reason: "no enabled rds event subscription covers it"},
		},
		{
			name:     "a subscription without source type covers everything",
			subs:     []EventSubscription{evSub("s1", "rds", "", topicOK)},
			store:    evDBInstance("orders"),
			wantSubs: []string{"s1"},
			want:     Coverage{Status: StatusYes, By: []string{"s1"}},
		},
		{
			name:     "covered, but nobody reads the topic",
			subs:     []EventSubscription{evSub("s1", "rds", "db-instance", topicNone)},
			store:    evDBInstance("orders"),
			wantSubs: []string{"s1"},
			want:     Coverage{Status: StatusNo, By: []string{}, Reason: "the SNS topics of its event subscriptions have no confirmed subscriber"},
		},
		{
			name:     "covered through a topic outside the snapshot",
			subs:     []EventSubscription{evSub("s1", "rds", "db-instance", topicAway)},
			store:    evDBInstance("orders"),
			wantSubs: []string{"s1"},
			want:     Coverage{Status: StatusUnknown, By: []string{}, Reason: "the SNS topic of a covering event subscription could not be read or is not in the snapshot"},
		},
		{
			name:     "subscriptions could not be listed",
			errors:   listFailed,
			store:    evDBInstance("orders"),
			wantSubs: []string{},
			want:     Coverage{Status: StatusUnknown, By: []string{}, Reason: "the rds event subscriptions of the region could not be listed (rds:DescribeEventSubscriptions failed)"},
		},
		{
			name:     "a subscription in another region does not cover",
			subs:     []EventSubscription{evSub("s1", "rds", "db-instance", topicOK, inRegion("eu-west-1"))},
			store:    evDBInstance("orders"),
			wantSubs: []string{},
			want:     Coverage{Status: StatusNo, By: []string{}, Reason: "no enabled rds event subscription covers it"},
		},
		{
			name:     "DocumentDB cluster covered by an RDS cluster subscription",
			subs:     []EventSubscription{evSub("s1", "rds", "db-cluster", topicOK, sources("docs")), evSub("s2", "rds", "db-instance", topicOK)},
			store:    evDBCluster(TypeDocDBCluster, "docs"),
			wantSubs: []string{"s1"},
			want:     Coverage{Status: StatusYes, By: []string{"s1"}},
		},
		{
			name:     "Neptune cluster covered by an RDS cluster subscription",
			subs:     []EventSubscription{evSub("s1", "rds", "db-cluster", topicOK)},
			store:    evDBCluster(TypeNeptuneCluster, "graph"),
			wantSubs: []string{"s1"},
			want:     Coverage{Status: StatusYes, By: []string{"s1"}},
		},
		{
			name:     "Redshift cluster covered by a Redshift subscription",
			subs:     []EventSubscription{evSub("s1", "redshift", "cluster", topicOK), evSub("s2", "rds", "", topicOK)},
			store:    redshiftCluster("warehouse"),
			wantSubs: []string{"s1"},
			want:     Coverage{Status: StatusYes, By: []string{"s1"}},
		},
		{
			name:     "Redshift cluster not covered by an RDS subscription",
			subs:     []EventSubscription{evSub("s2", "rds", "", topicOK)},
			store:    redshiftCluster("warehouse"),
			wantSubs: []string{},
			want:     Coverage{Status: StatusNo, By: []string{}, Reason: "no enabled redshift event subscription covers it"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := baseEventSnapshot()
			s.EventSubscriptions = tt.subs
			s.Errors = tt.errors
			tt.store(s)
			Resolve(s)
			got := onlyStorePosture(t, s)
			if diff := cmp.Diff(tt.wantSubs, got.EventSubscriptions); diff != "" {
				t.Errorf("event_subscriptions (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, got.EventNotification); diff != "" {
				t.Errorf("event_notification (-want +got):\n%s", diff)
			}
		})
	}
}

func evDBInstance(name string) func(*Snapshot) {
	return func(s *Snapshot) {
		s.DBInstances = append(s.DBInstances, DBInstance{Meta: evMeta("arn:aws:rds:us-east-1:111122223333:db:"+name, TypeDBInstance, name), Engine: "postgres"})
	}
}

func evDBCluster(typ, name string) func(*Snapshot) {
	return func(s *Snapshot) {
		s.DBClusters = append(s.DBClusters, DBCluster{Meta: evMeta("arn:aws:rds:us-east-1:111122223333:cluster:"+name, typ, name)})
	}
}

func redshiftCluster(name string) func(*Snapshot) {
	return func(s *Snapshot) {
		s.RedshiftClusters = append(s.RedshiftClusters, RedshiftCluster{Meta: evMeta("arn:aws:redshift:us-east-1:111122223333:cluster:"+name, TypeRedshiftCluster, name)})
	}
}

// onlyStorePosture returns the posture of the one data store of a test snapshot.
func onlyStorePosture(t *testing.T, s *Snapshot) *StorePosture {
	t.Helper()
	var out []*StorePosture
	for _, c := range s.Collections() {
		for i := 0; i < c.Len; i++ {
			if p := PostureOf(c.Item(i)); p != nil {
				out = append(out, p)
			}
		}
	}
	if len(out) != 1 {
		t.Fatalf("the snapshot has %d stores, want 1", len(out))
	}
	return out[0]
}

func TestStoreNotificationTopic(t *testing.T) {
	two, zero := 2, 0
	tests := []struct {
		name      string
		store     func(*Snapshot)
		wantTopic *ActionTarget
		want      Coverage
	}{
		{
			name:      "ElastiCache topic with subscribers",
			store:     cache(topicOK, nil),
			wantTopic: &ActionTarget{ARN: topicOK, Kind: ActionSNS, ConfirmedSubscribers: &two},
			want:      Coverage{Status: StatusYes, By: []string{topicOK}},
		},
		{
			name:      "ElastiCache topic nobody reads",
			store:     cache(topicNone, nil),
			wantTopic: &ActionTarget{ARN: topicNone, Kind: ActionSNS, ConfirmedSubscribers: &zero},
			want:      Coverage{Status: StatusNo, By: []string{}, Reason: "its notification topic has no confirmed subscriber"},
		},
		{
			name:  "ElastiCache without topic",
			store: cache("", nil),
			want:  Coverage{Status: StatusNo, By: []string{}, Reason: "it has no notification topic"},
		},
		{
			name:      "ElastiCache topic outside the snapshot",
			store:     cache(topicAway, nil),
			wantTopic: &ActionTarget{ARN: topicAway, Kind: ActionSNS},
			want:      Coverage{Status: StatusUnknown, By: []string{}, Reason: "its notification topic could not be read or is not in the snapshot"},
		},
		{
			name:      "plan leaves the ElastiCache topic unknown",
			store:     cache("", []string{"notification_topic"}),
			wantTopic: &ActionTarget{Kind: ActionSNS},
			want:      Coverage{Status: StatusUnknown, By: []string{}, Reason: "the plan leaves the notification topic unknown until apply"},
		},
		{
			// A replication group takes its topic from its member cache clusters: when they
			// could not be listed, an empty topic is one that was not read, not one not set.
			name: "ElastiCache group whose cache clusters could not be listed",
			store: func(s *Snapshot) {
				cache("", nil)(s)
				s.Errors = append(s.Errors, CollectionError{AccountID: evAccount, Region: evRegion, Service: "elasticache",
					Operation: "elasticache:DescribeCacheClusters", Code: "AccessDenied"})
			},
			want: Coverage{Status: StatusUnknown, By: []string{},
				Reason: "its notification topic, which only its member cache clusters carry, was not read (elasticache:DescribeCacheClusters failed)"},
		},
		{
			name: "ElastiCache group whose members the listing left out",
			store: func(s *Snapshot) {
				cache("", nil)(s)
				m := &s.ElastiCacheClusters[0].Meta
				m.Errors = []CollectionError{{AccountID: evAccount, Region: evRegion, Service: "elasticache",
					Operation: "elasticache:DescribeCacheClusters", Resource: m.ID, Code: "NotFound"}}
			},
			want: Coverage{Status: StatusUnknown, By: []string{},
				Reason: "its notification topic, which only its member cache clusters carry, was not read (elasticache:DescribeCacheClusters failed)"},
		},
		{
			name: "ElastiCache group whose cache clusters were not collected",
			store: func(s *Snapshot) {
				cache("", nil)(s)
				s.Errors = append(s.Errors, CollectionError{AccountID: evAccount, Service: "elasticache",
					Operation: "elasticache:DescribeCacheClusters", Code: CodeNotCollected})
			},
			want: Coverage{Status: StatusUnknown, By: []string{},
				Reason: "its notification topic, which only its member cache clusters carry, was not read (elasticache:DescribeCacheClusters was not called: no rule enabled for the collection needed it)"},
		},
		{
			name: "ElastiCache group with a topic although some cache clusters could not be listed",
			store: func(s *Snapshot) {
				cache(topicOK, nil)(s)
				s.Errors = append(s.Errors, CollectionError{AccountID: evAccount, Region: evRegion, Service: "elasticache",
					Operation: "elasticache:DescribeCacheClusters", Code: "AccessDenied"})
			},
			wantTopic: &ActionTarget{ARN: topicOK, Kind: ActionSNS, ConfirmedSubscribers: &two},
			want:      Coverage{Status: StatusYes, By: []string{topicOK}},
		},
		{
			name: "MemoryDB topic with subscribers",
			store: func(s *Snapshot) {
				s.MemoryDBClusters = []MemoryDBCluster{{Meta: evMeta("arn:aws:memorydb:us-east-1:111122223333:cluster/mem", TypeMemoryDBCluster, "mem"), SNSTopicARN: topicOK}}
			},
			wantTopic: &ActionTarget{ARN: topicOK, Kind: ActionSNS, ConfirmedSubscribers: &two},
			want:      Coverage{Status: StatusYes, By: []string{topicOK}},
		},
		{
			name: "MemoryDB without topic",
			store: func(s *Snapshot) {
				s.MemoryDBClusters = []MemoryDBCluster{{Meta: evMeta("arn:aws:memorydb:us-east-1:111122223333:cluster/mem", TypeMemoryDBCluster, "mem")}}
			},
			want: Coverage{Status: StatusNo, By: []string{}, Reason: "it has no notification topic"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := baseEventSnapshot()
			tt.store(s)
			Resolve(s)
			got := onlyStorePosture(t, s)
			if diff := cmp.Diff(tt.wantTopic, got.Notification); diff != "" {
				t.Errorf("notification (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, got.EventNotification); diff != "" {
				t.Errorf("event_notification (-want +got):\n%s", diff)
			}
		})
	}
}

func cache(topic string, unknown []string) func(*Snapshot) {
	return func(s *Snapshot) {
		m := evMeta("arn:aws:elasticache:us-east-1:111122223333:replicationgroup:cache", TypeElastiCacheReplicationGroup, "cache")
		m.UnknownFields = unknown
		s.ElastiCacheClusters = []ElastiCacheCluster{{Meta: m, Engine: "redis", NotificationTopic: topic}}
	}
}

// BenchmarkResolveEvents measures event resolution on 100,000 instances and 1,000
// subscriptions that name their sources, the case a pairwise scan would make quadratic.
func BenchmarkResolveEvents(b *testing.B) {
	s := baseEventSnapshot()
	const n = 100000
	s.DBInstances = make([]DBInstance, n)
	for i := range s.DBInstances {
		name := "db" + itoa(i)
		s.DBInstances[i] = DBInstance{Meta: evMeta("arn:aws:rds:us-east-1:111122223333:db:"+name, TypeDBInstance, name)}
	}
	for i := 0; i < 1000; i++ {
		s.EventSubscriptions = append(s.EventSubscriptions, evSub("s"+itoa(i), "rds", "db-instance", topicOK, sources("db"+itoa(i*100))))
	}
	ix := newIndex(s)
	resolveTopics(s, ix)
	for b.Loop() {
		resolveEvents(s, ix)
	}
	if got := s.DBInstances[100].Posture.EventSubscriptions; len(got) != 1 || got[0] != "s1" {
		b.Errorf("db100 event_subscriptions = %v, want [s1]", got)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestBucketNotificationReach(t *testing.T) {
	s := baseEventSnapshot()
	s.S3Buckets = []S3Bucket{{Meta: evMeta("arn:aws:s3:::b", TypeS3Bucket, "b"), Notifications: []BucketNotification{
		{Kind: ActionSNS, ARN: topicOK}, {Kind: ActionSNS, ARN: topicNone}, {Kind: ActionSNS, ARN: topicAway},
		{Kind: "sqs", ARN: "arn:aws:sqs:us-east-1:111122223333:q"},
	}}}
	Resolve(s)
	got := map[string]string{}
	for _, n := range s.S3Buckets[0].Notifications {
		got[n.ARN] = n.Reach
	}
	want := map[string]string{topicOK: StatusYes, topicNone: StatusNo, topicAway: StatusUnknown, "arn:aws:sqs:us-east-1:111122223333:q": ""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("reach (-want +got):\n%s", diff)
	}
}

// TestTopicWithAWSManagedKeyReachesNoOne: a service publishes to an encrypted topic only with
// a customer managed key that lets it; a topic encrypted with alias/aws/sns, whose policy
// cannot be changed, receives nothing from RDS, ElastiCache, MemoryDB or S3, however many
// confirmed subscribers it has.
func TestTopicWithAWSManagedKeyReachesNoOne(t *testing.T) {
	s := baseEventSnapshot()
	s.SNSTopics[0].KMSKeyID = "alias/aws/sns"
	s.S3Buckets = []S3Bucket{{Meta: evMeta("arn:aws:s3:::b", TypeS3Bucket, "b"), Notifications: []BucketNotification{{Kind: ActionSNS, ARN: topicOK}}}}
	s.EventSubscriptions = []EventSubscription{evSub("s", "rds", "db-instance", topicOK)}
	Resolve(s)
	if got := s.S3Buckets[0].Notifications[0].Reach; got != StatusNo {
		t.Errorf("bucket notification reach %q, want no", got)
	}
	ix := newIndex(s)
	if got := ix.subscriptionNotified(&s.EventSubscriptions[0]); got != StatusNo {
		t.Errorf("event subscription notified %q, want no", got)
	}
}
