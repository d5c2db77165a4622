package terraform

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/storewatch/storewatch/inventory"
)

// A configuration where an alarm module called with for_each reads its dimensions from a
// local map that references a DB instance whose identifier is generated at apply.
const moduleAlarmMain = `
locals {
  alarms = {
    "legacy-cpu" = {
      dimensions = { DBInstanceIdentifier = aws_db_instance.legacy.identifier }
      notify     = true
    }
    "quiet" = {
      dimensions = { DBInstanceIdentifier = "fixed-name" }
      notify     = false
    }
  }
}

resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

resource "aws_db_instance" "legacy" {
  identifier_prefix = "legacy-"
  engine            = "mysql"
}

module "alarm" {
  source     = "./modules/alarm"
  for_each   = local.alarms
  name       = each.key
  dimensions = each.value.dimensions
  actions    = each.value.notify ? [aws_sns_topic.alerts.arn] : []
}
`

const moduleAlarmModule = `
variable "name" {
  type = string
}
variable "dimensions" {
  type = map(string)
}
variable "actions" {
  type    = list(string)
  default = []
}

resource "aws_cloudwatch_metric_alarm" "this" {
  alarm_name          = var.name
  namespace           = "AWS/RDS"
  metric_name         = "CPUUtilization"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 90
  evaluation_periods  = 3
  dimensions          = var.dimensions
  alarm_actions       = var.actions
}
`

func moduleAlarmPlan(t *testing.T) []byte {
	alarm := func(key string, after, unknown map[string]any) change {
		base := map[string]any{"alarm_name": key, "namespace": "AWS/RDS", "metric_name": "CPUUtilization",
			"comparison_operator": "GreaterThanThreshold", "threshold": 90, "evaluation_periods": 3, "actions_enabled": true,
			"metric_query": []any{}, "treat_missing_data": "missing", "statistic": nil, "period": nil}
		for k, v := range after {
			base[k] = v
		}
		return created(`module.alarm["`+key+`"].aws_cloudwatch_metric_alarm.this`, base, unknown)
	}
	changes := []change{
		created("aws_sns_topic.alerts", map[string]any{"name": "alerts"}, map[string]any{"arn": true, "id": true}),
		created("aws_db_instance.legacy", map[string]any{"identifier_prefix": "legacy-", "engine": "mysql"},
			map[string]any{"arn": true, "id": true, "identifier": true}),
		alarm("legacy-cpu", nil, map[string]any{"arn": true, "dimensions": true, "alarm_actions": true}),
		alarm("quiet", map[string]any{"dimensions": map[string]any{"DBInstanceIdentifier": "fixed-name"}, "alarm_actions": []any{}},
			map[string]any{"arn": true}),
	}
	ref := func(refs ...string) map[string]any { return map[string]any{"references": refs} }
	config := map[string]any{
		"resources": []any{
			map[string]any{"address": "aws_sns_topic.alerts", "mode": "managed", "type": "aws_sns_topic", "name": "alerts",
				"provider_config_key": "aws", "expressions": map[string]any{"name": map[string]any{"constant_value": "alerts"}}},
			map[string]any{"address": "aws_db_instance.legacy", "mode": "managed", "type": "aws_db_instance", "name": "legacy",
				"provider_config_key": "aws", "expressions": map[string]any{"engine": map[string]any{"constant_value": "mysql"}}},
		},
		"module_calls": map[string]any{"alarm": map[string]any{
			"source": "./modules/alarm",
			"expressions": map[string]any{
				"name":       ref("each.key"),
				"dimensions": ref("each.value.dimensions", "each.value"),
				"actions":    ref("each.value.notify", "each.value", "aws_sns_topic.alerts.arn", "aws_sns_topic.alerts"),
			},
			"for_each_expression": ref("local.alarms"),
			"module": map[string]any{
				"resources": []any{map[string]any{
					"address": "aws_cloudwatch_metric_alarm.this", "mode": "managed", "type": "aws_cloudwatch_metric_alarm", "name": "this",
					"provider_config_key": "aws",
					"expressions": map[string]any{
						"dimensions":    ref("var.dimensions"),
						"alarm_actions": ref("var.actions"),
					},
				}},
				"variables": map[string]any{"name": map[string]any{}, "dimensions": map[string]any{}, "actions": map[string]any{"default": []any{}}},
			},
		}},
	}
	return planJSON(t, changes, config)
}

// dimensionsFromConfig is a new alarm aws_cloudwatch_metric_alarm.NAME whose dimensions the
// plan leaves to the configuration (main.tf of the test).
func dimensionsFromConfig(name, namespace, metric string) change {
	return created("aws_cloudwatch_metric_alarm."+name, map[string]any{"alarm_name": name, "namespace": namespace,
		"metric_name": metric, "metric_query": []any{}}, map[string]any{"dimensions": true, "arn": true, "id": true})
}

func alarmsByID(s *inventory.Snapshot) map[string]inventory.Alarm {
	out := map[string]inventory.Alarm{}
	for _, a := range s.Alarms {
		out[a.ID] = a
	}
	return out
}

// TestReferenceThroughModuleAndLocals follows an unknown dimension value from the alarm in
// the module, through the module variable, each.value and the calling module's local map,
// to the DB instance it names.
func TestReferenceThroughModuleAndLocals(t *testing.T) {
	res := convertPlan(t, moduleAlarmPlan(t), map[string]string{"main.tf": moduleAlarmMain, "modules/alarm/main.tf": moduleAlarmModule})
	alarms := alarmsByID(res.Snapshot)
	got := alarms[`module.alarm["legacy-cpu"].aws_cloudwatch_metric_alarm.this`]
	if diff := cmp.Diff([]inventory.Dimension{{Name: "DBInstanceIdentifier", Ref: "aws_db_instance.legacy"}}, got.Dimensions); diff != "" {
		t.Errorf("dimensions (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"aws_sns_topic.alerts"}, got.AlarmActions); diff != "" {
		t.Errorf("alarm actions (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"arn"}, got.UnknownFields); diff != "" {
		t.Errorf("unknown fields (-want +got):\n%s", diff)
	}
	quiet := alarms[`module.alarm["quiet"].aws_cloudwatch_metric_alarm.this`]
	if diff := cmp.Diff([]inventory.Dimension{{Name: "DBInstanceIdentifier", Value: "fixed-name"}}, quiet.Dimensions); diff != "" {
		t.Errorf("known dimensions (-want +got):\n%s", diff)
	}
}

// TestReferenceWithoutSources: the plan's configuration section alone cannot see through
// each.value, so the values stay unknown rather than guessed.
func TestReferenceWithoutSources(t *testing.T) {
	res := convertPlan(t, moduleAlarmPlan(t), nil)
	got := alarmsByID(res.Snapshot)[`module.alarm["legacy-cpu"].aws_cloudwatch_metric_alarm.this`]
	if len(got.Dimensions) != 0 || len(got.AlarmActions) != 0 {
		t.Errorf("dimensions %v, actions %v: want none known", got.Dimensions, got.AlarmActions)
	}
	if diff := cmp.Diff([]string{"alarm_actions", "arn", "dimensions"}, got.UnknownFields); diff != "" {
		t.Errorf("unknown fields (-want +got):\n%s", diff)
	}
}

// TestCountIndexReference maps alarm[i] to table[i]: the table names are unknown (a
// prefix), so each alarm's dimension references the instance with its own index.
func TestCountIndexReference(t *testing.T) {
	main := `
resource "aws_dynamodb_table" "shard" {
  count = 2
  name  = "shard-${count.index}-${random_id.x.hex}"
}
resource "aws_cloudwatch_metric_alarm" "throttles" {
  count      = 2
  alarm_name = "throttles-${count.index}"
  dimensions = { TableName = aws_dynamodb_table.shard[count.index].name }
}
`
	var changes []change
	for i := range 2 {
		idx := string(rune('0' + i))
		changes = append(changes,
			created("aws_dynamodb_table.shard["+idx+"]", map[string]any{"billing_mode": "PAY_PER_REQUEST"},
				map[string]any{"name": true, "arn": true, "id": true}),
			created("aws_cloudwatch_metric_alarm.throttles["+idx+"]", map[string]any{"alarm_name": "throttles-" + idx},
				map[string]any{"dimensions": true, "arn": true}))
	}
	config := map[string]any{"resources": []any{
		map[string]any{"address": "aws_dynamodb_table.shard", "mode": "managed", "type": "aws_dynamodb_table", "name": "shard",
			"provider_config_key": "aws", "expressions": map[string]any{}, "count_expression": map[string]any{"constant_value": 2}},
		map[string]any{"address": "aws_cloudwatch_metric_alarm.throttles", "mode": "managed", "type": "aws_cloudwatch_metric_alarm", "name": "throttles",
			"provider_config_key": "aws", "count_expression": map[string]any{"constant_value": 2},
			"expressions": map[string]any{"dimensions": map[string]any{"references": []string{"aws_dynamodb_table.shard", "count.index"}}}},
	}}
	plan := planJSON(t, changes, config)

	res := convertPlan(t, plan, map[string]string{"main.tf": main})
	alarms := alarmsByID(res.Snapshot)
	for i, want := range []string{"aws_dynamodb_table.shard[0]", "aws_dynamodb_table.shard[1]"} {
		a := alarms["aws_cloudwatch_metric_alarm.throttles["+string(rune('0'+i))+"]"]
		if len(a.Dimensions) != 1 || a.Dimensions[0].Ref != want {
			t.Errorf("alarm %d dimensions %+v: want a reference to %s", i, a.Dimensions, want)
		}
	}
	// Without the .tf files "aws_dynamodb_table.shard" with count.index names no one
	// instance: unknown.
	res = convertPlan(t, plan, nil)
	for _, a := range res.Snapshot.Alarms {
		if len(a.Dimensions) != 0 || !contains(a.UnknownFields, "dimensions") {
			t.Errorf("%s: dimensions %+v unknown fields %v: want unknown", a.ID, a.Dimensions, a.UnknownFields)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestBucketSubresourcesFromConfigSection attaches separate S3 resources to their bucket
// by the reference the configuration section records, without the .tf files.
func TestBucketSubresourcesFromConfigSection(t *testing.T) {
	ref := func(refs ...string) map[string]any { return map[string]any{"references": refs} }
	changes := []change{
		created("aws_s3_bucket.data", map[string]any{"bucket": "data"}, map[string]any{"arn": true, "id": true, "logging": true,
			"versioning": true, "acl": true, "grant": true, "policy": true, "object_lock_enabled": true, "lifecycle_rule": true}),
		created("aws_s3_bucket.logs", map[string]any{"bucket": "logs"}, map[string]any{"arn": true, "id": true, "logging": true,
			"versioning": true, "object_lock_enabled": true, "lifecycle_rule": true}),
		created("aws_s3_bucket_versioning.data", map[string]any{"versioning_configuration": []any{map[string]any{"status": "Enabled"}}},
			map[string]any{"bucket": true, "versioning_configuration": []any{map[string]any{"mfa_delete": true}}}),
		created("aws_s3_bucket_logging.data", map[string]any{"target_prefix": "data/"}, map[string]any{"bucket": true, "target_bucket": true}),
		created("aws_s3_bucket_public_access_block.data", map[string]any{"block_public_acls": true, "block_public_policy": false,
			"ignore_public_acls": true, "restrict_public_buckets": false}, map[string]any{"bucket": true}),
	}
	res := func(addr string, exprs map[string]any) map[string]any {
		a, _ := parseTraversal(addr)
		return map[string]any{"address": addr, "mode": "managed", "type": a[0].name, "name": a[1].name, "provider_config_key": "aws", "expressions": exprs}
	}
	config := map[string]any{"resources": []any{
		res("aws_s3_bucket.data", map[string]any{"bucket": map[string]any{"constant_value": "data"}}),
		res("aws_s3_bucket.logs", map[string]any{"bucket": map[string]any{"constant_value": "logs"}}),
		res("aws_s3_bucket_versioning.data", map[string]any{"bucket": ref("aws_s3_bucket.data.id", "aws_s3_bucket.data"),
			"versioning_configuration": []any{map[string]any{"status": map[string]any{"constant_value": "Enabled"}}}}),
		res("aws_s3_bucket_logging.data", map[string]any{"bucket": ref("aws_s3_bucket.data.id", "aws_s3_bucket.data"),
			"target_bucket": ref("aws_s3_bucket.logs.id", "aws_s3_bucket.logs")}),
		res("aws_s3_bucket_public_access_block.data", map[string]any{"bucket": ref("aws_s3_bucket.data.id", "aws_s3_bucket.data")}),
	}}
	got := convertPlan(t, planJSON(t, changes, config), nil).Snapshot
	got.Normalize()
	no := false
	want := []inventory.S3Bucket{
		{
			Meta:    inventory.Meta{ID: "aws_s3_bucket.data", Type: inventory.TypeS3Bucket, ARN: "arn:aws:s3:::data", Name: "data", AccountID: UnknownAccount, Region: "eu-west-1"},
			Logging: &inventory.BucketLogging{TargetBucket: "logs", TargetPrefix: "data/"}, Versioning: "Enabled",
			PublicAccessBlock: &inventory.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true},
			PolicyPublic:      &no, ACLPublic: &no, MetricsConfigurations: []string{}, Notifications: []inventory.BucketNotification{},
		},
		{
			Meta:              inventory.Meta{ID: "aws_s3_bucket.logs", Type: inventory.TypeS3Bucket, ARN: "arn:aws:s3:::logs", Name: "logs", AccountID: UnknownAccount, Region: "eu-west-1"},
			PublicAccessBlock: &inventory.PublicAccessBlock{BlockPublicACLs: true, IgnorePublicACLs: true, BlockPublicPolicy: true, RestrictPublicBuckets: true},
			PolicyPublic:      &no, ACLPublic: &no, LogDeliveryTarget: true, MetricsConfigurations: []string{}, Notifications: []inventory.BucketNotification{},
		},
	}
	s := &inventory.Snapshot{S3Buckets: want}
	s.Normalize()
	if diff := cmp.Diff(s.S3Buckets, got.S3Buckets, ignoreSource); diff != "" {
		t.Errorf("s3_buckets (-want +got):\n%s", diff)
	}
}

func TestTrailDefaults(t *testing.T) {
	changes := []change{created("aws_cloudtrail.t", map[string]any{"name": "t", "event_selector": []any{}, "advanced_event_selector": []any{},
		"insight_selector": []any{}, "enable_logging": true, "is_multi_region_trail": false, "include_global_service_events": true,
		"enable_log_file_validation": false, "is_organization_trail": false, "s3_bucket_name": "external-bucket", "kms_key_id": nil,
		"cloud_watch_logs_group_arn": nil, "cloud_watch_logs_role_arn": nil, "sns_topic_name": nil, "s3_key_prefix": nil},
		map[string]any{"arn": true, "id": true, "home_region": true})}
	got := convertPlan(t, planJSON(t, changes, nil), nil).Snapshot
	got.Normalize()
	want := inventory.Trail{
		Meta:       meta("aws_cloudtrail.t", inventory.TypeTrail, "t", "arn"),
		HomeRegion: "eu-west-1", IncludeGlobalServiceEvents: true, S3BucketName: "external-bucket",
		Status:                 &inventory.TrailStatus{IsLogging: true},
		EventSelectors:         []inventory.EventSelector{{ReadWriteType: "All", IncludeManagementEvents: true, ExcludeManagementEventSources: []string{}, DataResources: []inventory.DataResource{}}},
		AdvancedEventSelectors: []inventory.AdvancedEventSelector{}, InsightTypes: []string{},
	}
	if len(got.Trails) != 1 {
		t.Fatalf("trails: %+v", got.Trails)
	}
	if diff := cmp.Diff(want, got.Trails[0], ignoreSource, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("trail (-want +got):\n%s", diff)
	}
}

func TestSubscriptionConfirmation(t *testing.T) {
	tests := []struct {
		name          string
		protocol      string
		autoConfirms  bool
		wantConfirmed bool
		wantPending   bool
	}{
		{"email waits for a person", "email", false, false, true},
		{"sqs needs no confirmation", "sqs", false, true, false},
		{"https endpoint that confirms itself", "https", true, true, false},
		{"https endpoint that does not", "https", false, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ref := func(refs ...string) map[string]any { return map[string]any{"references": refs} }
			changes := []change{
				created("aws_sns_topic.t", map[string]any{"name": "t"}, map[string]any{"arn": true, "id": true}),
				created("aws_sns_topic_subscription.s", map[string]any{"protocol": tt.protocol, "endpoint": "someone@example.com",
					"endpoint_auto_confirms": tt.autoConfirms}, map[string]any{"arn": true, "topic_arn": true, "pending_confirmation": true}),
			}
			config := map[string]any{"resources": []any{
				map[string]any{"address": "aws_sns_topic.t", "mode": "managed", "type": "aws_sns_topic", "name": "t", "provider_config_key": "aws", "expressions": map[string]any{}},
				map[string]any{"address": "aws_sns_topic_subscription.s", "mode": "managed", "type": "aws_sns_topic_subscription", "name": "s",
					"provider_config_key": "aws", "expressions": map[string]any{"topic_arn": ref("aws_sns_topic.t.arn", "aws_sns_topic.t")}},
			}}
			s := convertPlan(t, planJSON(t, changes, config), nil).Snapshot
			if len(s.SNSTopics) != 1 || len(s.SNSTopics[0].Subscriptions) != 1 {
				t.Fatalf("topics: %+v", s.SNSTopics)
			}
			topic := s.SNSTopics[0]
			if got := topic.Subscriptions[0].Confirmed; got != tt.wantConfirmed {
				t.Errorf("confirmed = %v, want %v", got, tt.wantConfirmed)
			}
			pending := len(topic.Errors) == 1 && topic.Errors[0].Code == CodePendingConfirmation && topic.Errors[0].Operation == "sns:ListSubscriptions"
			if pending != tt.wantPending {
				t.Errorf("topic errors %+v, want pending %v", topic.Errors, tt.wantPending)
			}
			if e := topic.Subscriptions[0].Endpoint; e == "someone@example.com" && tt.protocol != "sqs" {
				t.Errorf("endpoint %q is not redacted", e)
			}
		})
	}
}

func TestActions(t *testing.T) {
	bucket := func(name string) map[string]any {
		return map[string]any{"bucket": name, "arn": "arn:aws:s3:::" + name, "logging": []any{}, "versioning": []any{},
			"object_lock_enabled": false, "lifecycle_rule": []any{}, "acl": nil, "grant": []any{}, "policy": "", "region": "us-west-2"}
	}
	changes := []change{
		withActions("aws_s3_bucket.gone", []string{"delete"}, bucket("gone"), nil, nil),
		withActions("aws_s3_bucket.renamed", []string{"delete", "create"}, bucket("old-name"), map[string]any{"bucket": "new-name"},
			map[string]any{"arn": true, "logging": true, "versioning": true, "object_lock_enabled": true, "lifecycle_rule": true, "acl": true, "grant": true, "policy": true, "region": true}),
		withActions("aws_s3_bucket.kept", []string{"no-op"}, bucket("kept"), bucket("kept"), nil),
		withActions("aws_s3_bucket.forgotten", []string{"forget"}, bucket("forgotten"), nil, nil),
	}
	res := convertPlan(t, planJSON(t, changes, nil), nil)
	var ids []string
	for _, b := range res.Snapshot.S3Buckets {
		ids = append(ids, b.ID+"="+b.Name)
	}
	if diff := cmp.Diff([]string{"aws_s3_bucket.forgotten=forgotten", "aws_s3_bucket.kept=kept", "aws_s3_bucket.renamed=new-name"}, ids); diff != "" {
		t.Errorf("buckets after apply (-want +got):\n%s", diff)
	}
	want := []Deleted{
		{Address: "aws_s3_bucket.gone", Type: inventory.TypeS3Bucket, ARN: "arn:aws:s3:::gone", Name: "gone"},
		{Address: "aws_s3_bucket.renamed", Type: inventory.TypeS3Bucket, ARN: "arn:aws:s3:::old-name", Name: "old-name"},
	}
	if diff := cmp.Diff(want, res.Deleted); diff != "" {
		t.Errorf("deleted (-want +got):\n%s", diff)
	}
	for _, b := range res.Snapshot.S3Buckets {
		if b.ID == "aws_s3_bucket.kept" && (b.Region != "us-west-2" || b.PublicAccessBlock != nil || !contains(b.UnknownFields, "public_access_block")) {
			t.Errorf("an existing bucket's unmanaged settings are unknown, and it lives in its own region: %+v", b)
		}
	}
}

// TestSourceLocations locates a root resource and a resource of a module called with
// for_each: its block in the module, and the module block in the calling file.
func TestSourceLocations(t *testing.T) {
	res := convertPlan(t, moduleAlarmPlan(t), map[string]string{"main.tf": moduleAlarmMain, "modules/alarm/main.tf": moduleAlarmModule})
	got := map[string]*inventory.SourceRef{}
	for _, a := range res.Snapshot.Alarms {
		got[a.ID] = a.Source
	}
	for _, d := range res.Snapshot.DBInstances {
		got[d.ID] = d.Source
	}
	want := map[string]*inventory.SourceRef{
		"aws_db_instance.legacy": {Address: "aws_db_instance.legacy", File: "main.tf", StartLine: 19, EndLine: 22},
		`module.alarm["legacy-cpu"].aws_cloudwatch_metric_alarm.this`: {
			Address: `module.alarm["legacy-cpu"].aws_cloudwatch_metric_alarm.this`, File: "modules/alarm/main.tf", StartLine: 13, EndLine: 22,
			ModuleCalls: []inventory.ModuleCallRef{{Name: "alarm", File: "main.tf", StartLine: 24, EndLine: 30}},
		},
		`module.alarm["quiet"].aws_cloudwatch_metric_alarm.this`: {
			Address: `module.alarm["quiet"].aws_cloudwatch_metric_alarm.this`, File: "modules/alarm/main.tf", StartLine: 13, EndLine: 22,
			ModuleCalls: []inventory.ModuleCallRef{{Name: "alarm", File: "main.tf", StartLine: 24, EndLine: 30}},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sources (-want +got):\n%s", diff)
	}
	// Without the configuration directory the address is all there is.
	res = convertPlan(t, moduleAlarmPlan(t), nil)
	for _, d := range res.Snapshot.DBInstances {
		if diff := cmp.Diff(&inventory.SourceRef{Address: d.ID}, d.Source); diff != "" {
			t.Errorf("source without a directory (-want +got):\n%s", diff)
		}
	}
}

// TestPlanScope marks the account-wide listings on the account and region items only.
func TestPlanScope(t *testing.T) {
	s := convertPlan(t, moduleAlarmPlan(t), nil).Snapshot
	if len(s.Accounts) != 1 || len(s.Regions) != 1 {
		t.Fatalf("accounts %+v regions %+v", s.Accounts, s.Regions)
	}
	ops := func(errs []inventory.CollectionError) map[string]bool {
		out := map[string]bool{}
		for _, e := range errs {
			if e.Code != inventory.CodeNotInPlan || e.Source != inventory.SourceTerraformPlan {
				t.Errorf("unexpected error %+v", e)
			}
			out[e.Operation] = true
		}
		return out
	}
	acct, region := ops(s.Accounts[0].Errors), ops(s.Regions[0].Errors)
	for _, op := range []string{"cloudtrail:DescribeTrails", "logs:DescribeLogGroups", "rds:DescribeEventSubscriptions"} {
		if !acct[op] || !region[op] {
			t.Errorf("%s is not marked NotInPlan on the account and the region", op)
		}
	}
	// The reads of one trail or log group are the plan's to tell for the trails and groups
	// it declares; the others are unknown through their listings.
	for _, op := range []string{"cloudtrail:GetEventSelectors", "cloudtrail:GetTrailStatus", "cloudtrail:GetInsightSelectors", "logs:DescribeMetricFilters"} {
		if acct[op] || region[op] {
			t.Errorf("%s is marked NotInPlan: the plan's own trails and log groups would lose what the plan says of them", op)
		}
	}
	if acct["cloudwatch:DescribeAlarms"] || !region["cloudwatch:DescribeAlarms"] {
		t.Error("cloudwatch:DescribeAlarms must be NotInPlan for the region only")
	}
	for _, a := range s.Alarms {
		if len(a.Errors) != 0 {
			t.Errorf("%s carries plan-scope errors: %+v", a.ID, a.Errors)
		}
	}
}

// TestPlanTrailsJudged: the trails a plan declares are judged on what the plan says of
// them (their selectors, their log group's filters), not taken as unread because the
// account around the plan is unknown. Case 02's organisation trail records all management
// events into a log group with a CIS filter for IAM policy changes that has no alarm: the
// chain reaches the filter and stops for want of an alarm; only the trails beside the plan
// keep the control from "no".
func TestPlanTrailsJudged(t *testing.T) {
	s := convertFile(t, filepath.Join(testdataDir, "02-cloudtrail-logs", "plan.json"), true).Snapshot
	inventory.Resolve(s)
	for _, tr := range s.Trails {
		if tr.ID == "aws_cloudtrail.org" && tr.Posture.ManagementEvents != "all" {
			t.Errorf("%s records management events %q, want all (its selectors are in the plan)", tr.ID, tr.Posture.ManagementEvents)
		}
	}
	found := false
	for _, a := range s.Accounts {
		for _, c := range a.Posture.MetricFilterControls {
			if c.Control != "MF-04" {
				continue
			}
			found = true
			want := inventory.MetricFilterChain{Trail: "aws_cloudtrail.org", LogGroup: "aws_cloudwatch_log_group.trail",
				Filter: "cis-iam-policy-changes", Metric: "IAMPolicyChanges", Namespace: "CISBenchmark"}
			if c.Chain == nil || *c.Chain != want {
				t.Errorf("MF-04 chain %+v, want %+v", c.Chain, want)
			}
			if c.Status != inventory.StatusUnknown || !strings.Contains(c.Reason, "no alarm") {
				t.Errorf("MF-04: %s (%s), want unknown for want of an alarm and of the account's other trails", c.Status, c.Reason)
			}
		}
	}
	if !found {
		t.Error("no MF-04 control on the account")
	}
}

// TestNestedModules follows a reference two modules deep: an outer module called with
// count calls an inner one with for_each, whose alarm watches a DB instance created in the
// root module and passed down as a variable.
func TestNestedModules(t *testing.T) {
	main := `
resource "aws_db_instance" "db" {
  identifier_prefix = "db-"
}

module "outer" {
  source = "./outer"
  count  = 1
  db_id  = aws_db_instance.db.identifier
}
`
	outer := `
variable "db_id" {
  type = string
}

module "inner" {
  source   = "../inner"
  for_each = toset(["cpu"])
  metric   = each.key
  db_id    = var.db_id
}
`
	inner := `
variable "metric" {}
variable "db_id" {}

resource "aws_cloudwatch_metric_alarm" "this" {
  alarm_name = var.metric
  dimensions = { DBInstanceIdentifier = var.db_id }
}
`
	addr := `module.outer[0].module.inner["cpu"].aws_cloudwatch_metric_alarm.this`
	changes := []change{
		created("aws_db_instance.db", map[string]any{"engine": "postgres"}, map[string]any{"identifier": true, "arn": true}),
		created(addr, map[string]any{"alarm_name": "cpu", "metric_query": []any{}}, map[string]any{"dimensions": true, "arn": true}),
	}
	ref := func(refs ...string) map[string]any { return map[string]any{"references": refs} }
	config := map[string]any{
		"resources": []any{map[string]any{"address": "aws_db_instance.db", "mode": "managed", "type": "aws_db_instance", "name": "db",
			"provider_config_key": "aws", "expressions": map[string]any{}}},
		"module_calls": map[string]any{"outer": map[string]any{
			"source":           "./outer",
			"count_expression": map[string]any{"constant_value": 1},
			"expressions":      map[string]any{"db_id": ref("aws_db_instance.db.identifier", "aws_db_instance.db")},
			"module": map[string]any{"module_calls": map[string]any{"inner": map[string]any{
				"source":              "../inner",
				"for_each_expression": ref(),
				"expressions":         map[string]any{"metric": ref("each.key"), "db_id": ref("var.db_id")},
				"module": map[string]any{"resources": []any{map[string]any{
					"address": "aws_cloudwatch_metric_alarm.this", "mode": "managed", "type": "aws_cloudwatch_metric_alarm", "name": "this",
					"provider_config_key": "aws", "expressions": map[string]any{"dimensions": ref("var.db_id")},
				}}},
			}}},
		}},
	}
	plan := planJSON(t, changes, config)
	files := map[string]string{"main.tf": main, "outer/main.tf": outer, "inner/main.tf": inner}
	res := convertPlan(t, plan, files)
	if len(res.Snapshot.Alarms) != 1 {
		t.Fatalf("alarms: %+v", res.Snapshot.Alarms)
	}
	a := res.Snapshot.Alarms[0]
	if a.ID != addr {
		t.Errorf("id %q, want %q", a.ID, addr)
	}
	if diff := cmp.Diff([]inventory.Dimension{{Name: "DBInstanceIdentifier", Ref: "aws_db_instance.db"}}, a.Dimensions); diff != "" {
		t.Errorf("dimensions (-want +got):\n%s", diff)
	}
	want := &inventory.SourceRef{Address: addr, File: "inner/main.tf", StartLine: 5, EndLine: 8, ModuleCalls: []inventory.ModuleCallRef{
		{Name: "outer", File: "main.tf", StartLine: 6, EndLine: 10},
		{Name: "inner", File: "outer/main.tf", StartLine: 6, EndLine: 11},
	}}
	if diff := cmp.Diff(want, a.Source); diff != "" {
		t.Errorf("source (-want +got):\n%s", diff)
	}
	// The configuration section alone gets there too: var.db_id → the module call's
	// argument → var.db_id of the outer module → aws_db_instance.db. Only the map's keys are
	// unknown without the .tf files, so the value cannot be placed.
	res = convertPlan(t, plan, nil)
	in := res.conv.byAddress[addr]
	if addrs, ok := res.conv.jsonTargets(in, []any{"dimensions"}); !ok || len(addrs) != 1 || addrs[0].addr != "aws_db_instance.db" {
		t.Errorf("configuration-section targets %v %v, want aws_db_instance.db", addrs, ok)
	}
}

// TestDataSourceReadAtApply: an alarm action from a data source Terraform reads only at
// apply is that data source's address with or without the .tf files, so that both modes
// judge the alarm alike (its topic's subscribers unknown, never "reaches no one").
func TestDataSourceReadAtApply(t *testing.T) {
	read := withActions("aws_sns_topic.oncall", []string{"read"}, nil, map[string]any{"name": "oncall"}, map[string]any{"arn": true, "id": true})
	read.Address, read.Mode = "data.aws_sns_topic.oncall", "data"
	changes := []change{
		read,
		created("aws_cloudwatch_metric_alarm.cpu", map[string]any{"alarm_name": "cpu", "namespace": "AWS/RDS", "metric_name": "CPUUtilization",
			"actions_enabled": true, "ok_actions": []any{}, "insufficient_data_actions": []any{}, "metric_query": []any{}},
			map[string]any{"arn": true, "id": true, "alarm_actions": true}),
	}
	config := map[string]any{"resources": []any{
		map[string]any{"address": "data.aws_sns_topic.oncall", "mode": "data", "type": "aws_sns_topic", "name": "oncall", "provider_config_key": "aws",
			"expressions": map[string]any{"name": map[string]any{"constant_value": "oncall"}}},
		map[string]any{"address": "aws_cloudwatch_metric_alarm.cpu", "mode": "managed", "type": "aws_cloudwatch_metric_alarm", "name": "cpu", "provider_config_key": "aws",
			"expressions": map[string]any{"alarm_actions": map[string]any{"references": []any{"data.aws_sns_topic.oncall.arn", "data.aws_sns_topic.oncall"}}}},
	}}
	files := map[string]string{"main.tf": `
data "aws_sns_topic" "oncall" {
  name = "oncall"
}
resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name    = "cpu"
  namespace     = "AWS/RDS"
  metric_name   = "CPUUtilization"
  alarm_actions = [data.aws_sns_topic.oncall.arn]
}
`}
	for _, withFiles := range []bool{false, true} {
		var f map[string]string
		if withFiles {
			f = files
		}
		s := convertPlan(t, planJSON(t, changes, config), f).Snapshot
		a := alarmsByID(s)["aws_cloudwatch_metric_alarm.cpu"]
		if diff := cmp.Diff([]string{"data.aws_sns_topic.oncall"}, a.AlarmActions); diff != "" || contains(a.UnknownFields, "alarm_actions") {
			t.Errorf("with .tf files %v: alarm_actions (-want +got):\n%s\nunknown %v", withFiles, diff, a.UnknownFields)
		}
	}
}

// TestDBInstanceIDNamesNoInstance: since aws provider 5.0, aws_db_instance's id is its
// DbiResourceId, never a DBInstanceIdentifier. A dimension read from it (or from
// resource_id or arn) ties the alarm to no instance, and is not left unknown either; one
// read from identifier still names the instance. Without the .tf files the configuration
// section tells the attribute too.
func TestDBInstanceIDNamesNoInstance(t *testing.T) {
	main := `
resource "aws_db_instance" "byid" {
  identifier = "byid-db"
}
resource "aws_db_instance" "legacy" {
  identifier_prefix = "legacy-"
}
resource "aws_cloudwatch_metric_alarm" "byid" {
  alarm_name = "byid"
  dimensions = { DBInstanceIdentifier = aws_db_instance.byid.id }
}
resource "aws_cloudwatch_metric_alarm" "byres" {
  alarm_name = "byres"
  dimensions = { DBInstanceIdentifier = aws_db_instance.legacy.resource_id }
}
resource "aws_cloudwatch_metric_alarm" "byname" {
  alarm_name = "byname"
  dimensions = { DBInstanceIdentifier = aws_db_instance.legacy.identifier }
}
`
	alarm := func(name string) change { return dimensionsFromConfig(name, "AWS/RDS", "CPUUtilization") }
	changes := []change{
		created("aws_db_instance.byid", map[string]any{"identifier": "byid-db", "engine": "postgres"},
			map[string]any{"arn": true, "id": true, "resource_id": true}),
		created("aws_db_instance.legacy", map[string]any{"identifier_prefix": "legacy-", "engine": "postgres"},
			map[string]any{"arn": true, "id": true, "resource_id": true, "identifier": true}),
		alarm("byid"), alarm("byres"), alarm("byname"),
	}
	res := func(name string, refs ...string) map[string]any {
		return map[string]any{"address": "aws_cloudwatch_metric_alarm." + name, "mode": "managed", "type": "aws_cloudwatch_metric_alarm",
			"name": name, "provider_config_key": "aws", "expressions": map[string]any{"dimensions": map[string]any{"references": refs}}}
	}
	config := map[string]any{"resources": []any{
		map[string]any{"address": "aws_db_instance.byid", "mode": "managed", "type": "aws_db_instance", "name": "byid",
			"provider_config_key": "aws", "expressions": map[string]any{}},
		map[string]any{"address": "aws_db_instance.legacy", "mode": "managed", "type": "aws_db_instance", "name": "legacy",
			"provider_config_key": "aws", "expressions": map[string]any{}},
		res("byid", "aws_db_instance.byid.id", "aws_db_instance.byid"),
		res("byres", "aws_db_instance.legacy.resource_id", "aws_db_instance.legacy"),
		res("byname", "aws_db_instance.legacy"),
	}}
	plan := planJSON(t, changes, config)

	alarms := alarmsByID(convertPlan(t, plan, map[string]string{"main.tf": main}).Snapshot)
	tests := []struct {
		alarm string
		want  inventory.Dimension
	}{
		{"byid", inventory.Dimension{Name: "DBInstanceIdentifier", Value: "(known after apply: aws_db_instance.byid.id)"}},
		{"byres", inventory.Dimension{Name: "DBInstanceIdentifier", Value: "(known after apply: aws_db_instance.legacy.resource_id)"}},
		{"byname", inventory.Dimension{Name: "DBInstanceIdentifier", Ref: "aws_db_instance.legacy"}},
	}
	for _, tt := range tests {
		a := alarms["aws_cloudwatch_metric_alarm."+tt.alarm]
		if diff := cmp.Diff([]inventory.Dimension{tt.want}, a.Dimensions); diff != "" {
			t.Errorf("%s: dimensions (-want +got):\n%s", tt.alarm, diff)
		}
		if contains(a.UnknownFields, "dimensions") {
			t.Errorf("%s: dimensions unknown, want known to name %v", tt.alarm, tt.want)
		}
	}

	// The configuration section names the attribute when every reference to the instance
	// names the same one, and none when it references the whole instance.
	conv := convertPlan(t, plan, nil).conv
	for name, want := range map[string]origin{
		"byid":   {addr: "aws_db_instance.byid", attr: "id"},
		"byres":  {addr: "aws_db_instance.legacy", attr: "resource_id"},
		"byname": {addr: "aws_db_instance.legacy"},
	} {
		got, ok := conv.jsonTargets(conv.byAddress["aws_cloudwatch_metric_alarm."+name], []any{"dimensions"})
		if !ok || len(got) != 1 || got[0] != want {
			t.Errorf("%s: configuration-section targets %v %v, want %v", name, got, ok, want)
		}
	}
}

// TestOpenSearchDomainIDNamesNoDomain: an OpenSearch domain's id is its ARN, so an alarm whose
// DomainName dimension reads it watches no domain; domain_name names it.
func TestOpenSearchDomainIDNamesNoDomain(t *testing.T) {
	main := `
resource "aws_opensearch_domain" "logs" {
  domain_name = "logs"
}
resource "aws_cloudwatch_metric_alarm" "byid" {
  alarm_name = "byid"
  dimensions = { DomainName = aws_opensearch_domain.logs.id, ClientId = "123456789012" }
}
resource "aws_cloudwatch_metric_alarm" "byname" {
  alarm_name = "byname"
  dimensions = { DomainName = aws_opensearch_domain.logs.domain_name, ClientId = "123456789012" }
}
`
	alarm := func(name string) change { return dimensionsFromConfig(name, "AWS/ES", "ClusterStatus.red") }
	changes := []change{
		created("aws_opensearch_domain.logs", map[string]any{"domain_name": "logs"}, map[string]any{"arn": true, "id": true, "domain_id": true}),
		alarm("byid"), alarm("byname"),
	}
	alarms := alarmsByID(convertPlan(t, planJSON(t, changes, nil), map[string]string{"main.tf": main}).Snapshot)
	for name, want := range map[string][]inventory.Dimension{
		"byid":   {{Name: "ClientId", Value: "123456789012"}, {Name: "DomainName", Value: "(known after apply: aws_opensearch_domain.logs.id)"}},
		"byname": {{Name: "ClientId", Value: "123456789012"}, {Name: "DomainName", Value: "logs"}},
	} {
		if diff := cmp.Diff(want, alarms["aws_cloudwatch_metric_alarm."+name].Dimensions); diff != "" {
			t.Errorf("%s: dimensions (-want +got):\n%s", name, diff)
		}
	}
}

// TestStoreARNNamesNoStore: CloudWatch names a data store by its name, never by its ARN (or a
// table's stream ARN): an alarm whose TableName, ClusterIdentifier, ... reads one, unknown
// until apply, watches no store, and is not tied to the one its reference names. One read
// from the name attribute still names the store.
func TestStoreARNNamesNoStore(t *testing.T) {
	main := `
resource "aws_dynamodb_table" "t" {
  name = "orders"
}
resource "aws_redshift_cluster" "dw" {
  cluster_identifier = "dw"
}
resource "aws_docdb_cluster" "docs" {
  cluster_identifier = "docs"
}
resource "aws_cloudwatch_metric_alarm" "byarn" {
  alarm_name = "byarn"
  dimensions = { TableName = aws_dynamodb_table.t.arn }
}
resource "aws_cloudwatch_metric_alarm" "bystream" {
  alarm_name = "bystream"
  dimensions = { TableName = aws_dynamodb_table.t.stream_arn }
}
resource "aws_cloudwatch_metric_alarm" "byname" {
  alarm_name = "byname"
  dimensions = { TableName = aws_dynamodb_table.t.name }
}
resource "aws_cloudwatch_metric_alarm" "dw" {
  alarm_name = "dw"
  dimensions = { ClusterIdentifier = aws_redshift_cluster.dw.arn }
}
resource "aws_cloudwatch_metric_alarm" "docs" {
  alarm_name = "docs"
  dimensions = { DBClusterIdentifier = aws_docdb_cluster.docs.cluster_resource_id }
}
`
	alarm := func(name, namespace string) change { return dimensionsFromConfig(name, namespace, "M") }
	changes := []change{
		created("aws_dynamodb_table.t", map[string]any{"name": "orders"}, map[string]any{"arn": true, "id": true, "stream_arn": true}),
		created("aws_redshift_cluster.dw", map[string]any{"cluster_identifier": "dw"}, map[string]any{"arn": true, "id": true}),
		created("aws_docdb_cluster.docs", map[string]any{"cluster_identifier": "docs"}, map[string]any{"arn": true, "id": true, "cluster_resource_id": true}),
		alarm("byarn", "AWS/DynamoDB"), alarm("bystream", "AWS/DynamoDB"), alarm("byname", "AWS/DynamoDB"),
		alarm("dw", "AWS/Redshift"), alarm("docs", "AWS/DocDB"),
	}
	alarms := alarmsByID(convertPlan(t, planJSON(t, changes, nil), map[string]string{"main.tf": main}).Snapshot)
	for name, want := range map[string]inventory.Dimension{
		"byarn":    {Name: "TableName", Value: "(known after apply: aws_dynamodb_table.t.arn)"},
		"bystream": {Name: "TableName", Value: "(known after apply: aws_dynamodb_table.t.stream_arn)"},
		"byname":   {Name: "TableName", Value: "orders"},
		"dw":       {Name: "ClusterIdentifier", Value: "(known after apply: aws_redshift_cluster.dw.arn)"},
		"docs":     {Name: "DBClusterIdentifier", Value: "(known after apply: aws_docdb_cluster.docs.cluster_resource_id)"},
	} {
		a := alarms["aws_cloudwatch_metric_alarm."+name]
		if diff := cmp.Diff([]inventory.Dimension{want}, a.Dimensions); diff != "" {
			t.Errorf("%s: dimensions (-want +got):\n%s", name, diff)
		}
		if contains(a.UnknownFields, "dimensions") {
			t.Errorf("%s: dimensions unknown, want known to name %v", name, want)
		}
	}
}

// TestReplicationGroupMemberReference: CloudWatch publishes a replication group's metrics
// per member cluster, whose ids a new group gets only at apply. An alarm whose
// CacheClusterId is tolist(group.member_clusters)[0] reads one of them and watches the
// group; one that reads the group's own id, ARN or endpoint watches no cluster.
func TestReplicationGroupMemberReference(t *testing.T) {
	main := `
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id = "sessions"
  description          = "sessions"
}
resource "aws_cloudwatch_metric_alarm" "member" {
  alarm_name = "member"
  dimensions = { CacheClusterId = tolist(aws_elasticache_replication_group.sessions.member_clusters)[0] }
}
resource "aws_cloudwatch_metric_alarm" "group" {
  alarm_name = "group"
  dimensions = { CacheClusterId = aws_elasticache_replication_group.sessions.id }
}
resource "aws_cloudwatch_metric_alarm" "endpoint" {
  alarm_name = "endpoint"
  dimensions = { CacheClusterId = aws_elasticache_replication_group.sessions.primary_endpoint_address }
}
`
	alarm := func(name string) change { return dimensionsFromConfig(name, "AWS/ElastiCache", "EngineCPUUtilization") }
	changes := []change{
		created("aws_elasticache_replication_group.sessions",
			map[string]any{"replication_group_id": "sessions", "description": "sessions", "engine": "redis", "num_cache_clusters": 2, "log_delivery_configuration": []any{}},
			map[string]any{"arn": true, "id": true, "member_clusters": true, "primary_endpoint_address": true, "num_node_groups": true, "replicas_per_node_group": true}),
		alarm("member"), alarm("group"), alarm("endpoint"),
	}
	s := convertPlan(t, planJSON(t, changes, nil), map[string]string{"main.tf": main}).Snapshot
	alarms := alarmsByID(s)
	for name, want := range map[string]inventory.Dimension{
		"member": {Name: "CacheClusterId", Ref: "aws_elasticache_replication_group.sessions"},
		// The group's id is its replication_group_id, which no member cluster has.
		"group":    {Name: "CacheClusterId", Value: "sessions"},
		"endpoint": {Name: "CacheClusterId", Value: "(known after apply: aws_elasticache_replication_group.sessions.primary_endpoint_address)"},
	} {
		if diff := cmp.Diff([]inventory.Dimension{want}, alarms["aws_cloudwatch_metric_alarm."+name].Dimensions); diff != "" {
			t.Errorf("%s: dimensions (-want +got):\n%s", name, diff)
		}
	}
	inventory.Resolve(s)
	g := s.ElastiCacheClusters[0].Posture
	var watching []string
	for _, l := range g.Alarms {
		watching = append(watching, l.Alarm)
	}
	if diff := cmp.Diff([]string{"aws_cloudwatch_metric_alarm.member"}, watching); diff != "" {
		t.Errorf("alarms watching the group (-want +got):\n%s", diff)
	}
	if r := g.RecommendedAlarms; r == nil || contains(r.Missing, "EngineCPUUtilization") {
		t.Errorf("recommended alarms %+v: EngineCPUUtilization is watched through a member", r)
	}
}
