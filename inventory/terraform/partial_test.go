package terraform

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/inventory"
)

// withPriorState adds a prior_state section to a plan document and sets its complete flag.
func withPriorState(t *testing.T, plan []byte, complete bool, resources ...map[string]any) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(plan, &doc); err != nil {
		t.Fatal(err)
	}
	doc["prior_state"] = map[string]any{"format_version": "1.0", "terraform_version": "1.11.4",
		"values": map[string]any{"root_module": map[string]any{"resources": resources}}}
	doc["complete"] = complete
	if doc["resource_changes"] == nil {
		delete(doc, "resource_changes")
	}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func stateResource(addr string, values map[string]any) map[string]any {
	a, err := parseTraversal(addr)
	if err != nil {
		panic(err)
	}
	return map[string]any{"address": addr, "mode": "managed", "type": a[0].name, "name": a[1].name,
		"provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
		"values": values, "sensitive_values": map[string]any{}}
}

func stateAlarm(name string, actionsEnabled bool) map[string]any {
	return map[string]any{"alarm_name": name, "arn": "arn:aws:cloudwatch:eu-west-1:111122223333:alarm:" + name,
		"namespace": "AWS/RDS", "metric_name": "CPUUtilization", "dimensions": map[string]any{"DBInstanceIdentifier": "ledger"},
		"statistic": "Average", "period": 300, "evaluation_periods": 3, "threshold": 80, "comparison_operator": "GreaterThanThreshold",
		"actions_enabled": actionsEnabled, "alarm_actions": []any{"arn:aws:sns:eu-west-1:111122223333:ops"},
		"ok_actions": []any{}, "insufficient_data_actions": []any{}, "metric_query": []any{}}
}

// TestTargetedPlan: a plan made with -target has changes only for the resources it targets;
// the others stay as the prior state has them, so a targeted instance keeps the alarms that
// watch it, and a deposed object that the plan does not destroy is not judged.
func TestTargetedPlan(t *testing.T) {
	db := map[string]any{"identifier": "ledger", "arn": "arn:aws:rds:eu-west-1:111122223333:db:ledger", "engine": "postgres",
		"engine_version": "15.5", "instance_class": "db.t3.medium", "enabled_cloudwatch_logs_exports": []any{}, "monitoring_interval": 0}
	changes := []change{withActions("aws_db_instance.ledger", []string{"update"}, db, db, nil)}
	deposed := stateResource("aws_cloudwatch_metric_alarm.cpu", stateAlarm("ledger-cpu-old", false))
	deposed["deposed_key"] = "00000001"
	plan := withPriorState(t, planJSON(t, changes, nil), false,
		stateResource("aws_db_instance.ledger", db),
		stateResource("aws_cloudwatch_metric_alarm.cpu", stateAlarm("ledger-cpu", true)),
		deposed,
	)
	s := convertPlan(t, plan, nil).Snapshot
	if !s.Partial {
		t.Error("a plan with complete=false gives a partial snapshot")
	}
	if len(s.DBInstances) != 1 {
		t.Fatalf("db instances: %d, want 1", len(s.DBInstances))
	}
	if len(s.Alarms) != 1 {
		t.Fatalf("alarms: %+v, want the prior state's current alarm only", s.Alarms)
	}
	a := s.Alarms[0]
	if a.ID != "aws_cloudwatch_metric_alarm.cpu" || a.Name != "ledger-cpu" || !a.ActionsEnabled || a.AccountID != "111122223333" {
		t.Errorf("alarm from the prior state: %+v", a)
	}
	if len(a.Dimensions) != 1 || a.Dimensions[0] != (inventory.Dimension{Name: "DBInstanceIdentifier", Value: "ledger"}) {
		t.Errorf("alarm dimensions: %+v", a.Dimensions)
	}
}

// TestRefreshOnlyPlan: a -refresh-only plan has no resource_changes at all: apply changes
// nothing in AWS, and the end state is the prior state.
func TestRefreshOnlyPlan(t *testing.T) {
	plan := withPriorState(t, planJSON(t, nil, map[string]any{}), true,
		stateResource("aws_cloudwatch_metric_alarm.cpu", stateAlarm("ledger-cpu", false)))
	s := convertPlan(t, plan, nil).Snapshot
	if len(s.Alarms) != 1 || s.Alarms[0].ActionsEnabled {
		t.Fatalf("alarms: %+v, want the prior state's alarm with its actions disabled", s.Alarms)
	}
}

// TestUnknownBlockLists: a nested block list whose number of elements is unknown until apply
// (a dynamic block over a collection known only after apply: after_unknown marks the whole
// block true) makes its field unknown rather than empty. A lifecycle rule whose expiration
// is unknown could expire logs sooner than the known rule beside it; a notification
// configuration whose topic blocks are unknown may send events somewhere.
func TestUnknownBlockLists(t *testing.T) {
	bucket := created("aws_s3_bucket.logs", map[string]any{"bucket": "trail-logs", "force_destroy": false},
		map[string]any{"arn": true, "id": true, "logging": true, "versioning": true, "lifecycle_rule": true})
	lifecycle := created("aws_s3_bucket_lifecycle_configuration.logs", map[string]any{"bucket": "trail-logs",
		"rule": []any{
			map[string]any{"id": "keep", "status": "Enabled", "expiration": []any{map[string]any{"days": 400}}},
			map[string]any{"id": "scratch", "status": "Enabled"},
		}},
		map[string]any{"id": true, "rule": []any{map[string]any{}, map[string]any{"expiration": true}}})
	notification := created("aws_s3_bucket_notification.logs", map[string]any{"bucket": "trail-logs", "eventbridge": false,
		"queue": []any{}, "lambda_function": []any{}}, map[string]any{"id": true, "topic": true})
	filter := created("aws_cloudwatch_log_metric_filter.errors", map[string]any{"name": "errors", "pattern": "ERROR",
		"log_group_name": "app"}, map[string]any{"id": true, "metric_transformation": true})
	group := created("aws_cloudwatch_log_group.app", map[string]any{"name": "app", "retention_in_days": 400},
		map[string]any{"arn": true, "id": true})
	table := created("aws_dynamodb_table.orders", map[string]any{"name": "orders", "billing_mode": "PAY_PER_REQUEST",
		"stream_enabled": false, "point_in_time_recovery": []any{map[string]any{"enabled": true}}},
		map[string]any{"arn": true, "id": true, "global_secondary_index": true, "replica": true})
	s := convertPlan(t, planJSON(t, []change{bucket, lifecycle, notification, filter, group, table}, nil), nil).Snapshot
	if len(s.S3Buckets) != 1 || len(s.LogGroups) != 1 || len(s.DynamoDBTables) != 1 {
		t.Fatalf("buckets %d, log groups %d, tables %d", len(s.S3Buckets), len(s.LogGroups), len(s.DynamoDBTables))
	}
	for item, want := range map[*inventory.Meta][]string{
		&s.S3Buckets[0].Meta:      {"lifecycle_expiration_days", "notifications"},
		&s.LogGroups[0].Meta:      {"metric_filters"},
		&s.DynamoDBTables[0].Meta: {"global_indexes", "replica_regions"},
	} {
		for _, f := range want {
			if !contains(item.UnknownFields, f) {
				t.Errorf("%s: unknown fields %v, want %s among them", item.ID, item.UnknownFields, f)
			}
		}
	}
}

// TestDeposedObjects: a deposed object shares its address with the current one. A
// `removed` block with destroy = false forgets both, and both stay in AWS: the deposed one
// is judged under an id of its own, not refused as the same resource twice. A deposed
// object the plan destroys is gone.
func TestDeposedObjects(t *testing.T) {
	alarm := withActions("aws_cloudwatch_metric_alarm.cpu", []string{"forget"}, stateAlarm("ledger-cpu", true), nil, nil)
	old := withActions("aws_cloudwatch_metric_alarm.cpu", []string{"forget"}, stateAlarm("ledger-cpu-old", false), nil, nil)
	gone := withActions("aws_cloudwatch_metric_alarm.mem", []string{"delete"}, stateAlarm("ledger-mem-old", false), nil, nil)
	plan := planJSON(t, []change{alarm, old, gone}, map[string]any{})
	var doc map[string]any
	if err := json.Unmarshal(plan, &doc); err != nil {
		t.Fatal(err)
	}
	rcs := doc["resource_changes"].([]any)
	rcs[1].(map[string]any)["deposed"] = "00000001"
	rcs[2].(map[string]any)["deposed"] = "00000002"
	plan, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	s := convertPlan(t, plan, nil).Snapshot
	got := map[string]string{}
	for _, a := range s.Alarms {
		got[a.ID] = a.Name
	}
	want := map[string]string{
		"aws_cloudwatch_metric_alarm.cpu":                    "ledger-cpu",
		"aws_cloudwatch_metric_alarm.cpu (deposed 00000001)": "ledger-cpu-old",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("alarms (-want +got):\n%s", diff)
	}
	if err := s.CheckUniqueIDs(); err != nil {
		t.Error(err)
	}
}
