# METADATA
# title: An account of an organisation is covered by an organisation trail or its own trail
# description: |
#   Organisation awareness for accounts that belong to an AWS Organization. The rule passes
#   an account that a logging organisation trail owned by another account (the management
#   or delegated administrator account) records, and reports that trail as evidence: peer
#   tools FAIL such member accounts because the trail is not theirs. It also passes an
#   account that has its own logging multi-Region trail recording read and write management
#   events (SW-TC-02 passes), so it never fails an account with a good trail of its own,
#   including the account that owns the organisation trail. It fails only an account that
#   neither an organisation trail nor a trail of its own records, and is unknown when that
#   cannot be decided. Accounts outside an organisation are not judged. The severity is info:
#   the gap itself is SW-TC-02's finding; this one adds the organisation context.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html
# custom:
#   id: SW-TC-06
#   severity: info
#   service: cloudtrail
#   resource_types: [AWS::::Account]
#   requires: [organizations:DescribeOrganization]
#   collects: [cloudtrail:DescribeTrails, cloudtrail:GetTrailStatus, cloudtrail:GetEventSelectors]
#   dimension: management_events
#   remediation:
#     console: In the organisation's management account (or CloudTrail delegated administrator), CloudTrail console → Trails → Create trail → enable "Enable for all accounts in my organization" and "Multi-region trail".
#     cli: aws cloudtrail create-trail --name org --s3-bucket-name <bucket> --is-organization-trail --is-multi-region-trail && aws cloudtrail start-logging --name org
#     terraform: |
#       resource "aws_cloudtrail" "org" {
#         name                  = "org"
#         s3_bucket_name        = aws_s3_bucket.trail.id
#         is_organization_trail = true
#         is_multi_region_trail = true
#       }
package storewatch.aws.cloudtrail.organization_trail

applies contains a.id if {
	some a in input.accounts
	a.organization_id != ""
}

deny contains {"id": a.id, "msg": msg, "evidence": {"organization_id": a.organization_id, "multi_region_trail": a.posture.multi_region_trail}} if {
	some a in input.accounts
	a.organization_id != ""
	count(a.posture.covered_by_organization_trail) == 0
	a.posture.multi_region_trail.status == "no"
	msg := sprintf("account %s of organisation %s is recorded neither by an organisation trail nor by a multi-Region trail of its own", [a.id, a.organization_id])
}

unknown contains {"id": a.id, "msg": msg} if {
	some a in input.accounts
	a.organization_id != ""
	count(a.posture.covered_by_organization_trail) == 0
	a.posture.multi_region_trail.status == "unknown"
	msg := sprintf("whether a trail records account %s is unknown: %s", [a.id, a.posture.multi_region_trail.reason])
}
