# METADATA
# title: A logging CloudTrail trail records every region
# description: |
#   Every scanned region of every account is recorded by at least one trail that is logging:
#   a multi-Region trail of the account, a trail homed in the region, or an organisation
#   trail of the account's organisation (owned by another account). A trail that exists but
#   is stopped does not count. The verdict is unknown when the status of a trail that would
#   record the region, or the region's trail listing, could not be collected and no other
#   trail is known to record it; those collection failures are judged during resolution,
#   so that a multi-Region trail seen from another region still counts.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-3
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-a-trail.html
# custom:
#   id: SW-TC-01
#   severity: high
#   service: cloudtrail
#   resource_types: [AWS::::Region]
#   collects: [cloudtrail:DescribeTrails, cloudtrail:GetTrailStatus, cloudtrail:GetEventSelectors]
#   dimension: management_events
#   frameworks:
#     aws-fsbp: [CloudTrail.3]
#     aws-config: [cloudtrail-enabled]
#   remediation:
#     console: CloudTrail console → Trails → Create trail (or select a stopped trail → Start logging). Choose "Enable for all accounts in my organization" where an organisation trail is wanted; trails created in the console apply to all regions.
#     cli: aws cloudtrail create-trail --name main --s3-bucket-name <bucket> --is-multi-region-trail && aws cloudtrail start-logging --name main
#     terraform: |
#       resource "aws_cloudtrail" "main" {
#         name                  = "main"
#         s3_bucket_name        = aws_s3_bucket.trail.id
#         is_multi_region_trail = true
#         enable_logging        = true
#       }
package storewatch.aws.cloudtrail.region_trail_logging

deny contains {"id": r.id, "msg": msg, "evidence": {"trail_status": r.posture.trail_status, "management_events": r.posture.management_events}} if {
	some r in input.regions
	r.posture.trail_status == "no"
	msg := sprintf("no logging CloudTrail trail records account %s in %s", [r.account_id, r.region])
}

unknown contains {"id": r.id, "msg": msg} if {
	some r in input.regions
	r.posture.trail_status == "unknown"
	msg := sprintf("whether a logging trail records account %s in %s is unknown: %s", [r.account_id, r.region, r.posture.management_events.reason])
}
