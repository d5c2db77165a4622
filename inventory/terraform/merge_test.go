package terraform

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/inventory"
)

const liveAccount = "123456789012"

// liveSnapshot is the payments account of case 07 as a live scan would see it before the
// pull request, plus resources the plan does not manage.
func liveSnapshot() *inventory.Snapshot {
	meta := func(typ, arn, name string) inventory.Meta {
		return inventory.Meta{ID: arn, Type: typ, ARN: arn, Name: name, AccountID: liveAccount, Region: "us-east-1"}
	}
	yes := true
	return &inventory.Snapshot{
		SchemaVersion: inventory.SchemaVersion,
		Sources:       []inventory.Source{{Kind: inventory.SourceAWS, Accounts: []string{liveAccount}}},
		Accounts: []inventory.Account{{Meta: inventory.Meta{ID: liveAccount, Type: inventory.TypeAccount, AccountID: liveAccount},
			Partition: "aws", Regions: []string{"us-east-1"}}},
		DBInstances: []inventory.DBInstance{{
			Meta:   meta(inventory.TypeDBInstance, "arn:aws:rds:us-east-1:123456789012:db:payments-ledger", "payments-ledger"),
			Engine: "postgres", Status: "available", EnabledLogExports: []string{"postgresql", "upgrade"},
			ParameterGroup: "default.postgres15", Parameters: map[string]string{"log_connections": "1"},
		}},
		Alarms: []inventory.Alarm{
			{Meta: meta(inventory.TypeAlarm, "arn:aws:cloudwatch:us-east-1:123456789012:alarm:payments-ledger-free-storage", "payments-ledger-free-storage")},
			{Meta: meta(inventory.TypeAlarm, "arn:aws:cloudwatch:us-east-1:123456789012:alarm:unmanaged", "unmanaged")},
		},
		S3Buckets: []inventory.S3Bucket{
			{Meta: meta(inventory.TypeS3Bucket, "arn:aws:s3:::payments-exports-2025", "payments-exports-2025")},
			{Meta: meta(inventory.TypeS3Bucket, "arn:aws:s3:::payments-cloudtrail-logs", "payments-cloudtrail-logs"),
				PublicAccessBlock: &inventory.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true, BlockPublicPolicy: true, RestrictPublicBuckets: true},
				PolicyPublic:      &yes},
		},
		SNSTopics: []inventory.SNSTopic{{
			Meta: meta(inventory.TypeSNSTopic, "arn:aws:sns:us-east-1:123456789012:payments-alerts", "payments-alerts"),
			Subscriptions: []inventory.Subscription{
				{ARN: "arn:aws:sns:us-east-1:123456789012:payments-alerts:cfc6f8f7-ed6d-46f7-94c4-a721702f97ed", Protocol: "email", Confirmed: true},
				{ARN: "arn:aws:sns:us-east-1:123456789012:payments-alerts:pager", Protocol: "https", Confirmed: true},
			},
		}},
		LogGroups: []inventory.LogGroup{{
			Meta:          meta(inventory.TypeLogGroup, "arn:aws:logs:us-east-1:123456789012:log-group:/aws/rds/instance/payments-ledger/postgresql", "/aws/rds/instance/payments-ledger/postgresql"),
			MetricFilters: []inventory.MetricFilter{{Name: "made-by-hand", Pattern: "ERROR"}},
		}},
	}
}

func TestMergePullRequest(t *testing.T) {
	res := convertFile(t, filepath.Join(testdataDir, "07-pull-request-update", "plan.json"), true)
	s := Merge(liveSnapshot(), res)
	// A planned resource replaces its live entry rather than standing beside it.
	if err := s.CheckUniqueIDs(); err != nil {
		t.Error(err)
	}

	ids := func(metas func(yield func(*inventory.Meta) bool)) []string {
		var out []string
		for m := range metas {
			out = append(out, m.ID)
		}
		return out
	}
	alarms := ids(func(yield func(*inventory.Meta) bool) {
		for i := range s.Alarms {
			yield(&s.Alarms[i].Meta)
		}
	})
	// The deleted free-storage alarm leaves; the unmanaged one stays; the planned one is
	// judged under its address.
	if diff := cmp.Diff([]string{"arn:aws:cloudwatch:us-east-1:123456789012:alarm:unmanaged", "aws_cloudwatch_metric_alarm.ledger_cpu"}, alarms); diff != "" {
		t.Errorf("alarms (-want +got):\n%s", diff)
	}
	buckets := ids(func(yield func(*inventory.Meta) bool) {
		for i := range s.S3Buckets {
			yield(&s.S3Buckets[i].Meta)
		}
	})
	if diff := cmp.Diff([]string{"aws_s3_bucket.exports", "aws_s3_bucket.trail"}, buckets); diff != "" {
		t.Errorf("buckets (-want +got):\n%s", diff)
	}
	for _, b := range s.S3Buckets {
		if b.ID == "aws_s3_bucket.trail" {
			// Unmanaged by the plan, known live.
			if b.PublicAccessBlock == nil || !b.PublicAccessBlock.BlockPublicACLs || slices.Contains(b.UnknownFields, "public_access_block") {
				t.Errorf("trail bucket's public access block is not taken from the live account: %+v", b)
			}
		}
	}
	if len(s.DBInstances) != 1 {
		t.Fatalf("db instances: %+v", s.DBInstances)
	}
	ledger := s.DBInstances[0]
	if ledger.ID != "aws_db_instance.ledger" || len(ledger.EnabledLogExports) != 0 || ledger.ARN == "" {
		t.Errorf("the planned ledger does not override the live one: %+v", ledger)
	}
	if len(s.SNSTopics) != 1 || len(s.SNSTopics[0].Subscriptions) != 2 || len(s.SNSTopics[0].UnknownFields) != 0 {
		t.Errorf("the topic keeps its live subscriptions: %+v", s.SNSTopics)
	}
	if len(s.LogGroups) != 1 || len(s.LogGroups[0].MetricFilters) != 1 {
		t.Errorf("the log group keeps its hand-made filter: %+v", s.LogGroups)
	}
	for _, a := range s.Accounts {
		if len(a.Errors) != 0 {
			t.Errorf("account %s keeps plan-scope errors with a live snapshot: %+v", a.ID, a.Errors)
		}
	}
	if _, err := inventory.Parse(mustWrite(t, s)); err != nil {
		t.Errorf("merged snapshot does not validate: %v", err)
	}
}

// TestMergeAdoptsAccount places a plan whose provider reveals no account in the live
// snapshot's account, and applies a filter on a live log group.
func TestMergeAdoptsAccount(t *testing.T) {
	ref := func(refs ...string) map[string]any { return map[string]any{"references": refs} }
	changes := []change{
		created("aws_cloudwatch_log_metric_filter.errors", map[string]any{"name": "errors", "pattern": "ERROR",
			"log_group_name":        "/aws/rds/instance/payments-ledger/postgresql",
			"metric_transformation": []any{map[string]any{"name": "Errors", "namespace": "App", "value": "1"}}},
			map[string]any{"id": true}),
		created("aws_cloudwatch_log_group.new", map[string]any{"name": "/app/new", "retention_in_days": 30}, map[string]any{"arn": true}),
	}
	config := map[string]any{"resources": []any{
		map[string]any{"address": "aws_cloudwatch_log_metric_filter.errors", "mode": "managed", "type": "aws_cloudwatch_log_metric_filter", "name": "errors",
			"provider_config_key": "aws", "expressions": map[string]any{"log_group_name": map[string]any{"constant_value": "/aws/rds/instance/payments-ledger/postgresql"}}},
		map[string]any{"address": "aws_cloudwatch_log_group.new", "mode": "managed", "type": "aws_cloudwatch_log_group", "name": "new",
			"provider_config_key": "aws", "expressions": map[string]any{"name": ref()}},
	}}
	plan := planJSON(t, changes, config)
	live := liveSnapshot()
	live.Accounts[0].Regions = []string{"eu-west-1"}
	for i := range live.LogGroups {
		live.LogGroups[i].Region = "eu-west-1"
	}
	s := Merge(live, convertPlan(t, plan, nil))
	for _, g := range s.LogGroups {
		if g.AccountID != liveAccount {
			t.Errorf("%s in account %q, want the live one", g.ID, g.AccountID)
		}
		if g.Name == "/aws/rds/instance/payments-ledger/postgresql" && len(g.MetricFilters) != 2 {
			t.Errorf("the planned filter is not applied to the live log group: %+v", g.MetricFilters)
		}
	}
	if len(s.Accounts) != 1 {
		t.Errorf("accounts: %+v", s.Accounts)
	}
	for _, src := range s.Sources {
		if src.Kind == inventory.SourceTerraformPlan && (len(src.Accounts) != 1 || src.Accounts[0] != liveAccount) {
			t.Errorf("plan source accounts %v, want the live account", src.Accounts)
		}
	}
}

func mustWrite(t *testing.T, s *inventory.Snapshot) []byte {
	t.Helper()
	var buf bytesBuffer
	if err := inventory.Write(&buf, s); err != nil {
		t.Fatal(err)
	}
	return buf.b
}

type bytesBuffer struct{ b []byte }

func (w *bytesBuffer) Write(p []byte) (int, error) { w.b = append(w.b, p...); return len(p), nil }

// TestMergeKeepsPlannedAdditions: a subscription or filter the plan adds to an existing
// topic or log group joins the live ones instead of being replaced by them.
func TestMergeKeepsPlannedAdditions(t *testing.T) {
	const topicARN = "arn:aws:sns:us-east-1:123456789012:payments-alerts"
	const groupARN = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/rds/instance/payments-ledger/postgresql"
	const groupName = "/aws/rds/instance/payments-ledger/postgresql"
	changes := []change{
		withActions("aws_sns_topic.alerts", []string{"no-op"},
			map[string]any{"arn": topicARN, "name": "payments-alerts"},
			map[string]any{"arn": topicARN, "name": "payments-alerts"}, nil),
		created("aws_sns_topic_subscription.hook", map[string]any{"protocol": "lambda", "topic_arn": topicARN,
			"endpoint": "arn:aws:lambda:us-east-1:123456789012:function:alert-router"},
			map[string]any{"arn": true, "id": true, "pending_confirmation": true}),
		withActions("aws_cloudwatch_log_group.ledger", []string{"update"},
			map[string]any{"arn": groupARN, "name": groupName, "retention_in_days": 365},
			map[string]any{"arn": groupARN, "name": groupName, "retention_in_days": 30}, nil),
		created("aws_cloudwatch_log_metric_filter.errors", map[string]any{"name": "errors", "pattern": "ERROR",
			"log_group_name":        groupName,
			"metric_transformation": []any{map[string]any{"name": "Errors", "namespace": "App", "value": "1"}}},
			map[string]any{"id": true}),
	}
	planned := convertPlan(t, planJSON(t, changes, nil), nil)
	for _, g := range planned.Snapshot.LogGroups {
		for _, f := range []string{"metric_filters", "subscription_filters"} {
			if !slices.Contains(g.UnknownFields, f) {
				t.Errorf("existing log group %s: %s made outside the plan are not unknown: %v", g.ID, f, g.UnknownFields)
			}
		}
	}
	s := Merge(liveSnapshot(), planned)
	if len(s.SNSTopics) != 1 {
		t.Fatalf("topics: %+v", s.SNSTopics)
	}
	var subs []string
	for _, sub := range s.SNSTopics[0].Subscriptions {
		subs = append(subs, sub.ARN)
	}
	slices.Sort(subs)
	want := []string{"arn:aws:sns:us-east-1:123456789012:payments-alerts:cfc6f8f7-ed6d-46f7-94c4-a721702f97ed",
		"arn:aws:sns:us-east-1:123456789012:payments-alerts:pager", "aws_sns_topic_subscription.hook"}
	if diff := cmp.Diff(want, subs); diff != "" {
		t.Errorf("subscriptions (-want +got):\n%s", diff)
	}
	if len(s.LogGroups) != 1 {
		t.Fatalf("log groups: %+v", s.LogGroups)
	}
	var filters []string
	for _, f := range s.LogGroups[0].MetricFilters {
		filters = append(filters, f.Name)
	}
	slices.Sort(filters)
	if diff := cmp.Diff([]string{"errors", "made-by-hand"}, filters); diff != "" {
		t.Errorf("metric filters (-want +got):\n%s", diff)
	}
	if g := s.LogGroups[0]; len(g.UnknownFields) != 0 || g.RetentionDays == nil || *g.RetentionDays != 30 {
		t.Errorf("merged log group: retention %v, unknown %v; want the planned 30 days and nothing unknown", g.RetentionDays, g.UnknownFields)
	}
}

// TestMergeLogResourcePolicies: with --snapshot, the plan's CloudWatch Logs resource
// policies are laid over the live account's as apply leaves them, and a public one the plan
// adds makes the live log group public.
func TestMergeLogResourcePolicies(t *testing.T) {
	const public = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"logs:GetLogEvents","Resource":"*"}]}`
	const private = `{"Statement":[{"Effect":"Allow","Principal":{"Service":"es.amazonaws.com"},"Action":"logs:PutLogEvents","Resource":"*"}]}`
	policy := func(name, doc string) map[string]any {
		return map[string]any{"policy_name": name, "policy_document": doc}
	}
	tests := []struct {
		name       string
		changes    []change
		want       []string // name and document of each policy in eu-west-1, sorted
		wantPublic string
	}{
		{
			name:       "a new public policy joins the live ones",
			changes:    []change{created("aws_cloudwatch_log_resource_policy.open", policy("open", public), map[string]any{"id": true})},
			want:       []string{"es-logs " + private, "open " + public},
			wantPublic: inventory.StatusYes,
		},
		{
			name: "an updated policy replaces the live one of its name",
			changes: []change{withActions("aws_cloudwatch_log_resource_policy.es", []string{"update"},
				policy("es-logs", private), policy("es-logs", public), nil)},
			want:       []string{"es-logs " + public},
			wantPublic: inventory.StatusYes,
		},
		{
			name: "a policy whose document is known after apply leaves exposure unknown",
			changes: []change{withActions("aws_cloudwatch_log_resource_policy.es", []string{"update"},
				policy("es-logs", private), map[string]any{"policy_name": "es-logs"}, map[string]any{"policy_document": true})},
			want:       []string{"es-logs "},
			wantPublic: inventory.StatusUnknown,
		},
		{
			name:       "a destroyed policy leaves",
			changes:    []change{deleted("aws_cloudwatch_log_resource_policy.es", policy("es-logs", private))},
			wantPublic: inventory.StatusNo,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			live := liveSnapshot()
			live.Accounts[0].Regions = []string{"eu-west-1"}
			for i := range live.LogGroups {
				live.LogGroups[i].Region = "eu-west-1"
				live.LogGroups[i].ARN = ""
			}
			// The policy of that name in another region is another policy.
			live.Accounts[0].LogResourcePolicies = []inventory.LogResourcePolicy{
				{Name: "es-logs", Region: "eu-west-1", Document: private}, {Name: "es-logs", Region: "us-east-1", Document: public}}
			s := Merge(live, convertPlan(t, planJSON(t, tt.changes, nil), nil))
			var got []string
			for _, p := range s.Accounts[0].LogResourcePolicies {
				if p.Region == "eu-west-1" {
					got = append(got, p.Name+" "+p.Document)
				}
			}
			slices.Sort(got)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("eu-west-1 policies (-want +got):\n%s", diff)
			}
			inventory.Resolve(s)
			if got := s.LogGroups[0].Posture.Public; got != tt.wantPublic {
				t.Errorf("live log group public = %q, want %q", got, tt.wantPublic)
			}
		})
	}
}

// TestMergeLogResourcePolicyOfUnknownRegion: a plan whose provider names no region puts a
// policy that may replace the one of its name in any region of the account; there the live
// document no longer decides, and exposure is unknown.
func TestMergeLogResourcePolicyOfUnknownRegion(t *testing.T) {
	const public = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"logs:GetLogEvents","Resource":"*"}]}`
	const private = `{"Statement":[{"Effect":"Allow","Principal":{"Service":"es.amazonaws.com"},"Action":"logs:PutLogEvents","Resource":"*"}]}`
	var doc map[string]any
	if err := json.Unmarshal(planJSON(t, []change{created("aws_cloudwatch_log_resource_policy.es",
		map[string]any{"policy_name": "es-logs", "policy_document": public}, map[string]any{"id": true})}, nil), &doc); err != nil {
		t.Fatal(err)
	}
	delete(doc["configuration"].(map[string]any)["provider_config"].(map[string]any)["aws"].(map[string]any), "expressions")
	plan, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	live := liveSnapshot()
	live.Accounts[0].Regions = []string{"eu-west-1", "us-east-1"}
	live.Accounts[0].LogResourcePolicies = []inventory.LogResourcePolicy{
		{Name: "es-logs", Region: "eu-west-1", Document: private}, {Name: "es-logs", Region: "us-east-1", Document: private},
		{Name: "other", Region: "us-east-1", Document: private}}
	s := Merge(live, convertPlan(t, plan, nil))
	var got []string
	for _, p := range s.Accounts[0].LogResourcePolicies {
		got = append(got, p.Region+" "+p.Name+" "+p.Document)
	}
	slices.Sort(got)
	want := []string{"eu-west-1 es-logs ", "us-east-1 es-logs ", "us-east-1 other " + private}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("policies (-want +got):\n%s", diff)
	}
	inventory.Resolve(s)
	for _, g := range s.LogGroups {
		if g.Posture.Public != inventory.StatusUnknown {
			t.Errorf("log group %s in %s: public = %q, want unknown", g.Name, g.Region, g.Posture.Public)
		}
	}
}

// TestMergeDestroyedKey: a KMS key the plan destroys leaves the live kms_keys, and a
// resource that still names it is not judged encrypted with a healthy key: its key field
// is unknown. A destroyed alias leaves its key.
func TestMergeDestroyedKey(t *testing.T) {
	const goneARN = "arn:aws:kms:eu-west-1:123456789012:key/1111-gone"
	const keptARN = "arn:aws:kms:eu-west-1:123456789012:key/2222-kept"
	changes := []change{
		deleted("aws_kms_key.logs", map[string]any{"arn": goneARN, "key_id": "1111-gone"}),
		deleted("aws_kms_alias.old", map[string]any{"name": "alias/old", "target_key_id": "2222-kept"}),
		created("aws_cloudwatch_log_group.app", map[string]any{"name": "/app/new", "kms_key_id": goneARN}, map[string]any{"arn": true}),
	}
	res := convertPlan(t, planJSON(t, changes, nil), nil)
	if g := res.Snapshot.LogGroups[0]; !slices.Contains(g.UnknownFields, "kms_key_id") {
		t.Errorf("planned log group on a destroyed key: unknown %v, want kms_key_id", g.UnknownFields)
	}
	live := liveSnapshot()
	live.Accounts[0].Regions = []string{"eu-west-1"}
	live.KMSKeys = []inventory.KMSKey{
		{ARN: goneARN, AccountID: liveAccount, Region: "eu-west-1", KeyManager: "CUSTOMER"},
		{ARN: keptARN, AccountID: liveAccount, Region: "eu-west-1", KeyManager: "CUSTOMER", Aliases: []string{"alias/keep", "alias/old"}},
	}
	live.LogGroups[0].KMSKeyID = goneARN
	live.LogGroups = append(live.LogGroups, inventory.LogGroup{Meta: inventory.Meta{ID: "kept", Type: inventory.TypeLogGroup, Name: "/kept",
		AccountID: liveAccount, Region: "eu-west-1"}, KMSKeyID: keptARN})
	yes := true
	live.DBInstances[0].PerformanceInsightsEnabled = &yes
	live.DBInstances[0].PerformanceInsightsKMSKeyID = goneARN
	live.Trails = []inventory.Trail{{Meta: inventory.Meta{ID: "trail", Type: inventory.TypeTrail, Name: "main", AccountID: liveAccount, Region: "eu-west-1"},
		KMSKeyID: "1111-gone"}}

	s := Merge(live, res)
	if diff := cmp.Diff([]inventory.KMSKey{{ARN: keptARN, AccountID: liveAccount, Region: "eu-west-1", KeyManager: "CUSTOMER", Aliases: []string{"alias/keep"}}},
		s.KMSKeys); diff != "" {
		t.Errorf("kms keys (-want +got):\n%s", diff)
	}
	unknown := map[string][]string{}
	for _, g := range s.LogGroups {
		unknown[g.ID] = g.UnknownFields
	}
	unknown["db"] = s.DBInstances[0].UnknownFields
	unknown["trail"] = s.Trails[0].UnknownFields
	want := map[string][]string{
		"arn:aws:logs:us-east-1:123456789012:log-group:/aws/rds/instance/payments-ledger/postgresql": {"kms_key_id"},
		"aws_cloudwatch_log_group.app": {"arn", "kms_key_id"},
		"kept":                         nil,
		"db":                           {"performance_insights_kms_key_id"},
		"trail":                        {"kms_key_id"},
	}
	if diff := cmp.Diff(want, unknown); diff != "" {
		t.Errorf("unknown fields (-want +got):\n%s", diff)
	}
}

// TestMergeClusterMembers: with --snapshot, a member the plan destroys leaves its live
// cluster's or replication group's member list, one it adds joins it, and a cluster the plan
// manages keeps the live members made beside it.
func TestMergeClusterMembers(t *testing.T) {
	const region = "eu-west-1"
	arn := func(kind, name string) string { return "arn:aws:" + kind + ":" + region + ":123456789012:" + name }
	member := func(name string) map[string]any {
		return map[string]any{"identifier": name, "cluster_identifier": "ledger", "arn": arn("rds", "db:"+name), "engine": "aurora-postgresql"}
	}
	cluster := map[string]any{"cluster_identifier": "ledger", "arn": arn("rds", "cluster:ledger"), "engine": "aurora-postgresql"}
	tests := []struct {
		name      string
		changes   []change
		want      []string
		wantCache []string
	}{
		{
			name:      "destroyed Aurora member leaves",
			changes:   []change{deleted("aws_rds_cluster_instance.two", member("ledger-2"))},
			want:      []string{"ledger-1"},
			wantCache: []string{"cache-001", "cache-002"},
		},
		{
			name:      "destroyed Neptune member leaves",
			changes:   []change{deleted("aws_neptune_cluster_instance.two", member("ledger-2"))},
			want:      []string{"ledger-1"},
			wantCache: []string{"cache-001", "cache-002"},
		},
		{
			name: "new member joins",
			changes: []change{created("aws_rds_cluster_instance.three", map[string]any{"identifier": "ledger-3", "cluster_identifier": "ledger",
				"engine": "aurora-postgresql"}, map[string]any{"arn": true})},
			want:      []string{"ledger-1", "ledger-2", "ledger-3"},
			wantCache: []string{"cache-001", "cache-002"},
		},
		{
			name: "replaced member stays",
			changes: []change{withActions("aws_rds_cluster_instance.two", []string{"delete", "create"},
				member("ledger-2"), map[string]any{"identifier": "ledger-2", "cluster_identifier": "ledger", "engine": "aurora-postgresql"},
				map[string]any{"arn": true})},
			want:      []string{"ledger-1", "ledger-2"},
			wantCache: []string{"cache-001", "cache-002"},
		},
		{
			name: "managed cluster keeps the live members beside the plan's",
			changes: []change{
				withActions("aws_rds_cluster.ledger", []string{"no-op"}, cluster, cluster, nil),
				withActions("aws_rds_cluster_instance.one", []string{"no-op"}, member("ledger-1"), member("ledger-1"), nil),
			},
			want:      []string{"ledger-1", "ledger-2"},
			wantCache: []string{"cache-001", "cache-002"},
		},
		{
			name: "destroyed cache cluster leaves its replication group",
			changes: []change{deleted("aws_elasticache_cluster.two", map[string]any{"cluster_id": "cache-002", "replication_group_id": "cache",
				"arn": arn("elasticache", "cluster:cache-002")})},
			want:      []string{"ledger-1", "ledger-2"},
			wantCache: []string{"cache-001"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			meta := func(typ, arn, name string) inventory.Meta {
				return inventory.Meta{ID: arn, Type: typ, ARN: arn, Name: name, AccountID: liveAccount, Region: region}
			}
			live := liveSnapshot()
			live.Accounts[0].Regions = []string{region}
			live.DBClusters = []inventory.DBCluster{{Meta: meta(inventory.TypeDBCluster, arn("rds", "cluster:ledger"), "ledger"),
				Engine: "aurora-postgresql", Members: []string{"ledger-1", "ledger-2"}}}
			for _, n := range []string{"ledger-1", "ledger-2"} {
				live.DBInstances = append(live.DBInstances, inventory.DBInstance{Meta: meta(inventory.TypeDBInstance, arn("rds", "db:"+n), n),
					Engine: "aurora-postgresql", ClusterID: "ledger"})
			}
			live.ElastiCacheClusters = []inventory.ElastiCacheCluster{{Meta: meta(inventory.TypeElastiCacheReplicationGroup, arn("elasticache", "replicationgroup:cache"), "cache"),
				Engine: "redis", Members: []string{"cache-001", "cache-002"}}}
			s := Merge(live, convertPlan(t, planJSON(t, tt.changes, nil), nil))
			if len(s.DBClusters) != 1 {
				t.Fatalf("db clusters: %+v", s.DBClusters)
			}
			if diff := cmp.Diff(tt.want, s.DBClusters[0].Members); diff != "" {
				t.Errorf("cluster members (-want +got):\n%s", diff)
			}
			for _, e := range s.ElastiCacheClusters {
				if e.Name == "cache" {
					if diff := cmp.Diff(tt.wantCache, e.Members); diff != "" {
						t.Errorf("replication group members (-want +got):\n%s", diff)
					}
				}
			}
		})
	}
}
