package reporters

import (
	"strings"

	"github.com/storewatch/storewatch/inventory"
	"github.com/storewatch/storewatch/policies"
)

// partialNotice says why a partial snapshot is partial, or "" for a whole one. A live
// collection is partial when it was interrupted; a plan when Terraform says applying it
// would not converge the configuration (complete false: made with -target). Saying "its
// collection was interrupted" of a targeted plan sent people looking for a crash.
func partialNotice(r *policies.Report) string {
	if !r.Snapshot.Partial {
		return ""
	}
	plan, live := false, false
	for _, s := range r.Snapshot.Sources {
		if s.Kind == inventory.SourceTerraformPlan {
			plan = true
		} else {
			live = true
		}
	}
	switch {
	case plan && live:
		return "the snapshot is partial: the plan is incomplete (made with -target) or the live snapshot's collection was interrupted, so stores may be missing"
	case plan:
		return "the plan is incomplete (made with -target): resources outside the target are judged as the state holds them, and those it would create there are missing"
	}
	return "the snapshot is partial: its collection was interrupted, so stores may be missing"
}

// partialSentence is partialNotice as a sentence of its own, for the HTML banner and the
// SARIF notification.
func partialSentence(r *policies.Report) string {
	n := partialNotice(r)
	if n == "" {
		return ""
	}
	return sentence(strings.ToUpper(n[:1]) + n[1:])
}
