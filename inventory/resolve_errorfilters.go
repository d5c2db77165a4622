package inventory

import (
	"slices"
	"strings"
)

// resolveErrorFilters finds, in each log group, the metric filters that catch error
// patterns (errors, out-of-memory conditions, authentication failures, as
// filterpattern.Catches classifies them) and whether an effective alarm watches their
// metric. It runs after resolveAlarms, whose Effective verdict it reads, and before
// resolveLogGroups, which copies the result into the summaries stores and trails carry.
//
// Any alarm on the filter's metric counts, with or without dimensions and through a
// metric-math query: the question is whether someone hears of the errors, not whether
// the alarm has one prescribed shape.
func resolveErrorFilters(s *Snapshot, ix *index) {
	alarms := newAlarmsByMetric(s)
	patterns := patternCache{}
	for i := range s.LogGroups {
		g := &s.LogGroups[i]
		var links []ErrorFilterLink
		for _, f := range g.MetricFilters {
			pp := patterns.get(f.Pattern)
			if len(pp.catches) == 0 {
				continue
			}
			link := ErrorFilterLink{Filter: f.Name, Catches: slices.Clone(pp.catches), Alarmed: StatusNo}
			if len(f.Transformations) > 0 {
				// AWS allows exactly one transformation per filter.
				tr := f.Transformations[0]
				link.Metric, link.Namespace = tr.MetricName, tr.MetricNamespace
				k := namedMetric{g.AccountID, g.Region, tr.MetricNamespace, tr.MetricName}
				// An alarm whose metric a plan leaves partly unknown until apply (a query's
				// account, the namespace, the metric name, the metric queries) might read it,
				// and so might one that could not be listed, of the group's account or of
				// another known to hold cross-account alarms.
				maybe := len(alarms.mightRead(k)) > 0
				link.Alarmed, link.Alarms = alarmed(alarms.any[k], maybe || len(ix.unlistedAlarmAccounts(g.AccountID, g.Region)) > 0)
			}
			links = append(links, link)
		}
		slices.SortFunc(links, func(a, b ErrorFilterLink) int { return strings.Compare(a.Filter, b.Filter) })
		g.Posture.ErrorFilters = links
	}
}

// alarmed says whether one of the alarms is effective: yes when one is, unknown when none
// is but one might be (its verdict is unknown, or others might read the metric: the
// region's alarms could not all be listed, in the group's account or in another known to
// hold cross-account alarms, or a plan leaves part of what an alarm reads unknown), no
// otherwise.
func alarmed(alarms []*Alarm, othersMight bool) (string, []string) {
	ids := make([]string, 0, len(alarms))
	status := StatusNo
	for _, a := range alarms {
		ids = append(ids, a.ID)
		switch a.Posture.Effective {
		case StatusYes:
			status = StatusYes
		case StatusNo:
		default:
			if status != StatusYes {
				status = StatusUnknown
			}
		}
	}
	if status == StatusNo && othersMight {
		status = StatusUnknown
	}
	return status, sortedUnique(ids)
}
