package terraform

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// largePlan writes a plan of n DB instances (identifiers known only after apply) and n
// alarms, alarm i watching instance i through count.index, with its configuration.
func largePlan(b *testing.B, n int) (plan *Plan, dir string) {
	b.Helper()
	dir = b.TempDir()
	main := `
resource "aws_db_instance" "db" {
  count             = ` + strconv.Itoa(n) + `
  identifier_prefix = "db-${count.index}-"
  engine            = "postgres"
}

resource "aws_cloudwatch_metric_alarm" "cpu" {
  count      = ` + strconv.Itoa(n) + `
  alarm_name = "cpu-${count.index}"
  namespace  = "AWS/RDS"
  dimensions = { DBInstanceIdentifier = aws_db_instance.db[count.index].identifier }
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main), 0o644); err != nil {
		b.Fatal(err)
	}
	var changes []change
	for i := range n {
		idx := strconv.Itoa(i)
		changes = append(changes,
			created("aws_db_instance.db["+idx+"]", map[string]any{"identifier_prefix": "db-" + idx + "-", "engine": "postgres",
				"enabled_cloudwatch_logs_exports": []any{"postgresql"}, "monitoring_interval": 0, "performance_insights_enabled": false,
				"parameter_group_name": "default.postgres15", "option_group_name": "default:postgres-15"},
				map[string]any{"identifier": true, "arn": true, "status": true, "multi_az": true}),
			created("aws_cloudwatch_metric_alarm.cpu["+idx+"]", map[string]any{"alarm_name": "cpu-" + idx, "namespace": "AWS/RDS",
				"metric_query": []any{}}, map[string]any{"dimensions": true, "arn": true}))
	}
	doc := map[string]any{
		"format_version": "1.2", "resource_changes": changes,
		"configuration": map[string]any{"root_module": map[string]any{"resources": []any{
			map[string]any{"address": "aws_db_instance.db", "mode": "managed", "type": "aws_db_instance", "name": "db", "provider_config_key": "aws",
				"expressions": map[string]any{}, "count_expression": map[string]any{"constant_value": n}},
			map[string]any{"address": "aws_cloudwatch_metric_alarm.cpu", "mode": "managed", "type": "aws_cloudwatch_metric_alarm", "name": "cpu",
				"provider_config_key": "aws", "count_expression": map[string]any{"constant_value": n},
				"expressions": map[string]any{"dimensions": map[string]any{"references": []string{"aws_db_instance.db", "count.index"}}}},
		}}},
	}
	data, err := json.Marshal(doc)
	if err != nil {
		b.Fatal(err)
	}
	p, err := ParsePlan(data)
	if err != nil {
		b.Fatal(err)
	}
	return p, dir
}

// BenchmarkConvertLarge converts 10,000 instances and 10,000 alarms whose dimensions are
// resolved through the HCL evaluator: the work must stay linear.
func BenchmarkConvertLarge(b *testing.B) {
	n := 10000
	if s := os.Getenv("SW_BENCH_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	p, dir := largePlan(b, n)
	b.ResetTimer()
	for range b.N {
		res, err := Convert(context.Background(), p, Options{Dir: dir})
		if err != nil {
			b.Fatal(err)
		}
		if a := res.Snapshot.Alarms[0]; len(a.Dimensions) != 1 || a.Dimensions[0].Ref == "" {
			b.Fatalf("alarm %s: %+v", a.ID, a.Dimensions)
		}
	}
}
