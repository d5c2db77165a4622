# METADATA
# title: RDS Performance Insights (Database Insights) is on
# description: |
#   Performance Insights records database load by wait event, SQL statement, host and user,
#   which turns "CPU is high" into "this query is why". (Since mid-2026 its console is part of
#   CloudWatch Database Insights; the API and the PerformanceInsightsEnabled setting remain.) A
#   DB instance, or a Multi-AZ DB cluster, passes when Performance Insights is enabled. Instance
#   classes that do not support it are not judged: for RDS for MySQL and MariaDB db.t2, db.t3
#   and db.t4g micro and small; for Aurora MySQL every db.t2 and db.t3 class and db.t4g micro
#   and small (parameter unsupported_instance_classes, glob patterns per engine). Neptune is not
#   judged. An answer that omits the setting (moto does) is unknown, not a failure. Trivy
#   AVD-AWS-0133.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PerfInsights.html
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DatabaseInsights.Engines.html
#   - ref: https://avd.aquasec.com/misconfig/aws/rds/avd-aws-0133/
# custom:
#   id: SW-MON-02
#   severity: low
#   service: rds
#   resource_types: [AWS::RDS::DBInstance, AWS::RDS::DBCluster]
#   requires: [rds:DescribeDBInstances, rds:DescribeDBClusters]
#   fields: [performance_insights_enabled, instance_class]
#   applies_fields: [engine]
#   dimension: insights
#   remediation:
#     console: RDS console → Databases → the instance → Modify → Monitoring → Database Insights (Standard or Advanced) / Turn on Performance Insights → Continue → Apply immediately.
#     cli: aws rds modify-db-instance --db-instance-identifier <id> --enable-performance-insights --apply-immediately
#     terraform: |
#       resource "aws_db_instance" "this" {
#         performance_insights_enabled = true
#       }
package storewatch.aws.rds.performance_insights

import data.storewatch.lib.config

default_unsupported := {
	"mysql": ["db.t2.micro", "db.t2.small", "db.t3.micro", "db.t3.small", "db.t4g.micro", "db.t4g.small"],
	"mariadb": ["db.t2.micro", "db.t2.small", "db.t3.micro", "db.t3.small", "db.t4g.micro", "db.t4g.small"],
	"aurora-mysql": ["db.t2.*", "db.t3.*", "db.t4g.micro", "db.t4g.small"],
}

unsupported_classes := config.param("SW-MON-02", "unsupported_instance_classes", default_unsupported)

unsupported(engine, class) if {
	some pattern in object.get(unsupported_classes, engine, [])
	glob.match(pattern, ["."], class)
}

targets := array.concat(
	[d | some d in input.db_instances; d.engine != "neptune"; not unsupported(d.engine, d.instance_class)],
	[c | some c in input.db_clusters; c.type == "AWS::RDS::DBCluster"; c.engine in {"mysql", "postgres"}],
)

applies contains t.id if some t in targets

deny contains {"id": t.id, "msg": sprintf("%s does not record Performance Insights", [t.name]), "evidence": {"performance_insights_enabled": false}} if {
	some t in targets
	t.performance_insights_enabled == false
}

unknown contains {"id": t.id, "msg": sprintf("whether %s records Performance Insights was not reported", [t.name])} if {
	some t in targets
	t.performance_insights_enabled == null
}
