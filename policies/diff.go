package policies

import (
	"slices"
	"strings"

	"github.com/storewatch/storewatch/inventory"
)

// Diff is what changed between two runs: the stores (when both sides were snapshots) and
// the findings.
type Diff struct {
	Old string `json:"old"`
	New string `json:"new"`
	// Stores is set when both sides are snapshots.
	Stores *inventory.SnapshotDiff `json:"stores,omitempty"`
	// NewFindings fail (or are undecided) now and did not before.
	NewFindings []FindingChange `json:"new_findings"`
	// Fixed failed (or were undecided) before and pass now, or their resource is gone.
	Fixed []FindingChange `json:"fixed"`
	// Changed are findings whose status or message changed otherwise.
	Changed []FindingChange `json:"changed"`
}

// FindingChange is one finding in a diff, with its status on both sides.
type FindingChange struct {
	ID         string   `json:"id"`
	RuleID     string   `json:"rule_id"`
	Severity   Severity `json:"severity"`
	Resource   string   `json:"resource"`
	Name       string   `json:"name"`
	OldStatus  Status   `json:"old_status,omitempty"`
	NewStatus  Status   `json:"new_status,omitempty"`
	OldMessage string   `json:"old_message,omitempty"`
	Message    string   `json:"message"`
}

func bad(s Status) bool { return s == StatusFail || s == StatusUnknown }

// CompareReports diffs the findings of two reports by their stable ids.
func CompareReports(old, cur *Report) *Diff {
	d := &Diff{NewFindings: []FindingChange{}, Fixed: []FindingChange{}, Changed: []FindingChange{}}
	before := make(map[string]*Finding, len(old.Findings))
	for i := range old.Findings {
		before[old.Findings[i].ID] = &old.Findings[i]
	}
	seen := map[string]bool{}
	for i := range cur.Findings {
		f := &cur.Findings[i]
		seen[f.ID] = true
		o := before[f.ID]
		c := FindingChange{ID: f.ID, RuleID: f.RuleID, Severity: f.Severity, Resource: f.Resource.ID, Name: f.Resource.Name,
			NewStatus: f.Status, Message: f.Message}
		switch {
		case o == nil:
			if bad(f.Status) {
				d.NewFindings = append(d.NewFindings, c)
			}
		case bad(f.Status) && !bad(o.Status):
			c.OldStatus, c.OldMessage = o.Status, o.Message
			d.NewFindings = append(d.NewFindings, c)
		case !bad(f.Status) && bad(o.Status):
			c.OldStatus, c.OldMessage = o.Status, o.Message
			d.Fixed = append(d.Fixed, c)
		case o.Status != f.Status || o.Message != f.Message:
			c.OldStatus, c.OldMessage = o.Status, o.Message
			d.Changed = append(d.Changed, c)
		}
	}
	for i := range old.Findings {
		o := &old.Findings[i]
		if !seen[o.ID] && bad(o.Status) {
			d.Fixed = append(d.Fixed, FindingChange{ID: o.ID, RuleID: o.RuleID, Severity: o.Severity, Resource: o.Resource.ID,
				Name: o.Resource.Name, OldStatus: o.Status, OldMessage: o.Message, Message: "the resource is gone"})
		}
	}
	for _, l := range [][]FindingChange{d.NewFindings, d.Fixed, d.Changed} {
		slices.SortFunc(l, func(a, b FindingChange) int {
			if c := strings.Compare(a.RuleID, b.RuleID); c != 0 {
				return c
			}
			return strings.Compare(a.Resource, b.Resource)
		})
	}
	return d
}
