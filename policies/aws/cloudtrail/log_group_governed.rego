# METADATA
# title: The trail's log group keeps events long enough and is KMS-encrypted
# description: |
#   The CloudWatch Logs log group a trail delivers to exists, keeps events at least
#   min_retention_days (default 365; "never expire" passes, as in AWS Config
#   cw-loggroup-retention-period-check) and is encrypted with a KMS key: the copy of the
#   data stores' audit record that the CIS alarms read is governed like the S3 copy. A key
#   known to be Disabled, PendingDeletion, PendingReplicaDeletion, PendingImport or
#   Unavailable fails: the group's events can then be neither written nor read. A key in
#   another state than Enabled or Updating (Creating, or one storewatch does not know) is
#   unknown, naming the state. (Whether a key outside the snapshot is usable is SW-CWL-03's
#   question on the group itself.) Trails without a log group are SW-CWL-01's concern. Unknown when the group's account or region
#   could not be listed, or the group belongs to an account outside the snapshot.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html
#   - ref: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
# custom:
#   id: SW-CWL-06
#   severity: medium
#   service: cloudtrail
#   resource_types: [AWS::CloudTrail::Trail]
#   requires: [logs:DescribeLogGroups]
#   fields: [cloudwatch_logs_log_group_arn]
#   applies_fields: [cloudwatch_logs_log_group_arn]
#   dimension: log_exports
#   remediation:
#     console: CloudWatch console → Log groups → the trail's group → Actions → Edit retention setting (365 days or more); encrypt it with a KMS key with aws logs associate-kms-key (the console cannot).
#     cli: aws logs put-retention-policy --log-group-name <group> --retention-in-days 365 && aws logs associate-kms-key --log-group-name <group> --kms-key-id <key-arn>
#     terraform: |
#       resource "aws_cloudwatch_log_group" "trail" {
#         name              = "/aws/cloudtrail/main"
#         retention_in_days = 365
#         kms_key_id        = aws_kms_key.logs.arn
#       }
package storewatch.aws.cloudtrail.log_group_governed

import data.storewatch.lib.config
import data.storewatch.lib.kms

min_days := config.param("SW-CWL-06", "min_retention_days", 365)

applies contains t.id if {
	some t in input.trails
	t.posture.log_group != null
}

problems(g) := array.concat(
	array.concat(
		[sprintf("keeps events %d days, fewer than %d", [g.retention_days, min_days]) | g.retention_days != null; g.retention_days < min_days],
		["is not encrypted with a KMS key" | not g.kms_encrypted],
	),
	[sprintf("is encrypted with a KMS key that is %s, so its events can be neither written nor read", [g.kms_key_state]) |
		g.kms_encrypted
		g.kms_key_state in kms.unusable_states
	],
)

deny contains {"id": t.id, "msg": msg} if {
	some t in input.trails
	t.posture.log_group.found == "no"
	msg := sprintf("trail %s delivers to the log group %s, which does not exist", [t.name, t.posture.log_group.name])
}

deny contains {"id": t.id, "msg": msg, "evidence": {"log_group": t.posture.log_group.name, "problems": ps}} if {
	some t in input.trails
	t.posture.log_group.found == "yes"
	ps := problems(t.posture.log_group)
	count(ps) > 0
	msg := sprintf("the log group %s of trail %s %s", [t.posture.log_group.name, t.name, concat(" and ", ps)])
}

unknown contains {"id": t.id, "msg": msg, "evidence": {"log_group": g.name, "kms_key_state": g.kms_key_state}} if {
	some t in input.trails
	g := t.posture.log_group
	g.found == "yes"
	g.kms_encrypted
	kms.recorded_undecided(g.kms_key_state)
	msg := sprintf("whether the KMS key of the log group %s of trail %s is usable is unknown: %s", [g.name, t.name, kms.undecided_reason(g, g.kms_key_state)])
}

unknown contains {"id": t.id, "msg": msg} if {
	some t in input.trails
	t.posture.log_group.found == "unknown"
	msg := sprintf("the log group %s of trail %s is not in the snapshot: %s", [t.posture.log_group.name, t.name, why_unknown(t.posture.log_group)])
}

# Resolution says why (a failed listing, another account, a region not scanned); an older
# snapshot may not.
why_unknown(g) := g.reason if {
	object.get(g, "reason", "") != ""
} else := "its listing failed, or it belongs to another account"
