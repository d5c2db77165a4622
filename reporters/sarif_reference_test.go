package reporters

import (
	"cmp"
	"fmt"
	"io"
	"slices"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/storewatch/storewatch/policies"
)

// sarifReference is the SARIF writer as it was before it truncated first: a result built
// for every candidate. TestStreamMatchesReference holds the writer to its bytes.
func (s *SARIF) sarifReference(w io.Writer, r *policies.Report) error {
	limits := s.limits.withDefaults()
	rules := newRuleSet(withMissingRules(r))
	descriptors := make([]*sarif.ReportingDescriptor, 0, len(rules.sorted))
	for _, rule := range rules.sorted {
		descriptors = append(descriptors, sarifRule(rule))
	}
	plans, merged := s.planRunsReference(r, rules, limits.runs)
	total := 0
	for _, p := range plans {
		total += len(p.candidates)
	}

	// Per-run cap first, then the file size: both keep the most severe results.
	var all []*sarifCandidate
	for _, p := range plans {
		slices.SortStableFunc(p.candidates, sarifPriorityReference)
		p.kept = p.candidates[:min(len(p.candidates), limits.resultsPerRun)]
		all = append(all, p.kept...)
	}
	slices.SortStableFunc(all, sarifPriorityReference)
	keep := len(all)
	var out []byte
	for attempt := 0; ; attempt++ {
		kept := map[*sarifCandidate]bool{}
		for _, c := range all[:keep] {
			kept[c] = true
		}
		for _, p := range plans {
			p.kept = p.kept[:0:0]
			for _, c := range p.candidates {
				if kept[c] {
					p.kept = append(p.kept, c)
				}
			}
		}
		doc, err := s.document(r, plans, descriptors, total, keep, merged)
		if err != nil {
			return err
		}
		for i, p := range plans {
			for _, c := range p.kept {
				doc.Runs[i].AddResult(c.result)
			}
		}
		if out, err = encodeSARIF(doc); err != nil {
			return err
		}
		size, err := gzipSize(out)
		if err != nil {
			return err
		}
		if size <= limits.gzipBytes {
			break
		}
		if keep == 0 || attempt >= 8 {
			// Only the rules and notifications are left and they are still too large:
			// writing the file would only have GitHub reject it.
			return fmt.Errorf("sarif: %d bytes gzipped even without results, over GitHub's limit of %d", size, limits.gzipBytes)
		}
		// Shrink in proportion, with a margin so that one more pass usually suffices.
		keep = int(float64(keep) * float64(limits.gzipBytes) / float64(size) * 0.9)
	}
	if keep < total && s.Logger != nil {
		s.Logger.Warn("sarif truncated to stay within GitHub code scanning limits",
			"results", total, "written", keep, "max_results_per_run", limits.resultsPerRun, "max_gzip_bytes", limits.gzipBytes)
	}
	if merged && s.Logger != nil {
		s.Logger.Warn("sarif: more accounts than GitHub accepts runs in one file; all accounts share one run", "max_runs", limits.runs)
	}
	_, err := w.Write(out)
	return err
}

// planRunsReference is planRuns as it was: it built the result of every candidate, kept or
// not.
func (s *SARIF) planRunsReference(r *policies.Report, rules ruleSet, maxRuns int) ([]*sarifRunPlan, bool) {
	plans, merged := s.planRuns(r, maxRuns)
	for _, p := range plans {
		for _, c := range p.candidates {
			c.result, c.located = s.result(r, rules, c.f)
		}
	}
	return plans, merged
}

// sarifPriorityReference orders candidates for truncation: passes last, then by severity, failures
// before undecided checks, then in report order.
func sarifPriorityReference(a, b *sarifCandidate) int {
	pa, pb := a.f.Status == policies.StatusPass, b.f.Status == policies.StatusPass
	if pa != pb {
		if pa {
			return 1
		}
		return -1
	}
	if c := cmp.Compare(b.f.Severity.Rank(), a.f.Severity.Rank()); c != 0 {
		return c
	}
	if c := cmp.Compare(statusRank[b.f.Status], statusRank[a.f.Status]); c != 0 {
		return c
	}
	return cmp.Compare(a.order, b.order)
}

// gzipSize is gzipSizeOf a document in memory.
func gzipSize(data []byte) (int, error) {
	return gzipSizeOf(func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
