#!/usr/bin/env python3
"""Cut the "Done means" cases 08 and 09 out of the real plan of case 01.

Every value stays as Terraform 1.11.4 wrote it: the script only drops the resources,
module instances, outputs and variables a case does not contain. The main.tf of each case
holds exactly the blocks of 01-rds-aurora/main.tf that the kept resources come from.

    python3 subset.py   # from testdata/terraform
"""
import json

SRC = "01-rds-aurora/plan.json"

CASES = {
    # A new MySQL instance without log exports, alarms or event subscriptions.
    "08-new-rds-bad": {
        "resources": {"aws_db_instance.legacy", "aws_db_parameter_group.legacy_mysql80"},
        "modules": set(),
        "variables": {"db_password"},
    },
    # The same kind of change done right: a PostgreSQL instance exporting its logs, with
    # Enhanced Monitoring, Performance Insights on a CMK, and alarms to a subscribed topic.
    "09-new-rds-good": {
        "resources": {
            "aws_db_instance.orders", "aws_db_parameter_group.orders_pg15", "aws_kms_key.rds",
            "aws_iam_role.rds_monitoring", "aws_iam_role_policy_attachment.rds_monitoring",
            "aws_sns_topic.db_alerts", "aws_sns_topic_subscription.db_alerts_email",
            "aws_sns_topic_subscription.db_alerts_pager",
        },
        "modules": {'module.rds_alarm["orders-cpu"]', 'module.rds_alarm["orders-free-storage"]'},
        "variables": {"db_password"},
    },
}


def keep_change(rc, case):
    if rc.get("module_address"):
        return rc["module_address"] in case["modules"]
    return rc["address"] in case["resources"]


def main():
    plan = json.load(open(SRC))
    for name, case in CASES.items():
        p = json.loads(json.dumps(plan))
        p["variables"] = {k: v for k, v in p["variables"].items() if k in case["variables"]}
        p["resource_changes"] = [rc for rc in p["resource_changes"] if keep_change(rc, case)]
        root = p["planned_values"]["root_module"]
        root["resources"] = [r for r in root["resources"] if r["address"] in case["resources"]]
        root["child_modules"] = [m for m in root.get("child_modules", []) if m["address"] in case["modules"]]
        if not root["child_modules"]:
            del root["child_modules"]
        p["output_changes"] = {}
        p["planned_values"]["outputs"] = {}
        cfg = p["configuration"]["root_module"]
        cfg["outputs"] = {}
        cfg["resources"] = [r for r in cfg["resources"] if r["address"] in case["resources"]]
        cfg["variables"] = {k: v for k, v in cfg["variables"].items() if k in case["variables"]}
        if not case["modules"]:
            cfg.pop("module_calls", None)
        kept = {rc["address"] for rc in p["resource_changes"]}
        kept |= {a.split(".aws_")[0] for a in kept if a.startswith("module.")}
        def relevant(ra):
            r = ra["resource"]
            return r in kept or any(k.startswith(r) for k in kept)
        p["relevant_attributes"] = [ra for ra in p["relevant_attributes"] if relevant(ra)]
        with open(name + "/plan.json", "w") as f:
            json.dump(p, f, separators=(",", ":"))
            f.write("\n")


if __name__ == "__main__":
    main()
