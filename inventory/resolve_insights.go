package inventory

// resolveInsights records who manages the KMS key that encrypts each RDS instance's
// Performance Insights data: only the KMS inventory can tell an AWS-managed aws/rds key
// from a customer key, since the API reports both as a key ARN.
func resolveInsights(s *Snapshot, ix *index) {
	for i := range s.DBInstances {
		d := &s.DBInstances[i]
		d.Posture.InsightsKMSKeyManager = ""
		if d.PerformanceInsightsEnabled != nil && *d.PerformanceInsightsEnabled {
			d.Posture.InsightsKMSKeyManager = ix.kmsKeyManager(d.PerformanceInsightsKMSKeyID, d.AccountID, d.Region)
		}
	}
}

// resolveEventDataStoreKeys records the state of each event data store's KMS key: a key
// that is disabled or pending deletion can neither encrypt the events the store takes in
// nor decrypt the ones it holds.
func resolveEventDataStoreKeys(s *Snapshot, ix *index) {
	for i := range s.EventDataStores {
		e := &s.EventDataStores[i]
		e.Posture.KMSKeyState = ix.kmsKeyState(e.KMSKeyID, e.AccountID, e.Region)
	}
}
