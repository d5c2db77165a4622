package run

import (
	"time"

	"github.com/storewatch/storewatch/policies"
	"github.com/storewatch/storewatch/triage"
)

// Triage is what the pipeline applies to the findings before the gate: waivers, a
// baseline and the framework views to include.
type Triage struct {
	Waivers      []triage.Waiver
	Baseline     *triage.Baseline
	BaselineFile string
	Frameworks   []string
}

func (t Triage) apply(r *policies.Report, now time.Time) error {
	if len(t.Waivers) > 0 {
		triage.ApplyWaivers(r, t.Waivers, now)
	}
	if t.Baseline != nil {
		triage.ApplyBaseline(r, t.Baseline, t.BaselineFile)
	}
	for _, fw := range t.Frameworks {
		v, err := policies.BuildFrameworkView(r, fw)
		if err != nil {
			return err
		}
		r.Frameworks = append(r.Frameworks, v)
	}
	return nil
}
