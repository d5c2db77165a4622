package terraform

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/storewatch/storewatch/inventory"
)

// The tests in this file pair inline plan fragments, written in the format of
// `terraform show -json` exactly as the real plans under testdata/terraform have it, with
// the snapshot items they must yield.

// change is one resource_changes entry.
type change struct {
	Address       string         `json:"address"`
	ModuleAddress string         `json:"module_address,omitempty"`
	Mode          string         `json:"mode"`
	Type          string         `json:"type"`
	Name          string         `json:"name"`
	Index         any            `json:"index,omitempty"`
	ProviderName  string         `json:"provider_name"`
	Change        map[string]any `json:"change"`
}

func created(addr string, after, unknown map[string]any) change {
	return withActions(addr, []string{"create"}, nil, after, unknown)
}

func withActions(addr string, actions []string, before, after, unknown map[string]any) change {
	a, err := parseTraversal(addr)
	if err != nil {
		panic(err)
	}
	var mod []string
	for len(a) > 2 && a[0].name == "module" {
		mod = append(mod, "module."+a[1].name+a[1].key.String())
		a = a[2:]
	}
	c := change{
		Address: addr, ModuleAddress: strings.Join(mod, "."), Mode: "managed", Type: a[0].name, Name: a[1].name,
		ProviderName: "registry.terraform.io/hashicorp/aws",
		Change:       map[string]any{"actions": actions, "before": nil, "after": nil, "after_unknown": map[string]any{}},
	}
	switch a[1].key.kind {
	case intKey:
		c.Index = a[1].key.num
	case stringKey:
		c.Index = a[1].key.str
	}
	if before != nil {
		c.Change["before"] = before
	}
	if after != nil {
		c.Change["after"] = after
	}
	if unknown != nil {
		c.Change["after_unknown"] = unknown
	}
	return c
}

// planJSON builds a plan document. config is the configuration section's root_module; nil
// gives every root resource a configuration entry without expressions (nothing set but
// what after says).
func planJSON(t *testing.T, changes []change, config map[string]any) []byte {
	t.Helper()
	if config == nil {
		var rs []map[string]any
		for _, c := range changes {
			if c.ModuleAddress == "" && c.Index == nil {
				rs = append(rs, map[string]any{"address": c.Type + "." + c.Name, "mode": "managed", "type": c.Type, "name": c.Name,
					"provider_config_key": "aws", "expressions": map[string]any{}, "schema_version": 0})
			}
		}
		config = map[string]any{"resources": rs}
	}
	doc := map[string]any{
		"format_version":    "1.2",
		"terraform_version": "1.11.4",
		"resource_changes":  changes,
		"configuration": map[string]any{
			"provider_config": map[string]any{"aws": map[string]any{
				"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws",
				"expressions": map[string]any{"region": map[string]any{"constant_value": "eu-west-1"}},
			}},
			"root_module": config,
		},
		"timestamp": "2026-11-25T03:26:27Z",
	}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// convertPlan converts a plan; files, when given, are the configuration directory's .tf files.
func convertPlan(t *testing.T, plan []byte, files map[string]string) *Result {
	t.Helper()
	p, err := ParsePlan(plan)
	if err != nil {
		t.Fatal(err)
	}
	o := Options{PlanFile: "plan.json", Now: func() time.Time { return time.Unix(0, 0) }}
	if files != nil {
		dir := t.TempDir()
		for name, src := range files {
			path := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		o.Dir = dir
	}
	res, err := Convert(context.Background(), p, o)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func meta(id, typ, name string, unknown ...string) inventory.Meta {
	return inventory.Meta{ID: id, Type: typ, Name: name, AccountID: UnknownAccount, Region: "eu-west-1", UnknownFields: unknown}
}

// ignoreSource leaves locations to the tests about them.
var ignoreSource = cmpopts.IgnoreFields(inventory.Meta{}, "Source", "Tags")

func ptr[T any](v T) *T { return &v }

func TestMapDBInstance(t *testing.T) {
	tests := []struct {
		name    string
		changes []change
		want    []inventory.DBInstance
	}{
		{
			name: "new instance without log exports, identifier generated at apply",
			changes: []change{created("aws_db_instance.legacy",
				map[string]any{"engine": "mysql", "engine_version": "8.0.35", "instance_class": "db.t3.medium", "allocated_storage": 50,
					"enabled_cloudwatch_logs_exports": nil, "monitoring_interval": 0, "performance_insights_enabled": false,
					"parameter_group_name": "default.mysql8.0", "password": "secret"},
				map[string]any{"arn": true, "identifier": true, "status": true, "multi_az": true, "option_group_name": true,
					"performance_insights_kms_key_id": true, "performance_insights_retention_period": true, "monitoring_role_arn": true})},
			want: []inventory.DBInstance{{
				Meta:   meta("aws_db_instance.legacy", inventory.TypeDBInstance, "", "arn", "name", "option_groups", "status"),
				Engine: "mysql", EngineVersion: "8.0.35", InstanceClass: "db.t3.medium", AllocatedStorage: 50,
				EnabledLogExports: []string{}, MonitoringInterval: ptr(0), PerformanceInsightsEnabled: ptr(false),
				ParameterGroup: "default.mysql8.0", Parameters: map[string]string{}, Options: []string{},
			}},
		},
		{
			name: "read replica runs its source's engine",
			changes: []change{
				created("aws_db_instance.src", map[string]any{"identifier": "orders", "engine": "postgres", "engine_version": "15.5",
					"enabled_cloudwatch_logs_exports": []any{"postgresql", "upgrade"}, "monitoring_interval": 0, "performance_insights_enabled": false,
					"parameter_group_name": "default.postgres15", "option_group_name": "default:postgres-15"},
					map[string]any{"arn": true, "status": true, "multi_az": true}),
				created("aws_db_instance.replica", map[string]any{"identifier": "orders-replica", "replicate_source_db": "orders",
					"enabled_cloudwatch_logs_exports": []any{"postgresql"}, "monitoring_interval": 0, "performance_insights_enabled": false,
					"parameter_group_name": "default.postgres15", "option_group_name": "default:postgres-15"},
					map[string]any{"arn": true, "status": true, "engine": true, "engine_version": true, "multi_az": true, "allocated_storage": true}),
			},
			want: []inventory.DBInstance{
				{
					Meta:   meta("aws_db_instance.replica", inventory.TypeDBInstance, "orders-replica", "allocated_storage", "arn", "status"),
					Engine: "postgres", EngineVersion: "15.5", ReplicaSourceID: "orders", EnabledLogExports: []string{"postgresql"},
					MonitoringInterval: ptr(0), PerformanceInsightsEnabled: ptr(false),
					ParameterGroup: "default.postgres15", Parameters: map[string]string{},
					OptionGroups: []string{"default:postgres-15"}, Options: []string{},
				},
				{
					Meta:   meta("aws_db_instance.src", inventory.TypeDBInstance, "orders", "arn", "status"),
					Engine: "postgres", EngineVersion: "15.5", EnabledLogExports: []string{"postgresql", "upgrade"},
					MonitoringInterval: ptr(0), PerformanceInsightsEnabled: ptr(false),
					ParameterGroup: "default.postgres15", Parameters: map[string]string{},
					OptionGroups: []string{"default:postgres-15"}, Options: []string{},
				},
			},
		},
		{
			name: "read replica without groups of its own takes its source's",
			changes: []change{
				created("aws_db_instance.src", map[string]any{"identifier": "orders", "engine": "postgres", "engine_version": "15.5",
					"monitoring_interval": 0, "performance_insights_enabled": false,
					"parameter_group_name": "default.postgres15", "option_group_name": "default:postgres-15"},
					map[string]any{"arn": true, "status": true, "multi_az": true}),
				created("aws_db_instance.replica", map[string]any{"identifier": "orders-replica", "replicate_source_db": "orders",
					"monitoring_interval": 0, "performance_insights_enabled": false},
					map[string]any{"arn": true, "status": true, "engine": true, "engine_version": true, "multi_az": true, "allocated_storage": true,
						"parameter_group_name": true, "option_group_name": true}),
			},
			want: []inventory.DBInstance{
				{
					Meta:   meta("aws_db_instance.replica", inventory.TypeDBInstance, "orders-replica", "allocated_storage", "arn", "status"),
					Engine: "postgres", EngineVersion: "15.5", ReplicaSourceID: "orders", EnabledLogExports: []string{},
					MonitoringInterval: ptr(0), PerformanceInsightsEnabled: ptr(false),
					ParameterGroup: "default.postgres15", Parameters: map[string]string{},
					OptionGroups: []string{"default:postgres-15"}, Options: []string{},
				},
				{
					Meta:   meta("aws_db_instance.src", inventory.TypeDBInstance, "orders", "arn", "status"),
					Engine: "postgres", EngineVersion: "15.5", EnabledLogExports: []string{},
					MonitoringInterval: ptr(0), PerformanceInsightsEnabled: ptr(false),
					ParameterGroup: "default.postgres15", Parameters: map[string]string{},
					OptionGroups: []string{"default:postgres-15"}, Options: []string{},
				},
			},
		},
		{
			name: "existing instance whose update removes its exports: account and region from its ARN",
			changes: []change{withActions("aws_db_instance.ledger", []string{"update"},
				map[string]any{"enabled_cloudwatch_logs_exports": []any{"postgresql"}},
				map[string]any{"arn": "arn:aws:rds:us-east-1:111122223333:db:ledger", "identifier": "ledger", "engine": "postgres",
					"engine_version": "15.5", "status": "available", "multi_az": false, "enabled_cloudwatch_logs_exports": []any{},
					"monitoring_interval": 60, "monitoring_role_arn": "arn:aws:iam::111122223333:role/mon",
					"performance_insights_enabled": true, "performance_insights_kms_key_id": "arn:aws:kms:us-east-1:111122223333:key/k",
					"performance_insights_retention_period": 7, "parameter_group_name": "pg-custom", "option_group_name": "default:postgres-15"},
				nil)},
			want: []inventory.DBInstance{{
				Meta: inventory.Meta{ID: "aws_db_instance.ledger", Type: inventory.TypeDBInstance, ARN: "arn:aws:rds:us-east-1:111122223333:db:ledger",
					Name: "ledger", AccountID: "111122223333", Region: "us-east-1", UnknownFields: []string{"parameters"}},
				Engine: "postgres", EngineVersion: "15.5", Status: "available", EnabledLogExports: []string{},
				MonitoringInterval: ptr(60), MonitoringRoleARN: "arn:aws:iam::111122223333:role/mon",
				PerformanceInsightsEnabled: ptr(true), PerformanceInsightsKMSKeyID: "arn:aws:kms:us-east-1:111122223333:key/k",
				PerformanceInsightsRetention: 7, ParameterGroup: "pg-custom", OptionGroups: []string{"default:postgres-15"}, Options: []string{},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := convertPlan(t, planJSON(t, tt.changes, nil), nil)
			res.Snapshot.Normalize()
			got := res.Snapshot.DBInstances
			if diff := cmp.Diff(normalized(tt.want), got, ignoreSource); diff != "" {
				t.Errorf("db_instances (-want +got):\n%s", diff)
			}
			raw, _ := json.Marshal(res.Snapshot)
			if strings.Contains(string(raw), "secret") {
				t.Error("the snapshot holds a password from the plan")
			}
		})
	}
}

// normalized passes items through Normalize, as the snapshot's are.
func normalized(items []inventory.DBInstance) []inventory.DBInstance {
	s := &inventory.Snapshot{DBInstances: items}
	s.Normalize()
	return s.DBInstances
}

func TestParsePlanRefuses(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{"older major", `{"format_version":"0.2","resource_changes":[]}`, `format_version "0.2" is not supported`},
		{"newer major", `{"format_version":"2.0","resource_changes":[]}`, `format_version "2.0" is not supported`},
		{"not a version", `{"format_version":"one","resource_changes":[]}`, `is not a version`},
		{"no version", `{"resource_changes":[]}`, "no format_version"},
		{"a state", `{"format_version":"1.0","values":{"root_module":{}}}`, "this is a state, not a plan"},
		{"errored", `{"format_version":"1.2","resource_changes":[],"errored":true}`, "the plan errored"},
		{"truncated", `{"format_version":"1.2","resource_changes":[`, "malformed JSON at line 1"},
		{"wrong type", `{"format_version":"1.2","resource_changes":{}}`, "wrong type at line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePlan([]byte(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want one containing %q", err, tt.want)
			}
			if !errors.Is(err, inventory.ErrInvalid) {
				t.Errorf("error %v does not wrap inventory.ErrInvalid", err)
			}
		})
	}
}

func TestParsePlanAcceptsMinorVersions(t *testing.T) {
	for _, v := range []string{"1.0", "1.2", "1.9"} {
		if _, err := ParsePlan([]byte(`{"format_version":"` + v + `","resource_changes":[]}`)); err != nil {
			t.Errorf("format_version %s: %v", v, err)
		}
	}
}

func TestBlocksAt(t *testing.T) {
	exprs := map[string]json.RawMessage{
		"event_selector": json.RawMessage(`[{"data_resource":[{"type":{"constant_value":"AWS::S3::Object"}},{}]},{}]`),
		"name":           json.RawMessage(`{"constant_value":"t"}`),
	}
	tests := []struct {
		path []any
		want int
	}{
		{[]any{"event_selector"}, 2},
		{[]any{"event_selector", 0, "data_resource"}, 2},
		{[]any{"event_selector", 1, "data_resource"}, 0},
		{[]any{"event_selector", 5, "data_resource"}, 0},
		{[]any{"name"}, 0},
		{[]any{"missing"}, 0},
		{nil, 0},
	}
	for _, tt := range tests {
		if got := blocksAt(exprs, tt.path); got != tt.want {
			t.Errorf("blocksAt(%v) = %d, want %d", tt.path, got, tt.want)
		}
	}
}

// TestAccountFromCallerIdentity takes the account from data.aws_caller_identity, read while
// planning and kept in the prior state, when no ARN says it.
func TestAccountFromCallerIdentity(t *testing.T) {
	doc := map[string]any{}
	if err := json.Unmarshal(planJSON(t, []change{created("aws_sns_topic.t", map[string]any{"name": "t"}, map[string]any{"arn": true})}, map[string]any{
		"resources": []any{
			map[string]any{"address": "aws_sns_topic.t", "mode": "managed", "type": "aws_sns_topic", "name": "t", "provider_config_key": "aws", "expressions": map[string]any{}},
			map[string]any{"address": "data.aws_caller_identity.current", "mode": "data", "type": "aws_caller_identity", "name": "current", "provider_config_key": "aws"},
		},
	}), &doc); err != nil {
		t.Fatal(err)
	}
	doc["prior_state"] = map[string]any{"format_version": "1.0", "values": map[string]any{"root_module": map[string]any{"resources": []any{
		map[string]any{"address": "data.aws_caller_identity.current", "mode": "data", "type": "aws_caller_identity", "name": "current",
			"values": map[string]any{"account_id": "444455556666", "arn": "arn:aws:sts::444455556666:assumed-role/ci/x", "id": "444455556666"}},
	}}}}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	s := convertPlan(t, data, nil).Snapshot
	if len(s.SNSTopics) != 1 || s.SNSTopics[0].AccountID != "444455556666" {
		t.Errorf("topic placed in %+v, want account 444455556666", s.SNSTopics)
	}
}

func TestMapMetricAlarmQueryAccount(t *testing.T) {
	query := func(id string, account any) map[string]any {
		q := map[string]any{"id": id, "expression": nil, "label": nil, "period": nil, "return_data": true,
			"metric": []any{map[string]any{"namespace": "AWS/RDS", "metric_name": "CPUUtilization", "period": 60, "stat": "Average", "unit": nil,
				"dimensions": map[string]any{"DBInstanceIdentifier": "orders"}}}}
		if account != "omitted" {
			q["account_id"] = account
		}
		return q
	}
	alarm := func(name string, q map[string]any, unknown map[string]any) change {
		after := map[string]any{"alarm_name": name, "comparison_operator": "GreaterThanThreshold", "threshold": 90, "evaluation_periods": 3,
			"actions_enabled": true, "alarm_actions": []any{}, "treat_missing_data": "missing", "metric_query": []any{q}}
		return created("aws_cloudwatch_metric_alarm."+name, after, unknown)
	}
	changes := []change{
		alarm("own", query("m1", nil), map[string]any{"arn": true}),
		alarm("older_provider", query("m1", "omitted"), map[string]any{"arn": true}),
		alarm("source", query("m1", "444455556666"), map[string]any{"arn": true}),
		// The account is created by the same apply.
		alarm("unknown", query("m1", nil), map[string]any{"arn": true, "metric_query": []any{map[string]any{"account_id": true, "metric": []any{map[string]any{}}}}}),
	}
	res := convertPlan(t, planJSON(t, changes, nil), nil)
	type got struct {
		account string
		unknown bool
		fields  []string
	}
	want := map[string]got{
		"aws_cloudwatch_metric_alarm.own":            {},
		"aws_cloudwatch_metric_alarm.older_provider": {},
		"aws_cloudwatch_metric_alarm.source":         {account: "444455556666"},
		"aws_cloudwatch_metric_alarm.unknown":        {unknown: true, fields: []string{"metrics"}},
	}
	for id, a := range alarmsByID(res.Snapshot) {
		if len(a.Metrics) != 1 || a.Metrics[0].MetricStat == nil {
			t.Errorf("%s: metrics = %+v, want one query reading a metric", id, a.Metrics)
			continue
		}
		q := a.Metrics[0]
		var fields []string
		for _, f := range a.UnknownFields {
			if f != "arn" {
				fields = append(fields, f)
			}
		}
		if d := cmp.Diff(want[id], got{q.AccountID, q.AccountUnknown, fields}, cmp.AllowUnexported(got{})); d != "" {
			t.Errorf("%s: query account (-want +got):\n%s", id, d)
		}
	}
	if len(res.Snapshot.Alarms) != len(want) {
		t.Errorf("alarms = %d, want %d", len(res.Snapshot.Alarms), len(want))
	}
}

// TestMapMetricAlarmUnknownQueries: a metric-math alarm whose queries, or a query's metric, or
// parts of that metric a plan leaves unknown until apply records which, so that the resolver
// leaves the stores it might watch undecided instead of linking it to none. The shapes are
// those terraform show -json writes: a dynamic metric_query block over a collection known
// only after apply makes the whole list unknown (after null, after_unknown true).
func TestMapMetricAlarmUnknownQueries(t *testing.T) {
	metric := func(dimensions any) map[string]any {
		return map[string]any{"namespace": "AWS/RDS", "metric_name": "CPUUtilization", "period": 60, "stat": "Average", "unit": nil,
			"dimensions": dimensions}
	}
	query := func(metric ...any) map[string]any {
		return map[string]any{"id": "m1", "account_id": nil, "expression": nil, "label": nil, "period": nil, "return_data": true,
			"metric": metric}
	}
	tests := []struct {
		name string
		// metricQuery is after's metric_query; unknown is after_unknown's.
		metricQuery, unknown any
		want                 inventory.Alarm
	}{
		{
			name:        "known query",
			metricQuery: []any{query(metric(map[string]any{"DBInstanceIdentifier": "orders"}))},
			want: inventory.Alarm{Metrics: []inventory.MetricQuery{{ID: "m1", ReturnData: true, MetricStat: &inventory.MetricStat{
				Namespace: "AWS/RDS", MetricName: "CPUUtilization", Stat: "Average", Period: 60,
				Dimensions: []inventory.Dimension{{Name: "DBInstanceIdentifier", Value: "orders"}}}}}},
		},
		{
			name:    "whole query list unknown",
			unknown: true,
			want:    inventory.Alarm{MetricsUnknown: true, Meta: inventory.Meta{UnknownFields: []string{"metrics"}}},
		},
		{
			name:        "metric block unknown",
			metricQuery: []any{query()},
			unknown:     []any{map[string]any{"metric": true}},
			want: inventory.Alarm{Meta: inventory.Meta{UnknownFields: []string{"metrics"}},
				Metrics: []inventory.MetricQuery{{ID: "m1", ReturnData: true, MetricStatUnknown: true}}},
		},
		{
			name:        "dimensions unknown",
			metricQuery: []any{query(metric(nil))},
			unknown:     []any{map[string]any{"metric": []any{map[string]any{"dimensions": true}}}},
			want: inventory.Alarm{Meta: inventory.Meta{UnknownFields: []string{"metrics"}},
				Metrics: []inventory.MetricQuery{{ID: "m1", ReturnData: true, MetricStat: &inventory.MetricStat{
					Namespace: "AWS/RDS", MetricName: "CPUUtilization", Stat: "Average", Period: 60,
					UnknownFields: []string{"dimensions"}}}}},
		},
		{
			name: "namespace unknown",
			metricQuery: []any{query(func() map[string]any {
				m := metric(map[string]any{"DBInstanceIdentifier": "orders"})
				delete(m, "namespace")
				return m
			}())},
			unknown: []any{map[string]any{"metric": []any{map[string]any{"namespace": true}}}},
			want: inventory.Alarm{Meta: inventory.Meta{UnknownFields: []string{"metrics"}},
				Metrics: []inventory.MetricQuery{{ID: "m1", ReturnData: true, MetricStat: &inventory.MetricStat{
					MetricName: "CPUUtilization", Stat: "Average", Period: 60, UnknownFields: []string{"namespace"},
					Dimensions: []inventory.Dimension{{Name: "DBInstanceIdentifier", Value: "orders"}}}}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			after := map[string]any{"alarm_name": "fleet", "comparison_operator": "GreaterThanThreshold", "threshold": 90,
				"evaluation_periods": 3, "actions_enabled": true, "alarm_actions": []any{}, "treat_missing_data": "missing",
				"namespace": nil, "metric_name": nil, "dimensions": nil, "metric_query": tt.metricQuery}
			unknown := map[string]any{"arn": true, "id": true}
			if tt.unknown != nil {
				unknown["metric_query"] = tt.unknown
			}
			s := convertPlan(t, planJSON(t, []change{created("aws_cloudwatch_metric_alarm.fleet", after, unknown)}, nil), nil).Snapshot
			if len(s.Alarms) != 1 {
				t.Fatalf("alarms = %d, want 1", len(s.Alarms))
			}
			got := s.Alarms[0]
			var fields []string
			for _, f := range got.UnknownFields {
				if f != "arn" {
					fields = append(fields, f)
				}
			}
			got = inventory.Alarm{Meta: inventory.Meta{UnknownFields: fields}, Metrics: got.Metrics, MetricsUnknown: got.MetricsUnknown}
			if d := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("alarm (-want +got):\n%s", d)
			}
		})
	}
}
