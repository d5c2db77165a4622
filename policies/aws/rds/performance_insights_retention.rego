# METADATA
# title: RDS Performance Insights keeps its history long enough
# description: |
#   The free tier keeps Performance Insights data for 7 days: a slowdown noticed in a monthly
#   review, or a regression compared with last quarter, can no longer be explained. A DB
#   instance with Performance Insights on passes when its retention is at least
#   min_retention_days (parameter, default 31: one month, the shortest paid period) or when it
#   uses the Advanced mode of CloudWatch Database Insights (15 months). A retention the API did
#   not report (0) is unknown. Our extension; no anchor has it.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PerfInsights.Overview.cost.html
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DatabaseInsights.html
# custom:
#   id: SW-MON-04
#   severity: low
#   service: rds
#   resource_types: [AWS::RDS::DBInstance]
#   requires: [rds:DescribeDBInstances]
#   fields: [performance_insights_enabled, performance_insights_retention, database_insights_mode]
#   applies_fields: [performance_insights_enabled]
#   dimension: insights
#   remediation:
#     console: RDS console → Databases → the instance → Modify → Monitoring → Database Insights - Advanced (or a Performance Insights retention period of at least one month) → Continue → Apply immediately.
#     cli: aws rds modify-db-instance --db-instance-identifier <id> --enable-performance-insights --performance-insights-retention-period 465 --database-insights-mode advanced --apply-immediately
#     terraform: |
#       resource "aws_db_instance" "this" {
#         performance_insights_enabled          = true
#         performance_insights_retention_period = 465
#         database_insights_mode                = "advanced"
#       }
package storewatch.aws.rds.performance_insights_retention

import data.storewatch.lib.config

applies contains d.id if {
	some d in input.db_instances
	d.performance_insights_enabled == true
}

min_retention_days := config.param("SW-MON-04", "min_retention_days", 31)

deny contains {"id": d.id, "msg": msg, "evidence": {"retention_days": d.performance_insights_retention, "min_retention_days": min_retention_days}} if {
	some d in input.db_instances
	d.performance_insights_enabled == true
	d.database_insights_mode != "advanced"
	d.performance_insights_retention > 0
	d.performance_insights_retention < min_retention_days
	msg := sprintf("%s keeps Performance Insights data for %d days, less than %d", [d.name, d.performance_insights_retention, min_retention_days])
}

unknown contains {"id": d.id, "msg": sprintf("the Performance Insights retention of %s was not reported", [d.name])} if {
	some d in input.db_instances
	d.performance_insights_enabled == true
	d.database_insights_mode != "advanced"
	d.performance_insights_retention <= 0
}
