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

direction(op) := "greater" if op in {"GreaterThanThreshold", "GreaterThanOrEqualToThreshold", "GreaterThanUpperThreshold"}

direction(op) := "less" if op in {"LessThanThreshold", "LessThanOrEqualToThreshold", "LessThanLowerThreshold"}

direction(op) := "band" if op == "LessThanLowerOrGreaterThanUpperThreshold"

inclusive(op) if op in {"GreaterThanOrEqualToThreshold", "LessThanOrEqualToThreshold"}

# the links of a recommended metric that compare the metric itself with the threshold.
direct_links(s, r) := [l | some l in s.posture.alarms; l.metric == r.metric; l.via_metric_math == false]

math_links(s, r) := [l | some l in s.posture.alarms; l.metric == r.metric; l.via_metric_math == true]

direction_ok(l, r) if direction(l.comparison_operator) == direction(r.comparison)

direction_ok(l, _) if direction(l.comparison_operator) == "band"

percentile(stat) := to_number(substring(stat, 1, -1)) if regex.match(`^p[0-9]+(\.[0-9]+)?$`, stat)

statistic_ok(l, r) if l.statistic == r.statistic

statistic_ok(l, r) if {
	direction(r.comparison) == "greater"
	l.statistic == "Maximum"
}

statistic_ok(l, r) if {
	direction(r.comparison) == "less"
	l.statistic == "Minimum"
}

statistic_ok(l, r) if {
	direction(r.comparison) == "greater"
	percentile(l.statistic) >= percentile(r.statistic)
}

tolerance(r) := object.get(r, "tolerance", config.param("SW-MA-02", "tolerance", 0.05))

# A threshold is judged only when there is one to judge and the directions agree (a wrong
# direction is reported as such).
threshold_ok(_, r) if r.threshold == null

threshold_ok(l, _) if l.threshold == null

threshold_ok(l, r) if not direction_ok(l, r)

threshold_ok(l, r) if {
	direction(l.comparison_operator) == "greater"
	not strictly_later(l, r)
	l.threshold <= r.threshold + abs(r.threshold) * tolerance(r)
}

threshold_ok(l, r) if {
	direction(l.comparison_operator) == "less"
	not strictly_later(l, r)
	l.threshold >= r.threshold - abs(r.threshold) * tolerance(r)
}

# An exclusive alarm at exactly the edge of an inclusive recommendation misses the edge
# value: "> 1" on a metric that is 0 or 1.
strictly_later(l, r) if {
	inclusive(r.comparison)
	not inclusive(l.comparison_operator)
	l.threshold == r.threshold + abs(r.threshold) * tolerance(r)
}

strictly_later(l, r) if {
	inclusive(r.comparison)
	not inclusive(l.comparison_operator)
	l.threshold == r.threshold - abs(r.threshold) * tolerance(r)
}

datapoints(l) := l.datapoints_to_alarm if l.datapoints_to_alarm > 0

datapoints(l) := l.evaluation_periods if l.datapoints_to_alarm <= 0

window_ok(_, r) if r.period == null

window_ok(_, r) if r.datapoints == null

window_ok(l, r) if l.period * datapoints(l) <= (config.param("SW-MA-02", "window_factor", 3) * r.period) * r.datapoints

good(l, r) if {
	direction_ok(l, r)
	statistic_ok(l, r)
	threshold_ok(l, r)
	window_ok(l, r)
}

# deviations say what is off in one alarm; built only for failing metrics.
deviations(l, r) := [d |
	some check in ["direction", "statistic", "threshold", "window"]
	d := deviation(check, l, r)
]

deviation("direction", l, r) := sprintf("compares %s where %s is recommended", [l.comparison_operator, r.comparison]) if not direction_ok(l, r)

deviation("statistic", l, r) := sprintf("uses %s where %s is recommended", [l.statistic, r.statistic]) if not statistic_ok(l, r)

deviation("threshold", l, r) := sprintf("fires at %v where %v is recommended", [l.threshold, r.threshold]) if not threshold_ok(l, r)

deviation("window", l, r) := sprintf("needs %d s of breaching data where %d s is recommended", [l.period * datapoints(l), r.period * r.datapoints]) if not window_ok(l, r)

recommended(r) := {k: r[k] | some k in ["statistic", "comparison", "threshold", "period", "datapoints"]}

applies contains s.id if {
	some s in rec.stores
	some r in rec.rows(s)
	some l in s.posture.alarms
	l.metric == r.metric
}

deny contains {"id": s.id, "msg": msg, "evidence": {r.metric: {"recommended": recommended(r), "alarms": offs}}} if {
	some s in rec.stores
	some r in rec.rows(s)
	links := direct_links(s, r)
	count(links) > 0
	not any_good(links, r)
	offs := {l.name: deviations(l, r) | some l in links}
	descs := sort([sprintf("%s %s", [name, concat(", ", ds)]) | some name, ds in offs])
	msg := sprintf("%s: no alarm on %s has the recommended settings (%s)", [rec.label(s), r.metric, concat("; ", descs)])
}

any_good(links, r) if {
	some l in links
	good(l, r)
}

unknown contains {"id": s.id, "msg": msg} if {
	some s in rec.stores
	some r in rec.rows(s)
	count(direct_links(s, r)) == 0
	count(math_links(s, r)) > 0
	msg := sprintf("%s: the alarms on %s read it through metric math, whose settings cannot be compared with the recommendation", [rec.label(s), r.metric])
}
