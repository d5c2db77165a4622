package inventory

// resolveTopics derives SNS topic posture (confirmed subscribers, users).
func resolveTopics(_ *Snapshot, _ *index) {}

// resolveAlarms derives alarm posture and each store's alarm links: not yet implemented,
// so alarm coverage is unknown.
func resolveAlarms(_ *Snapshot, ix *index) {
	for _, st := range ix.stores {
		st.posture.AlarmsKnown = StatusUnknown
	}
}
