#!/usr/bin/env python3
"""Write a Terraform plan (terraform show -json) of about N resources, with its main.tf.

   scripts/large-plan.py RESOURCES DIR

Each unit is eight resources: an RDS instance with two alarms, an S3 bucket with its public
access block, a DynamoDB table, an existing SNS topic and an HTTPS subscription to it. The
values carry tags as real plans do, so 10,000 resources make about 29 MB of JSON. It
measures how a plan's size costs (scripts/bench.sh plan); it is not a fixture of verdicts.
"""
import json
import os
import sys

ACCOUNT, REGION = "123456789012", "us-east-1"
PER_UNIT = 8


def change(addr, typ, name, index, after, unknown, actions):
    before = after if actions == ["no-op"] else None
    return {"address": addr, "mode": "managed", "type": typ, "name": name, "index": index,
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": actions, "before": before, "after": after, "after_unknown": unknown,
                       "before_sensitive": False, "after_sensitive": {}}}


def unit(i, tags):
    new = {"arn": True, "id": True}
    db, bucket, topic = f"db-{i:05d}", f"bucket-{i:05d}", f"alerts-{i:05d}"
    topic_arn = f"arn:aws:sns:{REGION}:{ACCOUNT}:{topic}"
    yield change(f"aws_db_instance.db[{i}]", "aws_db_instance", "db", i, {
        "identifier": db, "engine": "postgres", "engine_version": "15.4", "instance_class": "db.t3.micro",
        "enabled_cloudwatch_logs_exports": ["postgresql", "upgrade"], "monitoring_interval": 60,
        "performance_insights_enabled": True, "parameter_group_name": "default.postgres15", "multi_az": False,
        "tags": tags, "tags_all": tags}, new, ["create"])
    for metric in ("CPUUtilization", "FreeStorageSpace"):
        name = metric.lower()
        yield change(f"aws_cloudwatch_metric_alarm.{name}[{i}]", "aws_cloudwatch_metric_alarm", name, i, {
            "alarm_name": f"{db}-{metric}", "namespace": "AWS/RDS", "metric_name": metric,
            "dimensions": {"DBInstanceIdentifier": db}, "statistic": "Average", "period": 60,
            "evaluation_periods": 5, "datapoints_to_alarm": 5, "threshold": 90,
            "comparison_operator": "GreaterThanThreshold", "actions_enabled": True, "alarm_actions": [topic_arn],
            "ok_actions": [], "insufficient_data_actions": [], "treat_missing_data": "breaching",
            "metric_query": [], "tags": tags, "tags_all": tags}, new, ["create"])
    yield change(f"aws_s3_bucket.data[{i}]", "aws_s3_bucket", "data", i, {
        "bucket": bucket, "force_destroy": False, "tags": tags, "tags_all": tags},
        dict(new, logging=True, versioning=True, acl=True, grant=True, policy=True, lifecycle_rule=True,
             object_lock_enabled=True, region=True), ["create"])
    yield change(f"aws_s3_bucket_public_access_block.data[{i}]", "aws_s3_bucket_public_access_block", "data", i, {
        "bucket": bucket, "block_public_acls": True, "ignore_public_acls": True, "block_public_policy": True,
        "restrict_public_buckets": True}, {"id": True}, ["create"])
    yield change(f"aws_dynamodb_table.table[{i}]", "aws_dynamodb_table", "table", i, {
        "name": f"table-{i:05d}", "billing_mode": "PAY_PER_REQUEST", "hash_key": "pk",
        "attribute": [{"name": "pk", "type": "S"}], "global_secondary_index": [], "replica": [],
        "stream_enabled": False, "point_in_time_recovery": [{"enabled": True}], "tags": tags, "tags_all": tags},
        new, ["create"])
    yield change(f"aws_sns_topic.alerts[{i}]", "aws_sns_topic", "alerts", i, {
        "name": topic, "arn": topic_arn, "id": topic_arn, "tags": tags, "tags_all": tags}, {}, ["no-op"])
    yield change(f"aws_sns_topic_subscription.pager[{i}]", "aws_sns_topic_subscription", "pager", i, {
        "topic_arn": topic_arn, "protocol": "https", "endpoint": "https://pager.example.com/hook",
        "endpoint_auto_confirms": True}, dict(new, pending_confirmation=True), ["create"])


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    resources, out = int(sys.argv[1]), sys.argv[2]
    units = max(1, resources // PER_UNIT)
    tags = {f"tag{k:02d}": "x" * 40 for k in range(20)}
    changes = [c for i in range(units) for c in unit(i, tags)]
    blocks = sorted({(c["type"], c["name"]) for c in changes})
    config = {
        "provider_config": {"aws": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws",
                                    "expressions": {"region": {"constant_value": REGION},
                                                    "allowed_account_ids": {"constant_value": [ACCOUNT]}}}},
        "root_module": {"resources": [{"address": f"{t}.{n}", "mode": "managed", "type": t, "name": n,
                                       "provider_config_key": "aws", "expressions": {}, "schema_version": 0,
                                       "count_expression": {"constant_value": units}} for t, n in blocks]},
    }
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "plan.json"), "w") as f:
        json.dump({"format_version": "1.2", "terraform_version": "1.9.0", "resource_changes": changes,
                   "configuration": config, "planned_values": {"root_module": {"resources": []}},
                   "complete": True, "applyable": True, "errored": False}, f, indent=2)
    with open(os.path.join(out, "main.tf"), "w") as f:
        f.write(f'provider "aws" {{\n  region              = "{REGION}"\n  allowed_account_ids = ["{ACCOUNT}"]\n}}\n')
        for t, n in blocks:
            f.write(f'\nresource "{t}" "{n}" {{\n  count = {units}\n}}\n')
    print(f"{len(changes)} resources in {out}/plan.json", file=sys.stderr)


if __name__ == "__main__":
    main()
