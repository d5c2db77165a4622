package terraform

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/inventory"
)

// secret is what every sensitive value in these tests holds: it must appear nowhere in a
// snapshot.
const secret = "s3cr3t-T0KEN-value"

// sensitive sets a change's after_sensitive (and, for a forgotten resource, its
// before_sensitive) mask.
func sensitive(c change, after, before any) change {
	if after != nil {
		c.Change["after_sensitive"] = after
	}
	if before != nil {
		c.Change["before_sensitive"] = before
	}
	return c
}

func TestSensitiveValuesHidden(t *testing.T) {
	ref := func(refs ...string) map[string]any { return map[string]any{"references": refs} }
	res := func(addr string, exprs map[string]any) map[string]any {
		a, _ := parseTraversal(addr)
		return map[string]any{"address": addr, "mode": "managed", "type": a[0].name, "name": a[1].name, "provider_config_key": "aws", "expressions": exprs}
	}
	tests := []struct {
		name    string
		changes []change
		config  map[string]any
		files   map[string]string
		check   func(t *testing.T, s *inventory.Snapshot)
	}{
		{
			name: "one sensitive tag among others keeps its key, not its value",
			changes: []change{sensitive(created("aws_cloudwatch_log_group.g",
				map[string]any{"name": "g", "retention_in_days": 365, "kms_key_id": "arn:aws:kms:eu-west-1:111122223333:key/k",
					"tags": map[string]any{"Owner": secret, "Team": "data"}, "tags_all": map[string]any{"Owner": secret, "Team": "data"}},
				map[string]any{"arn": true}),
				map[string]any{"tags": map[string]any{"Owner": true}, "tags_all": map[string]any{"Owner": true}}, nil)},
			check: func(t *testing.T, s *inventory.Snapshot) {
				want := map[string]string{"Owner": SensitiveValue, "Team": "data"}
				if diff := cmp.Diff(want, s.LogGroups[0].Tags); diff != "" {
					t.Errorf("tags (-want +got):\n%s", diff)
				}
			},
		},
		{
			name: "tags sensitive as a whole are left out",
			changes: []change{sensitive(created("aws_cloudwatch_log_group.g",
				map[string]any{"name": "g", "retention_in_days": 365, "kms_key_id": nil,
					"tags": map[string]any{"Owner": secret}, "tags_all": map[string]any{"Owner": secret}},
				map[string]any{"arn": true}),
				map[string]any{"tags": true, "tags_all": true}, nil)},
			check: func(t *testing.T, s *inventory.Snapshot) {
				if s.LogGroups[0].Tags != nil {
					t.Errorf("tags = %v, want none", s.LogGroups[0].Tags)
				}
			},
		},
		{
			// A rule that needs the key must not pass on a value it may not see.
			name: "a judged field that is sensitive is unknown, even where the configuration spells it out",
			changes: []change{sensitive(created("aws_cloudwatch_log_group.g",
				map[string]any{"name": "g", "retention_in_days": 365, "kms_key_id": "arn:aws:kms:eu-west-1:111122223333:key/" + secret},
				map[string]any{"arn": true}),
				map[string]any{"kms_key_id": true}, nil)},
			config: map[string]any{
				"variables": map[string]any{"key": map[string]any{"sensitive": true}},
				"resources": []any{res("aws_cloudwatch_log_group.g", map[string]any{"name": map[string]any{"constant_value": "g"},
					"kms_key_id": ref("var.key")})},
			},
			files: map[string]string{"main.tf": `
variable "key" {
  type      = string
  sensitive = true
}
resource "aws_cloudwatch_log_group" "g" {
  name              = "g"
  retention_in_days = 365
  kms_key_id        = var.key
}
`},
			check: func(t *testing.T, s *inventory.Snapshot) {
				g := s.LogGroups[0]
				if g.KMSKeyID != "" || !slices.Contains(g.UnknownFields, "kms_key_id") {
					t.Errorf("kms_key_id = %q, unknown_fields %v: want it unknown", g.KMSKeyID, g.UnknownFields)
				}
			},
		},
		{
			name: "a sensitive element of a nested list is unknown",
			changes: []change{sensitive(created("aws_cloudwatch_metric_alarm.a",
				map[string]any{"alarm_name": "a", "namespace": "AWS/RDS", "metric_name": "CPUUtilization",
					"dimensions": map[string]any{"DBInstanceIdentifier": secret}, "alarm_actions": []any{"arn:aws:sns:eu-west-1:111122223333:" + secret},
					"ok_actions": []any{}, "insufficient_data_actions": []any{}, "actions_enabled": true, "metric_query": []any{}},
				map[string]any{"arn": true}),
				map[string]any{"dimensions": map[string]any{"DBInstanceIdentifier": true}, "alarm_actions": []any{true}}, nil)},
			check: func(t *testing.T, s *inventory.Snapshot) {
				a := s.Alarms[0]
				for _, f := range []string{"alarm_actions", "dimensions"} {
					if !slices.Contains(a.UnknownFields, f) {
						t.Errorf("unknown_fields %v, want %s among them", a.UnknownFields, f)
					}
				}
			},
		},
		{
			// The endpoint is never judged, so the subscription still counts.
			name: "a sensitive subscription endpoint is redacted",
			changes: []change{
				created("aws_sns_topic.t", map[string]any{"name": "t"}, map[string]any{"arn": true, "id": true}),
				sensitive(created("aws_sns_topic_subscription.s", map[string]any{"protocol": "sqs", "endpoint": "arn:aws:sqs:eu-west-1:111122223333:" + secret},
					map[string]any{"arn": true, "topic_arn": true}), map[string]any{"endpoint": true}, nil),
			},
			config: map[string]any{"resources": []any{
				res("aws_sns_topic.t", map[string]any{}),
				res("aws_sns_topic_subscription.s", map[string]any{"topic_arn": ref("aws_sns_topic.t.arn", "aws_sns_topic.t")}),
			}},
			check: func(t *testing.T, s *inventory.Snapshot) {
				subs := s.SNSTopics[0].Subscriptions
				if len(subs) != 1 || subs[0].Endpoint != redacted || !subs[0].Confirmed {
					t.Errorf("subscriptions %+v, want one confirmed with its endpoint redacted", subs)
				}
				if slices.Contains(s.SNSTopics[0].UnknownFields, "subscriptions") {
					t.Errorf("subscriptions unknown: %v", s.SNSTopics[0].UnknownFields)
				}
			},
		},
		{
			name: "a forgotten resource hides what before_sensitive marks",
			changes: []change{sensitive(withActions("aws_cloudwatch_log_group.g", []string{"forget"},
				map[string]any{"name": "g", "arn": "arn:aws:logs:eu-west-1:111122223333:log-group:g", "retention_in_days": 30,
					"kms_key_id": "arn:aws:kms:eu-west-1:111122223333:key/" + secret, "tags": map[string]any{"Owner": secret}},
				nil, nil), nil, map[string]any{"kms_key_id": true, "tags": map[string]any{"Owner": true}})},
			check: func(t *testing.T, s *inventory.Snapshot) {
				if !slices.Contains(s.LogGroups[0].UnknownFields, "kms_key_id") {
					t.Errorf("unknown_fields %v, want kms_key_id", s.LogGroups[0].UnknownFields)
				}
			},
		},
	}
	for _, tt := range tests {
		for _, withFiles := range []bool{false, true} {
			if withFiles && tt.files == nil {
				continue
			}
			name := tt.name
			if withFiles {
				name += ", with .tf files"
			}
			t.Run(name, func(t *testing.T) {
				var files map[string]string
				if withFiles {
					files = tt.files
				}
				s := convertPlan(t, planJSON(t, tt.changes, tt.config), files).Snapshot
				s.Normalize()
				raw, err := json.Marshal(s)
				if err != nil {
					t.Fatal(err)
				}
				if strings.Contains(string(raw), secret) {
					t.Errorf("the snapshot holds a sensitive value:\n%s", raw)
				}
				tt.check(t, s)
			})
		}
	}
}

// TestSensitiveDataSource reads a data source from the prior state: what its
// sensitive_values mark must not reach a resource that the evaluator resolves from it.
func TestSensitiveDataSource(t *testing.T) {
	changes := []change{created("aws_cloudwatch_log_group.g", map[string]any{"name": "g", "retention_in_days": 365},
		map[string]any{"arn": true, "kms_key_id": true})}
	doc := map[string]any{}
	if err := json.Unmarshal(planJSON(t, changes, map[string]any{"resources": []any{
		map[string]any{"address": "aws_cloudwatch_log_group.g", "mode": "managed", "type": "aws_cloudwatch_log_group", "name": "g",
			"provider_config_key": "aws", "expressions": map[string]any{"kms_key_id": map[string]any{"references": []any{"data.aws_kms_key.k.arn", "data.aws_kms_key.k"}}}},
	}}), &doc); err != nil {
		t.Fatal(err)
	}
	doc["prior_state"] = map[string]any{"format_version": "1.0", "values": map[string]any{"root_module": map[string]any{"resources": []any{
		map[string]any{"address": "data.aws_kms_key.k", "mode": "data", "type": "aws_kms_key", "name": "k",
			"values":           map[string]any{"arn": "arn:aws:kms:eu-west-1:111122223333:key/" + secret, "id": "k"},
			"sensitive_values": map[string]any{"arn": true}},
	}}}}
	plan, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	s := convertPlan(t, plan, map[string]string{"main.tf": `
data "aws_kms_key" "k" {
  key_id = "alias/logs"
}
resource "aws_cloudwatch_log_group" "g" {
  name              = "g"
  retention_in_days = 365
  kms_key_id        = data.aws_kms_key.k.arn
}
`}).Snapshot
	raw, _ := json.Marshal(s)
	if strings.Contains(string(raw), secret) {
		t.Errorf("the snapshot holds a sensitive value of a data source:\n%s", raw)
	}
}

func TestHideSensitive(t *testing.T) {
	tests := []struct {
		name    string
		v, u, s any
		wantV   any
		wantU   any
	}{
		{"nothing sensitive", map[string]any{"a": "x"}, nil, map[string]any{"a": false}, map[string]any{"a": "x"}, nil},
		{"whole value", map[string]any{"a": "x"}, nil, true, nil, true},
		{"one attribute", map[string]any{"a": "x", "b": "y"}, nil, map[string]any{"b": true},
			map[string]any{"a": "x", "b": nil}, map[string]any{"a": nil, "b": true}},
		{"list element inside a block", map[string]any{"blk": []any{map[string]any{"k": "x", "l": []any{"p", "q"}}}},
			map[string]any{"blk": []any{map[string]any{}}}, map[string]any{"blk": []any{map[string]any{"l": []any{false, true}}}},
			map[string]any{"blk": []any{map[string]any{"k": "x", "l": []any{"p", nil}}}},
			map[string]any{"blk": []any{map[string]any{"k": nil, "l": []any{nil, true}}}}},
		{"sensitive and unknown", map[string]any{}, map[string]any{"a": true}, map[string]any{"a": true},
			map[string]any{}, map[string]any{"a": true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := hideSensitive(tt.v, tt.u, tt.s)
			if diff := cmp.Diff(tt.wantV, got.v); diff != "" {
				t.Errorf("value (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantU, got.u); diff != "" {
				t.Errorf("unknown mask (-want +got):\n%s", diff)
			}
		})
	}
}
