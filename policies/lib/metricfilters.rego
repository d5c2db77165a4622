# METADATA
# title: Metric-filter controls
# description: |
#   Shared logic of the SW-MF-* rules. Whether an account has a complete chain trail → log
#   group → metric filter → alarm → confirmed SNS subscriber for a control is resolved in Go
#   (inventory.resolveMetricFilterControls) into account.posture.metric_filter_controls;
#   these functions turn one control's verdict into findings. A control that resolution did
#   not record at all is unknown, never a pass.
package storewatch.lib.metricfilters

# failures returns a finding for each account whose control key has no complete chain.
# topic says what the control alarms on, for the message.
failures(key, topic) := {f |
	some a in input.accounts
	some c in a.posture.metric_filter_controls
	c.control == key
	c.status == "no"
	f := {
		"id": a.id,
		"msg": sprintf("Account %s has no alarm on %s: %s", [a.id, topic, c.reason]),
		"evidence": {"control": key, "reason": c.reason, "chain": c.chain},
	}
}

# unknowns returns an undecided verdict for each account whose control key could not be
# resolved: a link of the chain was not collected, or the control is missing.
unknowns(key, topic) := undecided(key, topic) | unresolved(key, topic)

undecided(key, topic) := {u |
	some a in input.accounts
	some c in a.posture.metric_filter_controls
	c.control == key
	not c.status in {"yes", "no"}
	u := {"id": a.id, "msg": sprintf("Whether account %s alarms on %s cannot be decided: %s", [a.id, topic, c.reason])}
}

unresolved(key, topic) := {u |
	some a in input.accounts
	not resolved(a, key)
	u := {"id": a.id, "msg": sprintf("Whether account %s alarms on %s was not resolved (no %s entry in its posture)", [a.id, topic, key])}
}

resolved(a, key) if {
	some c in a.posture.metric_filter_controls
	c.control == key
}
