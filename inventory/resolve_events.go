package inventory

// resolveEvents derives event subscription posture, region RDS event coverage and store
// notification links.
func resolveEvents(_ *Snapshot, _ *index) {}
