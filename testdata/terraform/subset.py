#!/usr/bin/env python3
"""Cut the "Done means" cases 08 and 09 out of the real plan of case 01.

Every value cut from case 01 stays as Terraform 1.11.4 wrote it: the script only drops the
resources, module instances, outputs and variables a case does not contain. The main.tf of
case 08 holds exactly the blocks of 01-rds-aurora/main.tf that the kept resources come from.

Case 09 must pass every rule, which takes more than case 01 has: extend_09 then writes by
hand, in the shape Terraform gives the instances it copies, what 09-new-rds-good/main.tf
adds (marked "not in case 01" there): six more module.rds_alarm instances, a Performance
Insights retention of 31 days, and the alarm module's timing, percentile and automation
settings. Terraform could not be run to plan them (see README.md).

    python3 subset.py   # from testdata/terraform
"""
import copy
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
        if name == "09-new-rds-good":
            extend_09(p)
        with open(name + "/plan.json", "w") as f:
            json.dump(p, f, separators=(",", ":"))
            f.write("\n")


# The alarms case 09 adds to module.rds_alarm: key -> the settings that differ from
# orders-cpu, as the module turns local.rds_alarms into the alarm's attributes.
ALARMS_09 = {
    "orders-connections": {"metric_name": "DatabaseConnections", "threshold": 750},
    "orders-db-load": {"metric_name": "DBLoad", "threshold": 2},
    "orders-freeable-memory": {"metric_name": "FreeableMemory", "comparison_operator": "LessThanThreshold",
                               "threshold": 2147483648},
    "orders-read-latency": {"metric_name": "ReadLatency", "threshold": 0.02, "statistic": None,
                            "extended_statistic": "p90"},
    "orders-txid-wraparound": {"metric_name": "MaximumUsedTransactionIDs", "threshold": 1000000000,
                               "period": 60, "evaluation_periods": 1, "datapoints_to_alarm": 1},
    "orders-write-latency": {"metric_name": "WriteLatency", "threshold": 0.02, "statistic": None,
                             "extended_statistic": "p90"},
}


def refs(*names):
    return {"references": list(names)}


def extend_09(p):
    """Write case 09's additions to case 01 (see the module docstring)."""
    # performance_insights_retention_period = 31
    root = p["planned_values"]["root_module"]
    for rc in p["resource_changes"]:
        if rc["address"] == "aws_db_instance.orders":
            rc["change"]["after"]["performance_insights_retention_period"] = 31
    for r in root["resources"]:
        if r["address"] == "aws_db_instance.orders":
            r["values"]["performance_insights_retention_period"] = 31
    cfg = p["configuration"]["root_module"]
    for r in cfg["resources"]:
        if r["address"] == "aws_db_instance.orders":
            r["expressions"]["performance_insights_retention_period"] = {"constant_value": 31}

    # The module call and the module as main.tf and modules/store-alarm/main.tf write them.
    call = cfg["module_calls"]["rds_alarm"]
    call["expressions"].update({
        "automation_actions": refs("each.value.ops_item", "each.value", "local.ops_item_action"),
        "datapoints_to_alarm": refs("each.value.datapoints", "each.value"),
        "evaluation_periods": refs("each.value.evaluations", "each.value"),
        "period": refs("each.value.period", "each.value"),
    })
    call["expressions"] = dict(sorted(call["expressions"].items()))
    mod = call["module"]
    alarm = mod["resources"][0]
    alarm["expressions"].update({
        "alarm_actions": refs("var.alarm_actions", "var.automation_actions"),
        "datapoints_to_alarm": refs("var.datapoints_to_alarm"),
        "evaluation_periods": refs("var.evaluation_periods"),
        "extended_statistic": refs("var.statistic", "var.statistic"),
        "period": refs("var.period"),
        "statistic": refs("var.statistic", "var.statistic"),
    })
    alarm["expressions"] = dict(sorted(alarm["expressions"].items()))
    mod["variables"].update({
        "automation_actions": {"default": []},
        "datapoints_to_alarm": {"default": 2},
        "evaluation_periods": {"default": 3},
        "period": {"default": 300},
    })
    mod["variables"] = dict(sorted(mod["variables"].items()))

    # Six more instances of module.rds_alarm, each copied from orders-cpu.
    def address(key):
        return 'module.rds_alarm["%s"]' % key

    template_rc = next(rc for rc in p["resource_changes"] if rc.get("module_address") == address("orders-cpu"))
    template_pv = next(m for m in root["child_modules"] if m["address"] == address("orders-cpu"))
    for key, settings in ALARMS_09.items():
        values = {"alarm_name": "shop-" + key}
        values.update(settings)
        rc = copy.deepcopy(template_rc)
        rc["address"] = address(key) + ".aws_cloudwatch_metric_alarm.this[0]"
        rc["module_address"] = address(key)
        rc["change"]["after"].update(values)
        p["resource_changes"].append(rc)
        pv = copy.deepcopy(template_pv)
        pv["address"] = address(key)
        pv["resources"][0]["address"] = rc["address"]
        pv["resources"][0]["values"].update(values)
        root["child_modules"].append(pv)
        p["relevant_attributes"].append({"resource": address(key) + ".aws_cloudwatch_metric_alarm.this", "attribute": []})
    p["resource_changes"].sort(key=lambda rc: rc["address"])
    root["child_modules"].sort(key=lambda m: m["address"])


if __name__ == "__main__":
    main()
