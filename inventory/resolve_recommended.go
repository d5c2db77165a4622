package inventory

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// AlarmTable is the recommended-alarm table the resolver judges stores with, and the rule
// parameters that reshape it (docs/recommended-alarms.md).
type AlarmTable struct {
	// Rows are the recommended alarms of each kind of store (SW-MA-02's settings parameter
	// applied).
	Rows map[string][]RecommendedAlarm
	// Required replaces, per kind, the metrics a store must have an alarm on (SW-MA-01's
	// required parameter); other kinds require their rows' metrics by the rows' When.
	Required map[string][]string
	// Critical replaces, per kind, the metrics SW-AH-06 looks for automation on (its
	// critical parameter); by default every recommended metric of the kind.
	Critical map[string][]string
	// Tolerance is how far past a row's threshold an alarm may fire, as a fraction of it,
	// for rows without their own (SW-MA-02's tolerance parameter).
	Tolerance float64
	// WindowFactor is how much longer than period × datapoints an alarm may take to fire
	// (SW-MA-02's window_factor parameter).
	WindowFactor float64
}

// DefaultAlarmTable is the table with every parameter at its documented default.
func DefaultAlarmTable() *AlarmTable {
	return &AlarmTable{Rows: DefaultRecommendedAlarms(), Tolerance: 0.05, WindowFactor: 3}
}

// ResolveOptions are the rule parameters resolution depends on.
type ResolveOptions struct {
	// Alarms is the recommended-alarm table; nil means DefaultAlarmTable.
	Alarms *AlarmTable
}

// alarmKind returns the table's kind of a store and the traits that decide which of its
// rows are required; kind "" for a store the table does not judge.
func alarmKind(st *storeRef) (kind string, traits []string) {
	traits = []string{"always"}
	switch {
	case st.kind != "":
		return st.kind, traits
	case st.db != nil:
		d := st.db
		if d.ClusterID != "" {
			return "", nil
		}
		traits = append(traits, traitIf("postgres", strings.Contains(d.Engine, "postgres"))...)
		traits = append(traits, traitIf("read_replica", d.ReplicaSourceID != "")...)
		traits = append(traits, traitIf("performance_insights", d.PerformanceInsightsEnabled != nil && *d.PerformanceInsightsEnabled)...)
		return KindRDSInstance, traits
	case st.cluster != nil:
		c := st.cluster
		switch c.Type {
		case TypeDocDBCluster:
			kind = KindDocDBCluster
		case TypeNeptuneCluster:
			kind = KindNeptuneCluster
		case TypeDBCluster:
			kind = clusterKinds[c.Engine]
		}
		if kind == "" {
			return "", nil
		}
		traits = append(traits, traitIf("postgres", strings.Contains(c.Engine, "postgres"))...)
		traits = append(traits, traitIf("performance_insights", c.PerformanceInsightsEnabled != nil && *c.PerformanceInsightsEnabled)...)
		return kind, traits
	case st.table != nil:
		return KindDynamoDBTable, append(traits, traitIf("global_table", len(st.table.ReplicaRegions) > 0)...)
	case st.cache != nil:
		if st.cache.ReplicationGroupID != "" {
			// A member of a replication group is judged with its group, whose alarms
			// include those on its members' CacheClusterId.
			return "", nil
		}
		kind = KindElastiCacheRedis
		if st.cache.Engine == "memcached" {
			kind = KindElastiCacheMemcached
		}
		return kind, append(traits, traitIf("replicas", hasReplicas(st.cache))...)
	case st.domain != nil:
		return KindOpenSearchDomain, append(traits, traitIf("dedicated_master", st.domain.DedicatedMasterEnabled)...)
	}
	return "", nil
}

// hasReplicas reports whether a cache has read replicas, the only nodes that publish
// ReplicationLag: its Replicas when known, else more member clusters (one per node) than
// node groups, each of which has one primary. A cluster-mode group of three shards without
// replicas has three members and no replica. When the node groups are not known, more than
// one member counts as replicas.
func hasReplicas(c *ElastiCacheCluster) bool {
	if c.Replicas != nil {
		return *c.Replicas > 0
	}
	return len(c.Members) > max(c.NodeGroups, 1)
}

// undecidedTraits are the traits of a store that a plan leaves unknown until apply: the
// rows they decide are neither required nor excused (RecommendedAlarms.Undecided). A new
// replication group whose replica count the plan does not say may have read replicas.
func undecidedTraits(st *storeRef) []string {
	if c := st.cache; c != nil && c.ReplicationGroupID == "" && c.Replicas == nil && slices.Contains(c.UnknownFields, "replicas") {
		return []string{"replicas"}
	}
	// A table whose replica blocks a plan leaves unknown (a dynamic block over a collection
	// known only after apply) may be a global table, which requires ReplicationLatency.
	if t := st.table; t != nil && len(t.ReplicaRegions) == 0 && slices.Contains(t.UnknownFields, "replica_regions") {
		return []string{"global_table"}
	}
	return nil
}

// clusterKinds are the kinds of RDS clusters by engine: Aurora, or Multi-AZ DB clusters.
var clusterKinds = map[string]string{
	"aurora": KindAuroraMySQL, "aurora-mysql": KindAuroraMySQL, "aurora-postgresql": KindAuroraPostgreSQL,
	"mysql": KindRDSMultiAZCluster, "postgres": KindRDSMultiAZCluster,
}

func traitIf(name string, holds bool) []string {
	if holds {
		return []string{name}
	}
	return nil
}

// resolveRecommendedAlarms judges each store's alarms (resolveAlarms linked them) against
// the recommended-alarm table of its kind.
func resolveRecommendedAlarms(ix *index, t *AlarmTable) {
	if t == nil {
		t = DefaultAlarmTable()
	}
	specs := map[string]map[string]*rowSpec{}
	for kind, rows := range t.Rows {
		byMetric := make(map[string]*rowSpec, len(rows))
		for _, r := range rows {
			byMetric[r.Metric] = newRowSpec(r, t)
		}
		specs[kind] = byMetric
	}
	for si := range ix.stores {
		st := &ix.stores[si]
		kind, traits := alarmKind(st)
		if kind == "" {
			st.posture.RecommendedAlarms = nil
			continue
		}
		st.posture.RecommendedAlarms = judgeRecommended(kind, traits, undecidedTraits(st), t, specs[kind], st.posture.Alarms)
	}
}

func judgeRecommended(kind string, traits, undecided []string, t *AlarmTable, specs map[string]*rowSpec, alarms []AlarmLink) *RecommendedAlarms {
	rows := t.Rows[kind]
	out := &RecommendedAlarms{Kind: kind, Metrics: len(rows)}
	alarmed := make(map[string]bool, len(alarms))
	for _, l := range alarms {
		// An index's alarm does not watch the table's own metric.
		if l.Index == "" {
			alarmed[l.Metric] = true
		}
	}

	required, ok := t.Required[kind]
	if !ok {
		for _, r := range rows {
			if slices.Contains(traits, r.When) {
				required = append(required, r.Metric)
			}
		}
	}
	for _, m := range required {
		if !alarmed[m] {
			out.Missing = append(out.Missing, m)
		}
	}
	out.Missing = sortedUnique(out.Missing)
	if _, replaced := t.Required[kind]; !replaced {
		for _, r := range rows {
			if slices.Contains(undecided, r.When) && !alarmed[r.Metric] && !slices.Contains(out.Missing, r.Metric) {
				out.Undecided = append(out.Undecided, r.Metric)
			}
		}
		out.Undecided = sortedUnique(out.Undecided)
	}

	for _, r := range rows {
		if !alarmed[r.Metric] || slices.ContainsFunc(out.Settings, func(m MetricSettings) bool { return m.Metric == r.Metric }) {
			continue
		}
		out.Settings = append(out.Settings, specs[r.Metric].judge(alarms))
	}

	critical, ok := t.Critical[kind]
	if !ok {
		for _, r := range rows {
			critical = append(critical, r.Metric)
		}
	}
	var onCritical, healing, actionsUnknown []string
	for _, l := range alarms {
		if !slices.Contains(critical, l.Metric) {
			continue
		}
		onCritical = append(onCritical, l.Name)
		if l.SelfHealing {
			healing = append(healing, l.Name)
		}
		if l.ActionsUnknown {
			actionsUnknown = append(actionsUnknown, l.Name)
		}
	}
	switch {
	case len(onCritical) == 0:
	case len(healing) > 0:
		out.Automation, out.AutomationAlarms = StatusYes, sortedUnique(healing)
	case len(actionsUnknown) > 0:
		out.Automation, out.AutomationAlarms = StatusUnknown, sortedUnique(actionsUnknown)
	default:
		out.Automation, out.AutomationAlarms = StatusNo, sortedUnique(onCritical)
	}
	return out
}

// Alarm directions: which way a comparison fires.
const (
	dirGreater = "greater"
	dirLess    = "less"
	dirBand    = "band"
)

var alarmDirections = map[string]string{
	opGT: dirGreater, opGE: dirGreater, "GreaterThanUpperThreshold": dirGreater,
	opLT: dirLess, opLE: dirLess, "LessThanLowerThreshold": dirLess,
	"LessThanLowerOrGreaterThanUpperThreshold": dirBand,
}

func inclusive(op string) bool { return op == opGE || op == opLE }

// rowSpec is a row prepared for comparing alarms with it.
type rowSpec struct {
	row RecommendedAlarm
	dir string
	// stats are the statistics that pass: the row's, and the more sensitive extreme.
	stats []string
	// percentile is the row's percentile statistic (p90: 90), or -1.
	percentile float64
	// bound is the threshold plus the tolerance (nil: not judged); window the longest
	// breaching time in seconds (nil: not judged).
	bound     *float64
	inclusive bool
	window    *float64
}

func newRowSpec(r RecommendedAlarm, t *AlarmTable) *rowSpec {
	sp := &rowSpec{row: r, dir: alarmDirections[r.Comparison], stats: []string{r.Statistic}, percentile: -1, inclusive: inclusive(r.Comparison)}
	switch sp.dir {
	case dirGreater:
		sp.stats = append(sp.stats, "Maximum")
	case dirLess:
		sp.stats = append(sp.stats, "Minimum")
	}
	if p, ok := percentile(r.Statistic); ok {
		sp.percentile = p
	}
	if r.Threshold != nil {
		tol := t.Tolerance
		if r.Tolerance != nil {
			tol = *r.Tolerance
		}
		th := *r.Threshold
		switch sp.dir {
		case dirGreater:
			b := th + math.Abs(th)*tol
			sp.bound = &b
		case dirLess:
			b := th - math.Abs(th)*tol
			sp.bound = &b
		}
	}
	if r.Period != nil && r.Datapoints != nil {
		w := t.WindowFactor * float64(*r.Period) * float64(*r.Datapoints)
		sp.window = &w
	}
	return sp
}

var percentileStat = regexp.MustCompile(`^p[0-9]+(\.[0-9]+)?$`)

func percentile(stat string) (float64, bool) {
	if !percentileStat.MatchString(stat) {
		return 0, false
	}
	p, err := strconv.ParseFloat(stat[1:], 64)
	return p, err == nil
}

// judge compares the alarms on the row's metric with it.
func (sp *rowSpec) judge(alarms []AlarmLink) MetricSettings {
	r := sp.row
	ms := MetricSettings{Metric: r.Metric, Status: StatusUnknown, Recommended: RecommendedSettings{
		Statistic: r.Statistic, Comparison: r.Comparison, Threshold: r.Threshold, Period: r.Period, Datapoints: r.Datapoints,
	}}
	for _, l := range alarms {
		if l.Metric != r.Metric || l.ViaMetricMath || l.Index != "" {
			continue
		}
		d := AlarmDeviation{Name: l.Name, ComparisonOperator: l.ComparisonOperator, Statistic: l.Statistic,
			Threshold: l.Threshold, Window: l.Period * l.DatapointsToAlarm}
		if !sp.directionOK(l) {
			d.Deviations = append(d.Deviations, "direction")
		}
		if !sp.statisticOK(l) {
			d.Deviations = append(d.Deviations, "statistic")
		}
		if !sp.thresholdOK(l) {
			d.Deviations = append(d.Deviations, "threshold")
		}
		if sp.window != nil && float64(d.Window) > *sp.window {
			d.Deviations = append(d.Deviations, "window")
		}
		switch {
		case len(d.Deviations) == 0:
			ms.Status = StatusYes
		case ms.Status != StatusYes:
			ms.Status = StatusNo
		}
		ms.Alarms = append(ms.Alarms, d)
	}
	return ms
}

func (sp *rowSpec) directionOK(l AlarmLink) bool {
	d, ok := alarmDirections[l.ComparisonOperator]
	return ok && (d == sp.dir || d == dirBand)
}

func (sp *rowSpec) statisticOK(l AlarmLink) bool {
	if slices.Contains(sp.stats, l.Statistic) {
		return true
	}
	// A higher percentile is more sensitive to an upper bound; against a row without a
	// percentile any percentile is (as the rule has always judged).
	p, ok := percentile(l.Statistic)
	return ok && sp.dir == dirGreater && p >= sp.percentile
}

func (sp *rowSpec) thresholdOK(l AlarmLink) bool {
	if sp.bound == nil || l.Threshold == nil {
		return true
	}
	d, ok := alarmDirections[l.ComparisonOperator]
	th, b := *l.Threshold, *sp.bound
	switch {
	case ok && d != sp.dir:
		return true
	case sp.dir == dirGreater && th < b, sp.dir == dirLess && th > b:
		return true
	case th == b:
		// Firing at the bound itself passes for an inclusive alarm, and for an exclusive
		// one when the recommendation is exclusive too.
		return inclusive(l.ComparisonOperator) || !sp.inclusive
	}
	return false
}
