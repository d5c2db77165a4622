# METADATA
# title: CloudTrail Lake event data store is encrypted with a KMS key
# description: |
#   A CloudTrail Lake event data store encrypts its events with a customer managed KMS key
#   (KmsKeyId is set) rather than the default CloudTrail-owned key, so access to the queried
#   audit record of the data stores can be revoked by key policy.
# related_resources:
#   - ref: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-10
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/query-event-data-store-encryption.html
# custom:
#   id: SW-TI-08
#   severity: medium
#   service: cloudtrail
#   resource_types: [AWS::CloudTrail::EventDataStore]
#   requires: [cloudtrail:ListEventDataStores]
#   fields: [kms_key_id]
#   frameworks:
#     aws-fsbp: [CloudTrail.10]
#   remediation:
#     console: CloudTrail console → Lake → Event data stores → the store → Edit → Encryption → use your own AWS KMS key.
#     cli: aws cloudtrail update-event-data-store --event-data-store <arn> --kms-key-id <key-arn>
#     terraform: |
#       resource "aws_cloudtrail_event_data_store" "lake" {
#         kms_key_id = aws_kms_key.lake.arn
#       }
package storewatch.aws.cloudtrail.event_data_store_kms

deny contains {"id": e.id, "msg": msg} if {
	some e in input.event_data_stores
	e.kms_key_id == ""
	msg := sprintf("event data store %s is not encrypted with a customer managed KMS key", [e.name])
}
