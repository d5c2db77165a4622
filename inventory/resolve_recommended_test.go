package inventory

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAlarmKinds(t *testing.T) {
	on := true
	tests := []struct {
		name   string
		ref    storeRef
		kind   string
		traits []string
	}{
		{"instance", storeRef{db: &DBInstance{Engine: "mysql"}}, KindRDSInstance, []string{"always"}},
		{"instance with every trait", storeRef{db: &DBInstance{Engine: "postgres", ReplicaSourceID: "primary", PerformanceInsightsEnabled: &on}},
			KindRDSInstance, []string{"always", "postgres", "read_replica", "performance_insights"}},
		{"cluster member", storeRef{db: &DBInstance{Engine: "aurora-mysql", ClusterID: "c"}}, "", nil},
		{"aurora mysql", storeRef{cluster: &DBCluster{Meta: Meta{Type: TypeDBCluster}, Engine: "aurora-mysql"}}, KindAuroraMySQL, []string{"always"}},
		{"aurora postgresql", storeRef{cluster: &DBCluster{Meta: Meta{Type: TypeDBCluster}, Engine: "aurora-postgresql"}}, KindAuroraPostgreSQL, []string{"always", "postgres"}},
		{"multi-az cluster", storeRef{cluster: &DBCluster{Meta: Meta{Type: TypeDBCluster}, Engine: "mysql", PerformanceInsightsEnabled: &on}},
			KindRDSMultiAZCluster, []string{"always", "performance_insights"}},
		{"docdb", storeRef{cluster: &DBCluster{Meta: Meta{Type: TypeDocDBCluster}, Engine: "docdb"}}, KindDocDBCluster, []string{"always"}},
		{"neptune", storeRef{cluster: &DBCluster{Meta: Meta{Type: TypeNeptuneCluster}, Engine: "neptune"}}, KindNeptuneCluster, []string{"always"}},
		{"unknown cluster engine", storeRef{cluster: &DBCluster{Meta: Meta{Type: TypeDBCluster}, Engine: "something-new"}}, "", nil},
		{"global table", storeRef{table: &DynamoDBTable{ReplicaRegions: []string{"eu-west-1"}}}, KindDynamoDBTable, []string{"always", "global_table"}},
		{"bucket", storeRef{kind: KindS3Bucket}, KindS3Bucket, []string{"always"}},
		{"valkey with replicas", storeRef{cache: &ElastiCacheCluster{Engine: "valkey", Members: []string{"a", "b"}}}, KindElastiCacheRedis, []string{"always", "replicas"}},
		{"memcached", storeRef{cache: &ElastiCacheCluster{Engine: "memcached"}}, KindElastiCacheMemcached, []string{"always"}},
		{"shards without replicas", storeRef{cache: &ElastiCacheCluster{Engine: "redis", Members: []string{"g-0001-001", "g-0002-001", "g-0003-001"}, NodeGroups: 3}},
			KindElastiCacheRedis, []string{"always"}},
		{"shards with replicas", storeRef{cache: &ElastiCacheCluster{Engine: "redis", Members: []string{"g-0001-001", "g-0001-002", "g-0002-001", "g-0002-002"}, NodeGroups: 2}},
			KindElastiCacheRedis, []string{"always", "replicas"}},
		{"planned group with a replica", storeRef{cache: &ElastiCacheCluster{Engine: "redis", Replicas: ptr(1), Meta: Meta{UnknownFields: []string{"members"}}}},
			KindElastiCacheRedis, []string{"always", "replicas"}},
		{"planned shards without replicas", storeRef{cache: &ElastiCacheCluster{Engine: "redis", Replicas: ptr(0), NodeGroups: 3, Members: []string{"a", "b", "c", "d"}}},
			KindElastiCacheRedis, []string{"always"}},
		{"replication group member", storeRef{cache: &ElastiCacheCluster{Meta: Meta{Type: TypeElastiCacheCacheCluster}, Engine: "redis", ReplicationGroupID: "g"}}, "", nil},
		{"domain with masters", storeRef{domain: &OpenSearchDomain{DedicatedMasterEnabled: true}}, KindOpenSearchDomain, []string{"always", "dedicated_master"}},
		{"not a store", storeRef{}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, traits := alarmKind(&tt.ref)
			if kind != tt.kind || !slices.Equal(traits, tt.traits) {
				t.Errorf("got %q %v, want %q %v", kind, traits, tt.kind, tt.traits)
			}
		})
	}
}

func TestRecommendedAlarmTable(t *testing.T) {
	rows := DefaultRecommendedAlarms()
	if len(rows) != 14 {
		t.Errorf("%d kinds, want 14", len(rows))
	}
	when := []string{"always", "optional", "postgres", "read_replica", "performance_insights", "global_table", "replicas", "dedicated_master"}
	for kind, rs := range rows {
		seen := map[string]bool{}
		for _, r := range rs {
			if !slices.Contains(when, r.When) || !slices.Contains([]string{"cw", "os", "ext"}, r.Source) ||
				!slices.Contains([]string{opGT, opGE, opLT, opLE}, r.Comparison) || seen[r.Metric] {
				t.Errorf("%s: bad or repeated row %+v", kind, r)
			}
			seen[r.Metric] = true
		}
	}
	if th := rows[KindS3Bucket][1].Threshold; rows[KindS3Bucket][1].Metric != "5xxErrors" || th == nil || *th != 0.05 {
		t.Errorf("s3 5xxErrors row: %+v", rows[KindS3Bucket][1])
	}
}

func TestRecommendedRequired(t *testing.T) {
	table := DefaultAlarmTable()
	missing := func(kind string, traits ...string) []string {
		return judgeRecommended(kind, append([]string{"always"}, traits...), nil, table, nil, nil).Missing
	}
	base := []string{"CPUUtilization", "DatabaseConnections", "FreeStorageSpace", "FreeableMemory", "ReadLatency", "WriteLatency"}
	if got := missing(KindRDSInstance); !slices.Equal(got, base) {
		t.Errorf("rds_instance: %v", got)
	}
	all := []string{"CPUUtilization", "DBLoad", "DatabaseConnections", "FreeStorageSpace", "FreeableMemory", "MaximumUsedTransactionIDs", "ReadLatency", "ReplicaLag", "WriteLatency"}
	if got := missing(KindRDSInstance, "postgres", "read_replica", "performance_insights"); !slices.Equal(got, all) {
		t.Errorf("rds_instance with every trait: %v", got)
	}
	if !slices.Contains(missing(KindDynamoDBTable, "global_table"), "ReplicationLatency") || slices.Contains(missing(KindDynamoDBTable), "ReplicationLatency") {
		t.Error("ReplicationLatency is required of global tables only")
	}
	if got := missing(KindOpenSearchDomain, "dedicated_master"); !slices.Contains(got, "MasterCPUUtilization") || slices.Contains(got, "OldGenJVMMemoryPressure") {
		t.Errorf("opensearch_domain with masters: %v", got)
	}
	if got := missing(KindRedshiftServerlessNamespace); len(got) != 0 {
		t.Errorf("redshift_serverless_namespace: %v", got)
	}
	table.Required = map[string][]string{KindS3Bucket: {"5xxErrors"}}
	if got := missing(KindS3Bucket); !slices.Equal(got, []string{"5xxErrors"}) {
		t.Errorf("required parameter: %v", got)
	}
	if got := missing(KindDynamoDBTable); len(got) != 3 {
		t.Errorf("the required parameter of another kind changed dynamodb_table: %v", got)
	}
}

// s3Link is an alarm on a bucket metric with the recommended settings of the s3 rows.
func s3Link(metric string, mutate ...func(*AlarmLink)) AlarmLink {
	l := AlarmLink{Alarm: metric, Name: metric, Namespace: NamespaceS3, Metric: metric, Statistic: "Average",
		Threshold: ptr(0.05), ComparisonOperator: opGT, Period: 60, EvaluationPeriods: 15, DatapointsToAlarm: 15}
	for _, m := range mutate {
		m(&l)
	}
	return l
}

func judged(t *testing.T, table *AlarmTable, kind string, alarms ...AlarmLink) *RecommendedAlarms {
	t.Helper()
	if table == nil {
		table = DefaultAlarmTable()
	}
	specs := map[string]*rowSpec{}
	for _, r := range table.Rows[kind] {
		specs[r.Metric] = newRowSpec(r, table)
	}
	return judgeRecommended(kind, []string{"always"}, nil, table, specs, alarms)
}

// TestRecommendedSettings holds SW-MA-02's judgement of alarm settings.
func TestRecommendedSettings(t *testing.T) {
	set := func(f func(*AlarmLink)) func(*AlarmLink) { return f }
	tests := []struct {
		name   string
		kind   string
		alarms []AlarmLink
		// want is the status per judged metric and the deviations per alarm name.
		want map[string]string
		devs map[string][]string
	}{
		{"recommended settings", KindS3Bucket, []AlarmLink{s3Link("5xxErrors"), s3Link("4xxErrors")},
			map[string]string{"4xxErrors": StatusYes, "5xxErrors": StatusYes}, nil},
		{"more sensitive settings", KindS3Bucket, []AlarmLink{s3Link("5xxErrors", set(func(l *AlarmLink) {
			l.Statistic, l.Threshold, l.ComparisonOperator, l.Period, l.DatapointsToAlarm = "Maximum", ptr(0.01), opGE, 300, 0
		}))}, map[string]string{"5xxErrors": StatusYes}, nil},
		{"within tolerance", KindS3Bucket, []AlarmLink{s3Link("5xxErrors", set(func(l *AlarmLink) { l.Threshold = ptr(0.0525) }))},
			map[string]string{"5xxErrors": StatusYes}, nil},
		{"one good alarm of two", KindS3Bucket, []AlarmLink{
			s3Link("5xxErrors", set(func(l *AlarmLink) { l.Name, l.Threshold = "lax", ptr(0.5) })), s3Link("5xxErrors")},
			map[string]string{"5xxErrors": StatusYes}, map[string][]string{"lax": {"threshold"}}},
		{"anomaly band", KindS3Bucket, []AlarmLink{s3Link("5xxErrors", set(func(l *AlarmLink) {
			l.Threshold, l.ComparisonOperator = nil, "LessThanLowerOrGreaterThanUpperThreshold"
		}))}, map[string]string{"5xxErrors": StatusYes}, nil},
		{"no alarm is not judged", KindS3Bucket, nil, map[string]string{}, nil},
		{"every setting off", KindS3Bucket, []AlarmLink{s3Link("5xxErrors", set(func(l *AlarmLink) {
			l.Statistic, l.ComparisonOperator, l.Period, l.EvaluationPeriods, l.DatapointsToAlarm = "Minimum", opLT, 3600, 24, 24
		}))}, map[string]string{"5xxErrors": StatusNo}, map[string][]string{"5xxErrors": {"direction", "statistic", "window"}}},
		{"threshold too lax", KindS3Bucket, []AlarmLink{s3Link("5xxErrors", set(func(l *AlarmLink) { l.Threshold = ptr(0.5) }))},
			map[string]string{"5xxErrors": StatusNo}, map[string][]string{"5xxErrors": {"threshold"}}},
		{"exclusive edge on a binary metric", KindOpenSearchDomain, []AlarmLink{s3Link("ClusterStatus.red", set(func(l *AlarmLink) {
			l.Statistic, l.Threshold, l.EvaluationPeriods, l.DatapointsToAlarm = "Maximum", ptr(1.0), 1, 1
		}))}, map[string]string{"ClusterStatus.red": StatusNo}, map[string][]string{"ClusterStatus.red": {"threshold"}}},
		{"exclusive below the edge on a binary metric", KindOpenSearchDomain, []AlarmLink{s3Link("ClusterStatus.red", set(func(l *AlarmLink) {
			l.Statistic, l.Threshold, l.EvaluationPeriods, l.DatapointsToAlarm = "Maximum", ptr(0.0), 1, 1
		}))}, map[string]string{"ClusterStatus.red": StatusYes}, nil},
		{"lower bound too low, not judged without threshold", KindOpenSearchDomain, []AlarmLink{
			s3Link("Nodes", set(func(l *AlarmLink) {
				l.Statistic, l.Threshold, l.ComparisonOperator, l.Period, l.DatapointsToAlarm = "Minimum", ptr(3.0), opLT, 86400, 1
			})),
			s3Link("JVMMemoryPressure", set(func(l *AlarmLink) {
				l.Statistic, l.Threshold, l.ComparisonOperator, l.DatapointsToAlarm = "Maximum", ptr(100.0), opGE, 3
			}))}, map[string]string{"Nodes": StatusYes, "JVMMemoryPressure": StatusNo}, map[string][]string{"JVMMemoryPressure": {"threshold"}}},
		{"percentile and lower bound", KindRDSInstance, []AlarmLink{
			s3Link("ReadLatency", set(func(l *AlarmLink) { l.Statistic, l.Threshold, l.DatapointsToAlarm = "p99", ptr(0.02), 5 })),
			s3Link("EBSByteBalance%", set(func(l *AlarmLink) { l.Threshold, l.ComparisonOperator, l.DatapointsToAlarm = ptr(9.6), opLT, 3 })),
		}, map[string]string{"ReadLatency": StatusYes, "EBSByteBalance%": StatusYes}, nil},
		{"lower percentile", KindRDSInstance, []AlarmLink{
			s3Link("ReadLatency", set(func(l *AlarmLink) { l.Statistic, l.DatapointsToAlarm = "p50", 5 }))},
			map[string]string{"ReadLatency": StatusNo}, map[string][]string{"ReadLatency": {"statistic"}}},
		{"lower bound below tolerance", KindRDSInstance, []AlarmLink{
			s3Link("EBSByteBalance%", set(func(l *AlarmLink) { l.Threshold, l.ComparisonOperator, l.DatapointsToAlarm = ptr(2.0), opLE, 3 }))},
			map[string]string{"EBSByteBalance%": StatusNo}, map[string][]string{"EBSByteBalance%": {"threshold"}}},
		{"only metric math", KindS3Bucket, []AlarmLink{s3Link("5xxErrors", set(func(l *AlarmLink) { l.ViaMetricMath, l.Threshold = true, ptr(10.0) }))},
			map[string]string{"5xxErrors": StatusUnknown}, nil},
		{"metric math beside a direct alarm", KindS3Bucket, []AlarmLink{
			s3Link("5xxErrors", set(func(l *AlarmLink) { l.ViaMetricMath, l.Name = true, "math" })), s3Link("5xxErrors")},
			map[string]string{"5xxErrors": StatusYes}, nil},
		{"not a recommended metric", KindS3Bucket, []AlarmLink{s3Link("BytesDownloaded")}, map[string]string{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := judged(t, nil, tt.kind, tt.alarms...)
			status := map[string]string{}
			devs := map[string][]string{}
			for _, m := range r.Settings {
				status[m.Metric] = m.Status
				for _, a := range m.Alarms {
					if len(a.Deviations) > 0 {
						devs[a.Name] = a.Deviations
					}
				}
			}
			if diff := cmp.Diff(tt.want, status); diff != "" {
				t.Errorf("status (-want +got):\n%s", diff)
			}
			if tt.devs == nil {
				tt.devs = map[string][]string{}
			}
			if diff := cmp.Diff(tt.devs, devs); diff != "" {
				t.Errorf("deviations (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRecommendedSettingsParameters(t *testing.T) {
	table := DefaultAlarmTable()
	table.Rows[KindS3Bucket][1].Threshold = ptr(0.5)
	if r := judged(t, table, KindS3Bucket, s3Link("5xxErrors", func(l *AlarmLink) { l.Threshold = ptr(0.5) })); r.Settings[0].Status != StatusYes {
		t.Errorf("settings override: %+v", r.Settings)
	}
	table = DefaultAlarmTable()
	table.Tolerance, table.WindowFactor = 0, 1
	r := judged(t, table, KindS3Bucket, s3Link("5xxErrors", func(l *AlarmLink) { l.Threshold, l.DatapointsToAlarm = ptr(0.0525), 16 }))
	if got := r.Settings[0].Alarms[0].Deviations; !slices.Equal(got, []string{"threshold", "window"}) {
		t.Errorf("tolerance 0, window factor 1: %v", got)
	}
}

// TestRecommendedAutomation holds SW-AH-06's judgement.
func TestRecommendedAutomation(t *testing.T) {
	link := func(name, metric string, heals, unknown bool) AlarmLink {
		return AlarmLink{Name: name, Metric: metric, SelfHealing: heals, ActionsUnknown: unknown}
	}
	tests := []struct {
		name     string
		critical map[string][]string
		alarms   []AlarmLink
		status   string
		names    []string
	}{
		{"no automation", nil, []AlarmLink{link("throttles", "ReadThrottleEvents", false, false), link("errors", "SystemErrors", false, false)},
			StatusNo, []string{"errors", "throttles"}},
		{"one alarm heals", nil, []AlarmLink{link("throttles", "ReadThrottleEvents", true, false), link("errors", "SystemErrors", false, false)},
			StatusYes, []string{"throttles"}},
		{"only non-critical alarms", nil, []AlarmLink{link("consumed", "ConsumedReadCapacityUnits", false, false)}, "", nil},
		{"critical parameter", map[string][]string{KindDynamoDBTable: {"ConsumedReadCapacityUnits"}},
			[]AlarmLink{link("throttles", "ReadThrottleEvents", false, false)}, "", nil},
		{"actions unknown until apply", nil, []AlarmLink{link("throttles", "ReadThrottleEvents", false, true), link("errors", "SystemErrors", false, false)},
			StatusUnknown, []string{"throttles"}},
		{"heals although another is unknown", nil, []AlarmLink{link("throttles", "ReadThrottleEvents", false, true), link("errors", "SystemErrors", true, false)},
			StatusYes, []string{"errors"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table := DefaultAlarmTable()
			table.Critical = tt.critical
			r := judged(t, table, KindDynamoDBTable, tt.alarms...)
			if r.Automation != tt.status || !slices.Equal(r.AutomationAlarms, tt.names) {
				t.Errorf("got %q %v, want %q %v", r.Automation, r.AutomationAlarms, tt.status, tt.names)
			}
		})
	}
}

func TestResolveRecommendedAlarms(t *testing.T) {
	s := baseSnapshot()
	s.S3Buckets = []S3Bucket{{Meta: Meta{ID: "arn:aws:s3:::b", ARN: "arn:aws:s3:::b", Type: TypeS3Bucket, Name: "b", AccountID: tAcct, Region: tRegion}}}
	s.DBInstances = []DBInstance{{Meta: Meta{ID: "m", Type: TypeDBInstance, Name: "m", AccountID: tAcct, Region: tRegion}, ClusterID: "c"}}
	s.ElastiCacheClusters = []ElastiCacheCluster{{Meta: Meta{ID: "g-002", Type: TypeElastiCacheCacheCluster, Name: "g-002", AccountID: tAcct, Region: tRegion}, Engine: "redis", ReplicationGroupID: "g"}}
	Resolve(s)
	want := &RecommendedAlarms{Kind: KindS3Bucket, Metrics: 3, Missing: []string{"4xxErrors", "5xxErrors"}}
	if diff := cmp.Diff(want, s.S3Buckets[0].Posture.RecommendedAlarms); diff != "" {
		t.Errorf("bucket (-want +got):\n%s", diff)
	}
	if s.DBInstances[0].Posture.RecommendedAlarms != nil {
		t.Errorf("a cluster member is judged with its cluster, got %+v", s.DBInstances[0].Posture.RecommendedAlarms)
	}
	if s.ElastiCacheClusters[0].Posture.RecommendedAlarms != nil {
		t.Errorf("a replication group's member is judged with its group, got %+v", s.ElastiCacheClusters[0].Posture.RecommendedAlarms)
	}
	table := DefaultAlarmTable()
	table.Required = map[string][]string{KindS3Bucket: {"5xxErrors"}}
	ResolveWith(s, ResolveOptions{Alarms: table})
	if got := s.S3Buckets[0].Posture.RecommendedAlarms.Missing; !slices.Equal(got, []string{"5xxErrors"}) {
		t.Errorf("with the required parameter: %v", got)
	}
}

// TestRecommendedAlarmsDocumented keeps docs/recommended-alarms.md, which gives every row's
// source, in step with the table: each kind and metric of the table has a line there.
func TestRecommendedAlarmsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/recommended-alarms.md")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(doc), "\n") {
		if strings.HasPrefix(l, "| ") {
			lines = append(lines, l)
		}
	}
	for kind, rows := range DefaultRecommendedAlarms() {
		for _, r := range rows {
			if !slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, kind) && strings.Contains(l, r.Metric) }) &&
				!slices.ContainsFunc(lines, func(l string) bool {
					return strings.HasPrefix(kind, "aurora_") && strings.HasPrefix(l, "| aurora") && strings.Contains(l, r.Metric)
				}) && !documentedAsRDS(kind, r.Metric, lines) {
				t.Errorf("%s %s is not in docs/recommended-alarms.md", kind, r.Metric)
			}
		}
	}
}

// documentedAsRDS: the Multi-AZ and Aurora kinds share rows with rds_instance, and the docs
// say so in one line each.
func documentedAsRDS(kind, metric string, lines []string) bool {
	if kind != KindRDSMultiAZCluster && !strings.HasPrefix(kind, "aurora_") {
		return false
	}
	return slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, "| rds_instance | "+metric+" |") })
}

// An alarm on a global secondary index's throttling (TableName and GlobalSecondaryIndexName)
// does not watch the table's own: CloudWatch reports the table's ReadThrottleEvents under
// TableName alone, "but not for any global secondary indexes". It is linked to the table,
// marked with its index, and does not stand in for the table's recommended alarm.
func TestRecommendedAlarmsIgnoreIndexAlarms(t *testing.T) {
	s := baseSnapshot()
	s.SNSTopics = []SNSTopic{topic(tTopic, confirmedSub(1))}
	s.DynamoDBTables = []DynamoDBTable{{Meta: Meta{ID: "arn:aws:dynamodb:us-east-1:111122223333:table/orders", ARN: "arn:aws:dynamodb:us-east-1:111122223333:table/orders",
		Type: TypeDynamoDBTable, Name: "orders", AccountID: tAcct, Region: tRegion}}}
	on := func(name, metric string, dims ...Dimension) Alarm {
		return alarm(name, func(a *Alarm) {
			a.Namespace, a.MetricName, a.Statistic, a.Period, a.EvaluationPeriods = NamespaceDynamoDB, metric, "Sum", 60, 5
			a.Dimensions = append([]Dimension{{Name: "TableName", Value: "orders"}}, dims...)
		})
	}
	gsi := Dimension{Name: "GlobalSecondaryIndexName", Value: "by-customer"}
	s.Alarms = []Alarm{
		on("orders-gsi-read-throttles", "ReadThrottleEvents", gsi),
		on("orders-write-throttles", "WriteThrottleEvents"),
		on("orders-gsi-write-throttles", "WriteThrottleEvents", gsi),
		on("orders-system-errors", "SystemErrors"),
	}
	Resolve(s)
	p := s.DynamoDBTables[0].Posture
	if got := p.RecommendedAlarms.Missing; !slices.Equal(got, []string{"ReadThrottleEvents"}) {
		t.Errorf("missing = %v, want [ReadThrottleEvents]: an index's alarm does not watch the table's throttling", got)
	}
	for _, m := range p.RecommendedAlarms.Settings {
		for _, a := range m.Alarms {
			if strings.Contains(a.Name, "gsi") {
				t.Errorf("%s: the index alarm %s is judged as the table's", m.Metric, a.Name)
			}
		}
	}
	indexed := map[string]string{}
	for _, l := range p.Alarms {
		indexed[l.Name] = l.Index
	}
	want := map[string]string{"orders-gsi-read-throttles": "by-customer", "orders-write-throttles": "", "orders-gsi-write-throttles": "by-customer", "orders-system-errors": ""}
	if diff := cmp.Diff(want, indexed); diff != "" {
		t.Errorf("links (-want +got):\n%s", diff)
	}
}

// TestRecommendedUndecided: a replication group whose replicas a plan leaves unknown may
// need ReplicationLag; without an alarm on it the requirement is undecided, never excused.
func TestRecommendedUndecided(t *testing.T) {
	unknownReplicas := &ElastiCacheCluster{Engine: "redis", Meta: Meta{UnknownFields: []string{"members", "replicas"}}}
	tests := []struct {
		name     string
		cache    *ElastiCacheCluster
		alarmed  []string
		required map[string][]string
		want     []string
	}{
		{"replicas unknown", unknownReplicas, nil, nil, []string{"ReplicationLag"}},
		{"replicas unknown, lag alarmed", unknownReplicas, []string{"ReplicationLag"}, nil, nil},
		{"replicas unknown, required list replaced", unknownReplicas, nil, map[string][]string{KindElastiCacheRedis: {"CPUUtilization"}}, nil},
		{"replicas known", &ElastiCacheCluster{Engine: "redis", Replicas: ptr(0), Meta: Meta{UnknownFields: []string{"members"}}}, nil, nil, nil},
		{"member cluster", &ElastiCacheCluster{Engine: "redis", ReplicationGroupID: "g", Meta: Meta{UnknownFields: []string{"replicas"}}}, nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table := DefaultAlarmTable()
			table.Required = tt.required
			st := &storeRef{cache: tt.cache}
			var alarms []AlarmLink
			for _, m := range tt.alarmed {
				alarms = append(alarms, AlarmLink{Name: m, Metric: m})
			}
			traits := []string{"always"}
			if kind, tr := alarmKind(st); kind != "" {
				traits = tr
			}
			specs := map[string]*rowSpec{}
			for _, row := range table.Rows[KindElastiCacheRedis] {
				specs[row.Metric] = newRowSpec(row, table)
			}
			r := judgeRecommended(KindElastiCacheRedis, traits, undecidedTraits(st), table, specs, alarms)
			if d := cmp.Diff(tt.want, r.Undecided); d != "" {
				t.Errorf("undecided (-want +got):\n%s", d)
			}
			if slices.Contains(r.Missing, "ReplicationLag") {
				t.Errorf("missing %v holds ReplicationLag", r.Missing)
			}
		})
	}
}

// TestRecommendedUndecidedGlobalTable: a table whose replica blocks a plan leaves unknown
// may be a global table and need ReplicationLatency: undecided, never excused; a table with
// known replicas requires it, one with none known does not.
func TestRecommendedUndecidedGlobalTable(t *testing.T) {
	tests := []struct {
		name              string
		table             *DynamoDBTable
		missing, undecide []string
	}{
		{"replicas unknown", &DynamoDBTable{Meta: Meta{UnknownFields: []string{"replica_regions"}}}, nil, []string{"ReplicationLatency"}},
		{"replicas known", &DynamoDBTable{ReplicaRegions: []string{"eu-west-1"}}, []string{"ReplicationLatency"}, nil},
		{"no replicas", &DynamoDBTable{}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table := DefaultAlarmTable()
			st := &storeRef{table: tt.table}
			kind, traits := alarmKind(st)
			specs := map[string]*rowSpec{}
			for _, row := range table.Rows[kind] {
				specs[row.Metric] = newRowSpec(row, table)
			}
			var alarms []AlarmLink
			for _, m := range []string{"ReadThrottleEvents", "WriteThrottleEvents", "SystemErrors"} {
				alarms = append(alarms, AlarmLink{Name: m, Metric: m})
			}
			r := judgeRecommended(kind, traits, undecidedTraits(st), table, specs, alarms)
			if d := cmp.Diff(tt.missing, r.Missing); d != "" {
				t.Errorf("missing (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.undecide, r.Undecided); d != "" {
				t.Errorf("undecided (-want +got):\n%s", d)
			}
		})
	}
}
