# METADATA
# title: S3 bucket publishes request metrics
# description: |
#   S3 publishes only daily storage metrics by default. The request metrics that announce a
#   failing bucket (4xxErrors, 5xxErrors, latency), and that the recommended S3 alarms of
#   SW-MA-01 read, exist only for buckets with a request-metrics configuration. A bucket passes
#   when it has at least one metrics configuration (the whole bucket, or a prefix, tag or access
#   point filter). Request metrics are billed as custom metrics, so this is advisory. Our
#   extension; no anchor has it. (moto ignores PutBucketMetricsConfiguration: against it every
#   bucket fails.)
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/configure-request-metrics-bucket.html
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/metrics-dimensions.html
# custom:
#   id: SW-MON-06
#   severity: low
#   service: s3
#   resource_types: [AWS::S3::Bucket]
#   requires: [s3:ListBucketMetricsConfigurations]
#   fields: [metrics_configurations]
#   dimension: insights
#   remediation:
#     console: S3 console → Buckets → the bucket → Metrics → Request metrics → Create filter → "Apply to all objects in the bucket" (filter name EntireBucket) → Save.
#     cli: aws s3api put-bucket-metrics-configuration --bucket <bucket> --id EntireBucket --metrics-configuration Id=EntireBucket
#     terraform: |
#       resource "aws_s3_bucket_metric" "all" {
#         bucket = aws_s3_bucket.this.id
#         name   = "EntireBucket"
#       }
package storewatch.aws.s3.request_metrics

deny contains {"id": b.id, "msg": msg, "evidence": {"metrics_configurations": []}} if {
	some b in input.s3_buckets
	count(b.metrics_configurations) == 0
	msg := sprintf("bucket %s publishes no request metrics, so no alarm can watch its errors", [b.name])
}
