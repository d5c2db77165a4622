package terraform

import (
	"slices"
	"sort"

	"github.com/storewatch/storewatch/inventory"
)

// CloudWatch metric and composite alarms.

func mapMetricAlarm(c *converter, in *instance) {
	a := &inventory.Alarm{Meta: c.meta(in, inventory.TypeAlarm)}
	r := c.reader(in, &a.Meta)
	a.Namespace = r.str("namespace", "namespace")
	a.MetricName = r.str("metric_name", "metric_name")
	a.Dimensions = dimensions(r, "dimensions", "dimensions")
	for i, q := range in.after.get("metric_query").elems() {
		// metric_query is a set: the plan orders its blocks by their hash, not as the
		// configuration writes them, so they are joined with the configuration on their id
		// (unique in an alarm), as log_publishing_options on its log_type.
		at := []any{"metric_query", i}
		if id, _ := q.get("id").v.(string); id != "" {
			at = []any{"metric_query", match{attr: "id", value: id}}
		}
		path := func(p ...any) []any { return append(slices.Clip(at), p...) }
		mq := inventory.MetricQuery{
			ID:         r.str("metrics", path("id")...),
			Expression: r.str("metrics", path("expression")...),
			// Left out, return_data is false: the AWS provider sends false, not nothing, so
			// CloudWatch's default of true for an omitted ReturnData never applies to a
			// Terraform alarm (one with no query returning data fails at apply).
			ReturnData: r.boolean("metrics", false, path("return_data")...),
		}
		// account_id names the account whose metric a cross-account alarm reads; null is the
		// alarm's own. Unknown until apply (an account the same apply creates), the query
		// might read any account: the resolver leaves its link undecided.
		if v := c.get(in, path("account_id")...); v.known {
			mq.AccountID = v.str()
		} else {
			mq.AccountUnknown = true
			r.unknown("metrics")
		}
		switch metric, known := r.blocks(path("metric")...); {
		case !known:
			// Even whether the query reads a metric is known only after apply.
			mq.MetricStatUnknown = true
			r.unknown("metrics")
		case len(metric) > 0:
			mq.MetricStat = metricStat(c, in, r, path("metric", 0)...)
		}
		a.Metrics = append(a.Metrics, mq)
	}
	if in.after.get("metric_query").unknown() {
		// A dynamic metric_query block over a collection known only after apply: the
		// alarm may read anything, which the resolver must not take for reading nothing.
		a.MetricsUnknown = true
		r.unknown("metrics")
	}
	a.Statistic = r.str("statistic", "statistic")
	a.ExtendedStatistic = r.str("extended_statistic", "extended_statistic")
	a.Period = r.integer("period", 0, "period")
	a.EvaluationPeriods = r.integer("evaluation_periods", 0, "evaluation_periods")
	// Unset datapoints_to_alarm reads back as 0 from the API too (it then equals
	// evaluation_periods).
	a.DatapointsToAlarm = r.integer("datapoints_to_alarm", 0, "datapoints_to_alarm")
	a.Threshold = r.number("threshold", "threshold")
	a.ComparisonOperator = r.str("comparison_operator", "comparison_operator")
	// The provider defaults treat_missing_data to "missing".
	a.TreatMissingData = r.str("treat_missing_data", "treat_missing_data")
	if a.TreatMissingData == "" {
		a.TreatMissingData = "missing"
	}
	// The provider defaults actions_enabled to true.
	a.ActionsEnabled = r.boolean("actions_enabled", true, "actions_enabled")
	a.AlarmActions = r.refs("alarm_actions", "alarm_actions")
	a.OKActions = r.refs("ok_actions", "ok_actions")
	a.InsufficientDataActions = r.refs("insufficient_data_actions", "insufficient_data_actions")
	in.item = a
}

// metricStat reads the metric block at path of a metric-math query. The parts a plan leaves
// unknown until apply are named in the metric's own UnknownFields, which the resolver reads
// to tell which stores the query might watch, and make the alarm's metrics field unknown.
func metricStat(c *converter, in *instance, r reader, path ...any) *inventory.MetricStat {
	// The metric's reader records into a Meta of its own: only its UnknownFields are kept.
	var own inventory.Meta
	mr := c.reader(in, &own)
	at := func(field string) []any { return append(slices.Clip(path), field) }
	ms := &inventory.MetricStat{
		Namespace:  mr.str("namespace", at("namespace")...),
		MetricName: mr.str("metric_name", at("metric_name")...),
		Dimensions: dimensions(mr, "dimensions", at("dimensions")...),
		Stat:       mr.str("stat", at("stat")...),
		Period:     mr.integer("period", 0, at("period")...),
	}
	if len(own.UnknownFields) > 0 {
		ms.UnknownFields = own.UnknownFields
		r.unknown("metrics")
	}
	return ms
}

// dimensions reads a dimensions map. A value unknown until apply keeps its name with an
// empty value and, when the configuration says which resource it comes from, Ref names
// that resource; otherwise the field is unknown. A value read from an attribute that never
// holds the resource's name (notName) names no store: it gets a placeholder value that no
// dimension of AWS can hold, so the metric is tied to nothing rather than to the resource
// or, undecided, to every store.
func dimensions(r reader, field string, path ...any) []inventory.Dimension {
	m, ok := r.c.strMap(r.in, path...)
	if !ok {
		r.unknown(field)
		return nil
	}
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	out := make([]inventory.Dimension, 0, len(m))
	for _, k := range names {
		v := m[k]
		d := inventory.Dimension{Name: k}
		switch {
		case v.known:
			d.Value = v.str()
		case v.ref != "" && r.c.notName(v):
			d.Value = "(known after apply: " + v.ref + "." + v.attr + ")"
		case v.ref != "":
			d.Ref = v.ref
		default:
			r.unknown(field)
		}
		out = append(out, d)
	}
	return out
}

// notNameAttrs are, per resource type, attributes that hold something other than the name
// CloudWatch uses as the resource's metric dimension. aws_db_instance's id has been its
// DbiResourceId (db-ABC...) since aws provider 5.0, like resource_id: an alarm with
// DBInstanceIdentifier = aws_db_instance.x.id watches no instance. An aws_rds_cluster's id
// is its identifier and is not here. An OpenSearch (or Elasticsearch) domain's id is its ARN,
// and CloudWatch names it by DomainName. No store's ARN (nor a DynamoDB table's stream ARN,
// nor a cluster's or instance's resource id) is its dimension value: an alarm with
// TableName = aws_dynamodb_table.x.arn watches no table.
var notNameAttrs = map[string][]string{
	"aws_db_instance":              {"id", "resource_id", "arn"},
	"aws_rds_cluster":              {"cluster_resource_id", "arn"},
	"aws_rds_cluster_instance":     {"dbi_resource_id", "arn"},
	"aws_docdb_cluster":            {"cluster_resource_id", "arn"},
	"aws_docdb_cluster_instance":   {"dbi_resource_id", "arn"},
	"aws_neptune_cluster":          {"cluster_resource_id", "arn"},
	"aws_neptune_cluster_instance": {"dbi_resource_id", "arn"},
	"aws_dynamodb_table":           {"arn", "stream_arn", "stream_label"},
	"aws_s3_bucket":                {"arn"},
	"aws_redshift_cluster":         {"arn", "cluster_namespace_arn"},
	"aws_elasticache_cluster":      {"arn"},
	"aws_memorydb_cluster":         {"arn"},
	"aws_opensearch_domain":        {"id", "arn", "domain_id"},
	"aws_elasticsearch_domain":     {"id", "arn", "domain_id"},
}

// onlyNameAttrs are, per resource type, the only attributes that hold a dimension value of
// the resource. CloudWatch publishes a replication group's metrics per member cluster
// (CacheClusterId), never under the group's own id, endpoints or ARN.
var onlyNameAttrs = map[string][]string{
	"aws_elasticache_replication_group": {"member_clusters"},
}

// notName reports whether an unknown value is read from an attribute of its resource that
// is known not to be the resource's name.
func (c *converter) notName(v val) bool {
	x := c.byAddress[v.ref]
	if x == nil || v.attr == "" {
		return false
	}
	if only, ok := onlyNameAttrs[x.rc.Type]; ok {
		return !slices.Contains(only, v.attr)
	}
	return slices.Contains(notNameAttrs[x.rc.Type], v.attr)
}

func mapCompositeAlarm(c *converter, in *instance) {
	a := &inventory.CompositeAlarm{Meta: c.meta(in, inventory.TypeCompositeAlarm)}
	r := c.reader(in, &a.Meta)
	a.AlarmRule = r.str("alarm_rule", "alarm_rule")
	a.ActionsEnabled = r.boolean("actions_enabled", true, "actions_enabled")
	a.AlarmActions = r.refs("alarm_actions", "alarm_actions")
	a.OKActions = r.refs("ok_actions", "ok_actions")
	a.InsufficientDataActions = r.refs("insufficient_data_actions", "insufficient_data_actions")
	in.item = a
}
