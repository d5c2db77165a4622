# METADATA
# title: Trail validates its log files
# description: |
#   Log file integrity validation is enabled, so CloudTrail writes signed hourly digest files
#   and a change to or deletion of a delivered log file can be proven (CIS 3.2). Whether the
#   digests are actually delivered is SW-TI-06; whether each data store is recorded by a
#   validating trail is SW-TI-09.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-4
# custom:
#   id: SW-TI-01
#   severity: medium
#   service: cloudtrail
#   resource_types: [AWS::CloudTrail::Trail]
#   requires: [cloudtrail:DescribeTrails]
#   fields: [log_file_validation_enabled]
#   dimension: integrity_validation
#   frameworks:
#     aws-fsbp: [CloudTrail.4]
#     cis-aws-v3.0: ["3.2"]
#     aws-config: [cloud-trail-log-file-validation-enabled]
#   remediation:
#     console: CloudTrail console → Trails → the trail → General details → Edit → Log file validation → Enabled → Save changes.
#     cli: aws cloudtrail update-trail --name <trail> --enable-log-file-validation
#     terraform: |
#       resource "aws_cloudtrail" "main" {
#         enable_log_file_validation = true
#       }
package storewatch.aws.cloudtrail.log_file_validation

deny contains {"id": t.id, "msg": msg} if {
	some t in input.trails
	t.log_file_validation_enabled == false
	msg := sprintf("trail %s does not validate its log files", [t.name])
}
