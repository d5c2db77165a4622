# METADATA
# title: RDS Performance Insights data is encrypted with a customer-managed KMS key
# description: |
#   Performance Insights stores the text of SQL statements, which can carry the data itself.
#   With the AWS-managed aws/rds key, anyone allowed to use RDS in the account can read it, and
#   the key policy cannot be narrowed. A DB instance with Performance Insights on passes when
#   its Performance Insights KMS key is a customer-managed key. The key's manager comes from the
#   snapshot's KMS inventory: a key outside it (another account, or not collected) makes the
#   verdict unknown. An instance planned without performance_insights_kms_key_id gets the AWS
#   default key and fails. Trivy AVD-AWS-0078.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PerfInsights.access-control.html
#   - ref: https://avd.aquasec.com/misconfig/aws/rds/avd-aws-0078/
# custom:
#   id: SW-MON-03
#   severity: low
#   service: rds
#   resource_types: [AWS::RDS::DBInstance]
#   requires: [rds:DescribeDBInstances, kms:DescribeKey]
#   fields: [performance_insights_enabled, performance_insights_kms_key_id]
#   applies_fields: [performance_insights_enabled]
#   dimension: insights
#   remediation:
#     console: The key cannot be changed once Performance Insights is on. RDS console → Databases → the instance → Modify → Monitoring → turn Performance Insights off → Apply; then Modify again → turn it on with "AWS KMS key" set to a customer-managed key → Apply immediately.
#     cli: aws rds modify-db-instance --db-instance-identifier <id> --enable-performance-insights --performance-insights-kms-key-id arn:aws:kms:<region>:<account>:key/<key-id> --apply-immediately
#     terraform: |
#       resource "aws_db_instance" "this" {
#         performance_insights_enabled    = true
#         performance_insights_kms_key_id = aws_kms_key.rds_insights.arn
#       }
package storewatch.aws.rds.performance_insights_kms

applies contains d.id if {
	some d in input.db_instances
	d.performance_insights_enabled == true
}

deny contains {"id": d.id, "msg": msg, "evidence": {"kms_key_id": d.performance_insights_kms_key_id, "key_manager": "AWS"}} if {
	some d in input.db_instances
	d.performance_insights_enabled == true
	aws_managed(d)
	msg := sprintf("%s encrypts its Performance Insights data with the AWS-managed key", [d.name])
}

aws_managed(d) if d.performance_insights_kms_key_id == ""

aws_managed(d) if d.posture.insights_kms_key_manager == "AWS"

unknown contains {"id": d.id, "msg": msg, "evidence": {"kms_key_id": d.performance_insights_kms_key_id}} if {
	some d in input.db_instances
	d.performance_insights_enabled == true
	d.performance_insights_kms_key_id != ""
	d.posture.insights_kms_key_manager == ""
	msg := sprintf("the Performance Insights key of %s is not in the snapshot, so who manages it is unknown", [d.name])
}
