package policies

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/storewatch/storewatch/inventory"
)

func TestAlarmTableParameters(t *testing.T) {
	params := func(p map[string]any) map[string]any { return map[string]any{"params": p} }
	tab, err := alarmTable(params(map[string]any{
		"SW-MA-01": map[string]any{"required": map[string]any{"s3_bucket": []any{"5xxErrors"}}},
		"SW-AH-06": map[string]any{"critical": map[string]any{"s3_bucket": []any{"5xxErrors"}}},
		"SW-MA-02": map[string]any{
			"settings":      map[string]any{"s3_bucket": map[string]any{"5xxErrors": map[string]any{"threshold": 0.01, "period": nil}}},
			"tolerance":     0,
			"window_factor": 2,
		},
	}))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(tab.Required[inventory.KindS3Bucket], []string{"5xxErrors"}) || !slices.Equal(tab.Critical[inventory.KindS3Bucket], []string{"5xxErrors"}) {
		t.Errorf("required %v, critical %v", tab.Required, tab.Critical)
	}
	if tab.Tolerance != 0 || tab.WindowFactor != 2 {
		t.Errorf("tolerance %v, window factor %v", tab.Tolerance, tab.WindowFactor)
	}
	var five inventory.RecommendedAlarm
	for _, r := range tab.Rows[inventory.KindS3Bucket] {
		if r.Metric == "5xxErrors" {
			five = r
		}
	}
	if five.Threshold == nil || *five.Threshold != 0.01 || five.Period != nil || five.Datapoints == nil || *five.Datapoints != 15 {
		t.Errorf("overridden row: %+v", five)
	}
	if def := inventory.DefaultRecommendedAlarms()[inventory.KindS3Bucket][1]; *def.Threshold != 0.05 || def.Period == nil {
		t.Errorf("the override changed the default table: %+v", def)
	}

	tab, err = alarmTable(nil)
	if err != nil || tab.Tolerance != 0.05 || tab.WindowFactor != 3 || tab.Required != nil {
		t.Errorf("defaults: %+v, %v", tab, err)
	}
	for _, bad := range []map[string]any{
		{"SW-MA-01": map[string]any{"required": "5xxErrors"}},
		{"SW-MA-02": map[string]any{"tolerance": "five percent"}},
		{"SW-MA-02": map[string]any{"settings": map[string]any{"s3_bucket": map[string]any{"5xxErrors": map[string]any{"treshold": 1}}}}},
	} {
		if _, err := alarmTable(params(bad)); !errors.Is(err, ErrPolicy) {
			t.Errorf("%v: got %v, want a policy error", bad, err)
		}
	}
}

// TestAlarmParametersReachVerdicts: the engine applies the rules' parameters when it resolves.
func TestAlarmParametersReachVerdicts(t *testing.T) {
	snap := func() *inventory.Snapshot {
		return &inventory.Snapshot{
			Accounts:  []inventory.Account{{Meta: inventory.Meta{ID: "111122223333", Type: inventory.TypeAccount, AccountID: "111122223333"}, Regions: []string{"us-east-1"}}},
			S3Buckets: []inventory.S3Bucket{{Meta: inventory.Meta{ID: "arn:aws:s3:::b", ARN: "arn:aws:s3:::b", Type: inventory.TypeS3Bucket, Name: "b", AccountID: "111122223333", Region: "us-east-1"}}},
		}
	}
	status := func(config map[string]any) Status {
		t.Helper()
		eng, err := Load(context.Background(), Options{Config: config, Select: func(r *Rule) bool { return r.ID == "SW-MA-01" }})
		if err != nil {
			t.Fatal(err)
		}
		s := snap()
		eng.Resolve(s)
		fs, err := eng.Evaluate(context.Background(), s)
		if err != nil || len(fs) != 1 {
			t.Fatalf("findings %v, %v", fs, err)
		}
		return fs[0].Status
	}
	if got := status(nil); got != StatusFail {
		t.Errorf("a bucket without alarms: %s, want fail", got)
	}
	none := map[string]any{"params": map[string]any{"SW-MA-01": map[string]any{"required": map[string]any{"s3_bucket": []any{}}}}}
	if got := status(none); got != StatusPass {
		t.Errorf("a bucket that requires no alarm: %s, want pass", got)
	}
}
