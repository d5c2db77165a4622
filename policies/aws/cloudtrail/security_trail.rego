# METADATA
# title: A security trail records the account
# description: |
#   At least one trail recording the account is, on its own, multi-Region, logging,
#   validating its log files, encrypted with a KMS key, recording read and write management
#   events and excluding no event source (AWS Config cloudtrail-security-trail-enabled).
#   Unlike SW-TC-02, two trails never combine here. An organisation trail owned by another
#   account counts. The reason names what each multi-Region trail lacks.
# related_resources:
#   - ref: https://docs.aws.amazon.com/config/latest/developerguide/cloudtrail-security-trail-enabled.html
# custom:
#   id: SW-TC-04
#   severity: medium
#   service: cloudtrail
#   resource_types: [AWS::::Account]
#   collects: [cloudtrail:DescribeTrails, cloudtrail:GetTrailStatus, cloudtrail:GetEventSelectors]
#   dimension: management_events
#   frameworks:
#     aws-config: [cloudtrail-security-trail-enabled]
#   remediation:
#     console: CloudTrail console → Trails → the multi-Region trail → Edit → enable log file validation and SSE-KMS encryption with a customer managed key; Management events → Read and Write, no exclusions.
#     cli: aws cloudtrail update-trail --name main --is-multi-region-trail --enable-log-file-validation --kms-key-id <key-arn> && aws cloudtrail put-event-selectors --trail-name main --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]'
#     terraform: |
#       resource "aws_cloudtrail" "main" {
#         is_multi_region_trail      = true
#         enable_log_file_validation = true
#         kms_key_id                 = aws_kms_key.trail.arn
#         event_selector {
#           read_write_type           = "All"
#           include_management_events = true
#         }
#       }
package storewatch.aws.cloudtrail.security_trail

deny contains {"id": a.id, "msg": msg, "evidence": {"security_trail": a.posture.security_trail}} if {
	some a in input.accounts
	a.posture.security_trail.status == "no"
	msg := sprintf("account %s has no security trail: %s", [a.id, a.posture.security_trail.reason])
}

unknown contains {"id": a.id, "msg": msg} if {
	some a in input.accounts
	a.posture.security_trail.status == "unknown"
	msg := sprintf("whether account %s has a security trail is unknown: %s", [a.id, a.posture.security_trail.reason])
}
