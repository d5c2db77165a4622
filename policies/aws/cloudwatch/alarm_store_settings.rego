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
#   has only such alarms the verdict is unknown. So is it when no alarm found on a metric has
#   the recommended settings but the alarms of the store's region could not all be listed: an
#   alarm of another account of the snapshot known to hold cross-account alarms may read the
#   store's metrics.
#   Per-kind overrides of any row go in the "settings" parameter:
#   {"s3_bucket": {"5xxErrors": {"threshold": 0.01}}}.
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
#   collects: [s3:ListBucketMetricsConfigurations]
#   applies_fields: [engine]
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

import data.storewatch.lib.recommended_alarms as rec

# The resolver compares each alarm on a recommended metric with the row (with the settings,
# tolerance and window_factor parameters applied) and names the settings that miss; the rule
# words them.
deviation("direction", a, r) := sprintf("compares %s where %s is recommended", [a.comparison_operator, r.comparison])

deviation("statistic", a, r) := sprintf("uses %s where %s is recommended", [a.statistic, r.statistic])

deviation("threshold", a, r) := sprintf("fires at %v where %v is recommended", [a.threshold, r.threshold])

deviation("window", a, r) := sprintf("needs %d s of breaching data where %d s is recommended", [a.window, r.period * r.datapoints])

applies contains s.id if {
	some [s, r] in rec.judged
	count(r.settings) > 0
}

deny contains {"id": s.id, "msg": msg, "evidence": {m.metric: {"recommended": m.recommended, "alarms": offs}}} if {
	some [s, r] in rec.judged
	s.posture.alarms_known == "yes"
	some m in r.settings
	m.status == "no"
	offs := offsets(m)
	msg := sprintf("%s: no alarm on %s has the recommended settings (%s)", [rec.label(s.name, s.id), m.metric, describe(offs)])
}

# An alarm that could not be listed may have the settings the listed ones miss.
unknown contains {"id": s.id, "msg": msg, "evidence": {m.metric: {"recommended": m.recommended, "alarms": offs}, "unlisted_alarm_accounts": accounts}} if {
	some [s, r] in rec.judged
	s.posture.alarms_known != "yes"
	some m in r.settings
	m.status == "no"
	offs := offsets(m)
	accounts := object.get(s.posture, "unlisted_alarm_accounts", [])
	msg := sprintf("%s: no known alarm on %s has the recommended settings (%s), but %s", [rec.label(s.name, s.id), m.metric, describe(offs), rec.unlisted(s)])
}

offsets(m) := {a.name: [deviation(d, a, m.recommended) | some d in a.deviations] | some a in m.alarms}

describe(offs) := concat("; ", sort([sprintf("%s %s", [name, concat(", ", ds)]) | some name, ds in offs]))

unknown contains {"id": s.id, "msg": msg} if {
	some [s, r] in rec.judged
	some m in r.settings
	m.status == "unknown"
	msg := sprintf("%s: the alarms on %s read it through metric math, whose settings cannot be compared with the recommendation", [rec.label(s.name, s.id), m.metric])
}
