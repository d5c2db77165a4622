package inventory

// Resolve derives the posture of every resource from the snapshot's raw facts: which
// alarms watch each store and whether they reach a person, how they measure up to the
// recommended-alarm table of the store's kind, where each store's logs land
// and how those log groups are governed, which trails record each store's management and
// data events, and the CIS metric-filter chains of each account. It replaces any posture
// already present, so it is idempotent, and it runs in time linear in the snapshot: every
// join goes through an index built once.
//
// Resolution never guesses: a link that depends on a fact that was not collected is
// "unknown", with the reason.
func Resolve(s *Snapshot) {
	ResolveWith(s, ResolveOptions{})
}

// ResolveWith is Resolve with the rule parameters resolution depends on (the recommended-alarm
// table).
func ResolveWith(s *Snapshot, o ResolveOptions) {
	s.Normalize()
	ix := newIndex(s)
	resolveTopics(s, ix)
	resolveAlarms(s, ix)
	resolveRecommendedAlarms(ix, o.Alarms)
	resolveInsights(s, ix)
	resolveEventDataStoreKeys(s, ix)
	resolveErrorFilters(s, ix)
	resolveLogGroups(s, ix)
	resolveTrails(s, ix)
	resolveMetricFilterControls(s, ix)
	resolveEvents(s, ix)
	s.Normalize()
}
