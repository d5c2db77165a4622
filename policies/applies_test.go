package policies

import (
	"context"
	"strings"
	"testing"

	"github.com/storewatch/storewatch/inventory"
)

// TestAppliesFieldsUnknownUntilApply: when a plan leaves a field that decides whether a rule
// applies unknown, the rule's applies set leaves the resource out on a value the plan does not
// have; the verdict is unknown and names the field, never a silently dropped check. A field
// that does not decide applicability leaves a rule that does not apply alone.
func TestAppliesFieldsUnknownUntilApply(t *testing.T) {
	on := true
	piUnknown := instance("orders", "postgres", "postgresql", "upgrade")
	piUnknown.UnknownFields = []string{"performance_insights_enabled"}
	mysqlExportsUnknown := instance("legacy", "mysql")
	mysqlExportsUnknown.UnknownFields = []string{"enabled_log_exports"}
	engineUnknown := instance("replica", "")
	engineUnknown.UnknownFields = []string{"engine"}
	engineUnknownNotInPlan := instance("imported", "")
	engineUnknownNotInPlan.UnknownFields = []string{"engine"}
	engineUnknownNotInPlan.Errors = []inventory.CollectionError{{Service: "rds", Operation: "rds:DescribeDBInstances", Code: inventory.CodeNotInPlan}}
	piOn := instance("reporting", "postgres")
	piOn.PerformanceInsightsEnabled = &on
	piOn.UnknownFields = []string{"engine_version"}
	clusterEngineUnknown := inventory.DBCluster{Meta: inventory.Meta{ID: "aws_rds_cluster.analytics", Type: inventory.TypeDBCluster,
		Name: "analytics", AccountID: "111122223333", Region: "us-east-1", UnknownFields: []string{"engine"}}}
	alarm := inventory.Alarm{Meta: inventory.Meta{ID: "aws_cloudwatch_metric_alarm.cpu", Type: inventory.TypeAlarm,
		Name: "cpu", AccountID: "111122223333", Region: "us-east-1", UnknownFields: []string{"alarm_actions"}}}
	group := inventory.LogGroup{Meta: inventory.Meta{ID: "aws_cloudwatch_log_group.app", Type: inventory.TypeLogGroup,
		AccountID: "111122223333", Region: "us-east-1", UnknownFields: []string{"name"}}}
	retention := 400
	group.RetentionDays = &retention
	prefixes := map[string]any{"params": map[string]any{"SW-CWL-02": map[string]any{"log_group_prefixes": []any{"/aws/rds/"}}}}

	tests := []struct {
		name   string
		snap   inventory.Snapshot
		config map[string]any
		rule   string
		id     string
		// want is the status, or "" when the rule must not judge the resource.
		want Status
		// message is a part of the finding's message.
		message string
	}{
		{"unknown Performance Insights switch makes the key rule unknown",
			inventory.Snapshot{DBInstances: []inventory.DBInstance{piUnknown}}, nil,
			"SW-MON-03", piUnknown.ID, StatusUnknown, "the plan leaves performance_insights_enabled unknown until apply"},
		{"unknown Performance Insights switch makes the retention rule unknown",
			inventory.Snapshot{DBInstances: []inventory.DBInstance{piUnknown}}, nil,
			"SW-MON-04", piUnknown.ID, StatusUnknown, "performance_insights_enabled"},
		{"a known switch leaves the verdict to the rule",
			inventory.Snapshot{DBInstances: []inventory.DBInstance{piOn}}, nil,
			"SW-MON-03", piOn.ID, StatusFail, "AWS-managed key"},
		{"unknown exports of a mysql instance do not concern a PostgreSQL rule",
			inventory.Snapshot{DBInstances: []inventory.DBInstance{mysqlExportsUnknown}}, nil,
			"SW-LX-02", mysqlExportsUnknown.ID, "", ""},
		{"unknown exports of a mysql instance make the exports rule unknown",
			inventory.Snapshot{DBInstances: []inventory.DBInstance{mysqlExportsUnknown}}, nil,
			"SW-LX-01", mysqlExportsUnknown.ID, StatusUnknown, "enabled_log_exports"},
		{"unknown engine makes a PostgreSQL rule unknown",
			inventory.Snapshot{DBInstances: []inventory.DBInstance{engineUnknown}}, nil,
			"SW-LX-02", engineUnknown.ID, StatusUnknown, "the plan leaves engine unknown until apply"},
		{"unknown engine makes a MariaDB rule unknown",
			inventory.Snapshot{DBInstances: []inventory.DBInstance{engineUnknown}}, nil,
			"SW-LX-04", engineUnknown.ID, StatusUnknown, "engine"},
		{"unknown engine beside facts the plan does not hold names the engine",
			inventory.Snapshot{DBInstances: []inventory.DBInstance{engineUnknownNotInPlan}}, nil,
			"SW-LX-03", engineUnknownNotInPlan.ID, StatusUnknown, "the plan leaves engine unknown until apply"},
		{"unknown cluster engine makes the cluster exports rule unknown",
			inventory.Snapshot{DBClusters: []inventory.DBCluster{clusterEngineUnknown}}, nil,
			"SW-LX-07", clusterEngineUnknown.ID, StatusUnknown, "engine"},
		{"unknown alarm actions make the subscribed-topic rule unknown",
			inventory.Snapshot{Alarms: []inventory.Alarm{alarm}}, nil,
			"SW-AH-04", alarm.ID, StatusUnknown, "the plan leaves alarm_actions unknown until apply"},
		{"unknown exports make the log-group rules unknown",
			inventory.Snapshot{DBInstances: []inventory.DBInstance{mysqlExportsUnknown}}, nil,
			"SW-CWL-05", mysqlExportsUnknown.ID, StatusUnknown, "enabled_log_exports"},
		{"unknown name of a log group is unknown under name prefixes",
			inventory.Snapshot{LogGroups: []inventory.LogGroup{group}}, prefixes,
			"SW-CWL-02", group.ID, StatusUnknown, "the plan leaves name unknown until apply"},
		{"unknown name of a log group does not matter without prefixes",
			inventory.Snapshot{LogGroups: []inventory.LogGroup{group}}, nil,
			"SW-CWL-02", group.ID, StatusPass, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			eng, err := Load(ctx, Options{Config: tt.config})
			if err != nil {
				t.Fatal(err)
			}
			s := tt.snap
			s.Normalize()
			findings, err := eng.Evaluate(ctx, &s)
			if err != nil {
				t.Fatal(err)
			}
			var got *Finding
			for i, f := range findings {
				if f.RuleID == tt.rule && f.Resource.ID == tt.id {
					got = &findings[i]
				}
			}
			switch {
			case tt.want == "" && got != nil:
				t.Errorf("%s judged %s: %s %q, want no finding", tt.rule, tt.id, got.Status, got.Message)
			case tt.want == "":
			case got == nil:
				t.Errorf("%s has no finding for %s, want %s", tt.rule, tt.id, tt.want)
			case got.Status != tt.want || !strings.Contains(got.Message, tt.message):
				t.Errorf("%s on %s = %s %q, want %s with %q", tt.rule, tt.id, got.Status, got.Message, tt.want, tt.message)
			}
		})
	}
}
