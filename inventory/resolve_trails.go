package inventory

// resolveTrails derives trail, account, region and store posture from the trails: not yet
// implemented, so every coverage it owns is unknown rather than a zero value that reads "no".
func resolveTrails(_ *Snapshot, ix *index) {
	for _, st := range ix.stores {
		st.posture.ManagementEvents = Coverage{Status: StatusUnknown, Reason: "trail resolution not implemented"}
		st.posture.IntegrityValidated = Coverage{Status: StatusUnknown, Reason: "trail resolution not implemented"}
	}
}
