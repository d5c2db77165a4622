#!/usr/bin/env python3
"""Adds ,omitempty to the JSON tags of the snapshot model, so written snapshots omit zero
values (the policy engine's input still has every field: policies/input.go fills them).
Tags already carrying options are left as they are; the identity fields stay required."""
import re, sys

REQUIRED = {"schema_version", "id", "type", "account_id", "region", "tool", "collected_at",
            "sources", "accounts", "name", "version", "kind", "service", "operation", "code",
            "address", "key_manager"}

def fix(path):
    src = open(path).read()
    def repl(m):
        name = m.group(1)
        if name in REQUIRED or name == "-":
            return m.group(0)
        return '`json:"%s,omitempty"' % name
    out = re.sub(r'`json:"([a-z0-9_]+)"', repl, src)
    if out != src:
        open(path, "w").write(out)
        print("updated", path)

MODEL = ["account", "cloudtrail", "cloudwatch", "dynamodb", "elasticache", "logs", "memorydb",
         "opensearch", "posture", "rds", "redshift", "s3", "snapshot", "sns"]

for p in sys.argv[1:] or ["inventory/%s.go" % m for m in MODEL]:
    fix(p)
