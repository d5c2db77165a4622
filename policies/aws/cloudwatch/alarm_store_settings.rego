# METADATA
# title: Alarms on a data store's recommended metrics have the recommended settings
# description: |
#   An alarm on the right metric can still miss the failure: a FreeStorageSpace alarm on the
#   Maximum, a 4xxErrors alarm at 50 %, a CPU alarm that needs a day of breaching data. For
#   each recommended metric (docs/recommended-alarms.md) on which the store has an alarm, the
#   store passes when at least one such alarm has
#   - the recommended direction (an anomaly-detection band counts as both directions);
#   - the recommended statistic, or a more sensitive one (Maximum for an upper bound,
#     Minimum for a lower bound, a higher percentile);
#   - a threshold that fires no later than the recommended one, within the tolerance
#     parameter (default 0.05, that is 5 % of the recommended value; 0 for binary and
#     counting metrics, where "> 1" would never fire). Thresholds that depend on the
#     workload or on capacity (connections, free memory, free storage) are not judged;
#   - a time to alarm (period × datapoints to alarm) no longer than window_factor
#     (parameter, default 3) times the recommended one.
#   Warning-and-critical pairs are common, so one good alarm per metric suffices; the finding
#   lists what is off in each alarm on a metric that has none. Alarms that feed the metric into
#   a metric-math expression are compared with the expression, not the metric: when a metric
#   has only such alarms the verdict is unknown. Per-kind overrides of any row go in the
#   "settings" parameter: {"s3_bucket": {"5xxErrors": {"threshold": 0.01}}}.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
#   - ref: https://docs.aws.amazon.com/opensearch-service/latest/developerguide/cloudwatch-alarms.html
#   - ref: https://docs.aws.amazon.com/config/latest/developerguide/cloudwatch-alarm-settings-check.html
# custom:
#   id: SW-MA-02
#   severity: low
#   service: cloudwatch
#   resource_types: [AWS::RDS::DBInstance, AWS::RDS::DBCluster, AWS::DocDB::DBCluster, AWS::Neptune::DBCluster, AWS::DynamoDB::Table, AWS::S3::Bucket, AWS::Redshift::Cluster, AWS::RedshiftServerless::Namespace, AWS::ElastiCache::ReplicationGroup, AWS::ElastiCache::CacheCluster, AWS::OpenSearchService::Domain, AWS::MemoryDB::Cluster]
#   requires: [cloudwatch:DescribeAlarms]
#   dimension: metric_alarms
#   frameworks:
#     aws-config: [cloudwatch-alarm-settings-check]
#   remediation:
#     console: CloudWatch console → Alarms → the alarm named in the finding → Actions → Edit → set the statistic, period, threshold, comparison and datapoints to the recommended values listed in the finding → Update alarm.
#     cli: aws cloudwatch put-metric-alarm --alarm-name <name> <its current settings, with> --statistic <statistic> --period <period> --threshold <threshold> --comparison-operator <operator> --evaluation-periods <n> --datapoints-to-alarm <m>
#     terraform: |
#       resource "aws_cloudwatch_metric_alarm" "errors_5xx" {
#         namespace           = "AWS/S3"
#         metric_name         = "5xxErrors"
#         dimensions          = { BucketName = aws_s3_bucket.this.id, FilterId = aws_s3_bucket_metric.all.name }
#         statistic           = "Average"
#         period              = 60
#         evaluation_periods  = 15
#         datapoints_to_alarm = 15
#         threshold           = 0.05
#         comparison_operator = "GreaterThanThreshold"
#       }
package storewatch.aws.cloudwatch.alarm_store_settings

import data.storewatch.lib.config
import data.storewatch.lib.recommended_alarms as rec

directions := {
	"GreaterThanThreshold": "greater", "GreaterThanOrEqualToThreshold": "greater", "GreaterThanUpperThreshold": "greater",
	"LessThanThreshold": "less", "LessThanOrEqualToThreshold": "less", "LessThanLowerThreshold": "less",
	"LessThanLowerOrGreaterThanUpperThreshold": "band",
}

inclusive := {"GreaterThanOrEqualToThreshold", "LessThanOrEqualToThreshold"}

default_tolerance := config.param("SW-MA-02", "tolerance", 0.05)

window_factor := config.param("SW-MA-02", "window_factor", 3)

# specs restates each recommendation row as the limits an alarm is compared with, once per
# evaluation: the accepted statistics (the recommended one, or a more sensitive extreme), the
# threshold bound (the recommendation relaxed by the tolerance), the longest time to alarm.
specs := {k: {r.metric: spec(r) | some r in rows} | some k, rows in rec.table}

spec(r) := {
	"row": r,
	"dir": directions[r.comparison],
	"stats": {r.statistic} | {extreme | some extreme in object.get({"greater": ["Maximum"], "less": ["Minimum"]}, directions[r.comparison], [])},
	"percentile": percentile_or_null(r.statistic),
	"bound": bound(r),
	"inclusive": r.comparison in inclusive,
	"window": window(r),
}

bound(r) := null if r.threshold == null

bound(r) := r.threshold + abs(r.threshold) * object.get(r, "tolerance", default_tolerance) if {
	r.threshold != null
	directions[r.comparison] == "greater"
}

bound(r) := r.threshold - abs(r.threshold) * object.get(r, "tolerance", default_tolerance) if {
	r.threshold != null
	directions[r.comparison] == "less"
}

percentile(stat) := to_number(substring(stat, 1, -1)) if regex.match(`^p[0-9]+(\.[0-9]+)?$`, stat)

percentile_or_null(stat) := p if {
	p := percentile(stat)
} else := null

window(r) := (window_factor * r.period) * r.datapoints if {
	is_number(r.period)
	is_number(r.datapoints)
} else := null

direction_ok(l, spec) if directions[l.comparison_operator] in {spec.dir, "band"}

statistic_ok(l, spec) if l.statistic in spec.stats

statistic_ok(l, spec) if {
	spec.dir == "greater"
	percentile(l.statistic) >= spec.percentile
}

# The threshold is judged only when there is one to judge and the directions agree (a wrong
# direction is reported as such). An exclusive alarm at exactly the bound of an inclusive
# recommendation misses the bound itself: "> 1" on a metric that is 0 or 1.
threshold_ok(_, spec) if spec.bound == null

threshold_ok(l, _) if l.threshold == null

threshold_ok(l, spec) if directions[l.comparison_operator] != spec.dir

threshold_ok(l, spec) if {
	spec.dir == "greater"
	l.threshold < spec.bound
}

threshold_ok(l, spec) if {
	spec.dir == "less"
	l.threshold > spec.bound
}

threshold_ok(l, spec) if {
	l.threshold == spec.bound
	edge_ok(l.comparison_operator in inclusive, spec.inclusive)
}

edge_ok(true, _) := true

edge_ok(false, false) := true

window_ok(_, spec) if spec.window == null

window_ok(l, spec) if l.period * l.datapoints_to_alarm <= spec.window

good(l, spec) if {
	direction_ok(l, spec)
	statistic_ok(l, spec)
	threshold_ok(l, spec)
	window_ok(l, spec)
}

# deviations say what is off in one alarm; built only for failing metrics.
deviations(l, spec) := [d |
	some check in ["direction", "statistic", "threshold", "window"]
	d := deviation(check, l, spec)
]

deviation("direction", l, spec) := sprintf("compares %s where %s is recommended", [l.comparison_operator, spec.row.comparison]) if not direction_ok(l, spec)

deviation("statistic", l, spec) := sprintf("uses %s where %s is recommended", [l.statistic, spec.row.statistic]) if not statistic_ok(l, spec)

deviation("threshold", l, spec) := sprintf("fires at %v where %v is recommended", [l.threshold, spec.row.threshold]) if not threshold_ok(l, spec)

deviation("window", l, spec) := sprintf("needs %d s of breaching data where %d s is recommended", [l.period * l.datapoints_to_alarm, spec.row.period * spec.row.datapoints]) if not window_ok(l, spec)

recommended(r) := {k: r[k] | some k in ["statistic", "comparison", "threshold", "period", "datapoints"]}

applies contains s.id if {
	some [s, k, _] in rec.kinded
	count(s.posture.alarms) > 0
	by_metric := specs[k]
	some l in s.posture.alarms
	by_metric[l.metric]
}

# Only links that compare the metric itself with the threshold are judged.
deny contains {"id": s.id, "msg": msg, "evidence": {m: {"recommended": recommended(spec.row), "alarms": offs}}} if {
	some [s, k, _] in rec.kinded
	count(s.posture.alarms) > 0
	by_metric := specs[k]
	some m in {l.metric | some l in s.posture.alarms; l.via_metric_math == false; by_metric[l.metric]}
	spec := by_metric[m]
	links := [l | some l in s.posture.alarms; l.metric == m; l.via_metric_math == false]
	count([l | some l in links; good(l, spec)]) == 0
	offs := {l.name: deviations(l, spec) | some l in links}
	descs := sort([sprintf("%s %s", [name, concat(", ", ds)]) | some name, ds in offs])
	msg := sprintf("%s: no alarm on %s has the recommended settings (%s)", [rec.label(s.name, s.id), m, concat("; ", descs)])
}

unknown contains {"id": s.id, "msg": msg} if {
	some [s, k, _] in rec.kinded
	some l in s.posture.alarms
	l.via_metric_math == true
	specs[k][l.metric]
	count([x | some x in s.posture.alarms; x.metric == l.metric; x.via_metric_math == false]) == 0
	msg := sprintf("%s: the alarms on %s read it through metric math, whose settings cannot be compared with the recommendation", [rec.label(s.name, s.id), l.metric])
}
