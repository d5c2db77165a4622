package policies

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/storewatch/storewatch/inventory"
)

// ReportVersion is the version of the JSON report format.
const ReportVersion = "1.0"

// Report is everything an output needs: what was judged, with which rules, and the
// findings. Reporters render it and decide nothing.
type Report struct {
	SchemaVersion string       `json:"schema_version"`
	Tool          ToolInfo     `json:"tool"`
	GeneratedAt   time.Time    `json:"generated_at"`
	Snapshot      SnapshotInfo `json:"snapshot"`
	Rules         []*Rule      `json:"rules"`
	// Stores lists every data store judged, with what reports show beside its findings.
	Stores   []StoreInfo `json:"stores"`
	Findings []Finding   `json:"findings"`
	// CollectionErrors are every collection error of the snapshot: the run-wide ones and
	// those recorded on resources.
	CollectionErrors []inventory.CollectionError `json:"collection_errors"`
	Summary          Summary                     `json:"summary"`
	// Waivers lists every waiver of the run with its state: active, expired or stale.
	Waivers []WaiverState `json:"waivers,omitempty"`
	// Baseline compares the findings with a baseline, when one was given.
	Baseline *BaselineResult `json:"baseline,omitempty"`
	// Frameworks holds the control-by-control views that were asked for.
	Frameworks []FrameworkView `json:"frameworks,omitempty"`
	// Gate is the verdict of the CI gate, when one was asked for.
	Gate *Gate `json:"gate,omitempty"`
}

// WaiverState is a waiver and what it did in this run.
type WaiverState struct {
	WaiverRef
	// State is active (it hides findings), expired (it no longer does) or stale (it
	// matches no finding).
	State string `json:"state"`
	// Matched counts the findings the waiver matches.
	Matched int    `json:"matched"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
}

// Waiver states.
const (
	WaiverActive  = "active"
	WaiverExpired = "expired"
	WaiverStale   = "stale"
)

// NeedsAttention reports whether the waiver no longer does what it was written for: an
// expired one hides nothing any more, and a stale one matches nothing.
func (w *WaiverState) NeedsAttention() bool {
	return w.State == WaiverExpired || w.State == WaiverStale
}

// Describe says in one sentence what the waiver is and, when it needs attention, why: the
// words every report and the log use for it.
func (w *WaiverState) Describe() string {
	var b strings.Builder
	b.WriteString("waiver for " + w.Rule)
	if w.Resource != "" {
		b.WriteString(" on " + w.Resource)
	}
	if len(w.Tags) > 0 {
		tags := make([]string, 0, len(w.Tags))
		for k, v := range w.Tags {
			tags = append(tags, k+"="+v)
		}
		slices.Sort(tags)
		b.WriteString(" tagged " + strings.Join(tags, ", "))
	}
	if w.File != "" {
		fmt.Fprintf(&b, " (%s:%d)", w.File, w.Line)
	}
	switch w.State {
	case WaiverExpired:
		if w.Matched > 0 {
			fmt.Fprintf(&b, " expired on %s: the findings it hid are reported again", w.Expires.Format(time.DateOnly))
		} else {
			fmt.Fprintf(&b, " expired on %s and matches no finding: remove it", w.Expires.Format(time.DateOnly))
		}
	case WaiverStale:
		b.WriteString(" matches no finding: remove it, or correct its rule or resource")
	}
	return b.String()
}

// BaselineResult compares a run with a baseline of known findings.
type BaselineResult struct {
	File string `json:"file"`
	// New and Existing count the failing findings not in / in the baseline.
	New      int `json:"new"`
	Existing int `json:"existing"`
	// Resolved lists the baseline's findings that no longer fail.
	Resolved []BaselineEntry `json:"resolved"`
}

// BaselineEntry is one finding of a baseline.
type BaselineEntry struct {
	ID       string `json:"id"`
	RuleID   string `json:"rule_id"`
	Resource string `json:"resource"`
	Status   Status `json:"status"`
}

// FrameworkView is the control-by-control status of one compliance framework.
type FrameworkView struct {
	Framework string        `json:"framework"`
	Title     string        `json:"title"`
	Controls  []ControlView `json:"controls"`
}

// ControlView is one control of a framework: the rules that implement it and how the
// resources fared.
type ControlView struct {
	Control string   `json:"control"`
	Title   string   `json:"title"`
	Rules   []string `json:"rules"`
	// Status is fail if any resource fails, else unknown if any is undecided, else pass;
	// not_applicable when no resource was judged.
	Status  string `json:"status"`
	Pass    int    `json:"pass"`
	Fail    int    `json:"fail"`
	Unknown int    `json:"unknown"`
	Waived  int    `json:"waived"`
}

// ToolInfo names the program and rule set that produced a report.
type ToolInfo struct {
	Name         string `json:"name"`
	Version      string `json:"version"`
	RulesVersion string `json:"rules_version"`
}

// SnapshotInfo describes the snapshot a report judged.
type SnapshotInfo struct {
	// File is the snapshot or plan file as given, when there is one.
	File        string             `json:"file,omitempty"`
	CollectedAt time.Time          `json:"collected_at"`
	Partial     bool               `json:"partial,omitempty"`
	Sources     []inventory.Source `json:"sources"`
	Accounts    []AccountInfo      `json:"accounts"`
	Stores      int                `json:"stores"`
	// Notes are what the collection established without an error (a service that is not
	// offered in a region): they say why a region holds none of a service's resources.
	Notes []inventory.CollectionError `json:"notes,omitempty"`
}

// AccountInfo is one account of the snapshot.
type AccountInfo struct {
	ID        string   `json:"id"`
	Partition string   `json:"partition"`
	Regions   []string `json:"regions"`
}

// StoreInfo is one data store of the snapshot.
type StoreInfo struct {
	ID        string `json:"id"`
	Type      string `json:"type"`
	Name      string `json:"name"`
	AccountID string `json:"account_id"`
	Region    string `json:"region"`
	// Engine is the database or cache engine (mysql, aurora-postgresql, redis), empty for
	// stores that have none; reports pick log queries by it.
	Engine string `json:"engine,omitempty"`
	// LogGroups are the CloudWatch Logs groups the store's logs land in, by log type.
	LogGroups []StoreLogGroup `json:"log_groups"`
}

// StoreLogGroup is one log type a store exports and its log group.
type StoreLogGroup struct {
	Type     string `json:"type"`
	LogGroup string `json:"log_group"`
	Found    string `json:"found"`
}

// Summary counts findings.
type Summary struct {
	Total      int                         `json:"total"`
	ByStatus   map[Status]int              `json:"by_status"`
	BySeverity map[Severity]map[Status]int `json:"by_severity"`
	// Undecided counts the checks that could not be decided (status unknown).
	Undecided int `json:"undecided"`
}

// Gate is the CI gate's verdict.
type Gate struct {
	FailOn        string `json:"fail_on"`
	FailOnUnknown bool   `json:"fail_on_unknown"`
	Passed        bool   `json:"passed"`
	// Failing counts the findings that failed the gate.
	Failing int    `json:"failing"`
	Reason  string `json:"reason"`
}

// SnapshotDescription is what a report says about the snapshot it judged: its sources and
// accounts, its data stores and their log groups, and the collection errors.
type SnapshotDescription struct {
	Info             SnapshotInfo
	Stores           []StoreInfo
	CollectionErrors []inventory.CollectionError
}

// DescribeSnapshot records what a report says about the snapshot. It reads the stores'
// facts, so it comes before an evaluation that releases them.
func DescribeSnapshot(snap *inventory.Snapshot) *SnapshotDescription {
	d := &SnapshotDescription{
		Info: SnapshotInfo{
			CollectedAt: snap.CollectedAt,
			Partial:     snap.Partial,
			Sources:     snap.Sources,
			Stores:      snap.StoreCount(),
			Notes:       snap.Notes,
		},
	}
	for _, a := range snap.Accounts {
		d.Info.Accounts = append(d.Info.Accounts, AccountInfo{ID: a.ID, Partition: a.Partition, Regions: a.Regions})
	}
	for _, c := range snap.Collections() {
		for i := 0; i < c.Len; i++ {
			m := c.Meta(i)
			if !inventory.IsStoreType(m.Type) {
				continue
			}
			si := StoreInfo{ID: m.ID, Type: m.Type, Name: m.Name, AccountID: m.AccountID, Region: m.Region,
				Engine: engineOf(c.Item(i)), LogGroups: []StoreLogGroup{}}
			if p := inventory.PostureOf(c.Item(i)); p != nil {
				for _, l := range p.Logs {
					if l.LogGroup == "" {
						continue
					}
					found := inventory.StatusUnknown
					if l.Group != nil {
						found = l.Group.Found
					}
					si.LogGroups = append(si.LogGroups, StoreLogGroup{Type: l.Type, LogGroup: l.LogGroup, Found: found})
				}
			}
			d.Stores = append(d.Stores, si)
		}
	}
	d.CollectionErrors = append(d.CollectionErrors, snap.Errors...)
	for _, c := range snap.Collections() {
		for i := 0; i < c.Len; i++ {
			d.CollectionErrors = append(d.CollectionErrors, c.Meta(i).Errors...)
		}
	}
	return d
}

// NewReport assembles a report. Its time is in whole seconds, as a live snapshot's is: jq's
// fromdate (strptime) refuses the fraction of a second time.Time's JSON would carry.
func NewReport(d *SnapshotDescription, rules []*Rule, findings []Finding, tool ToolInfo, now time.Time) *Report {
	r := &Report{
		SchemaVersion:    ReportVersion,
		Tool:             tool,
		GeneratedAt:      now.UTC().Truncate(time.Second),
		Rules:            rules,
		Findings:         findings,
		Snapshot:         d.Info,
		Stores:           d.Stores,
		CollectionErrors: d.CollectionErrors,
	}
	r.Summarize()
	return r
}

// engineOf returns the engine of a data store item, or "" for store types without one.
func engineOf(item any) string {
	switch x := item.(type) {
	case *inventory.DBInstance:
		return x.Engine
	case *inventory.DBCluster:
		return x.Engine
	case *inventory.ElastiCacheCluster:
		return x.Engine
	}
	return ""
}

// Summarize recounts the summary from the findings.
func (r *Report) Summarize() {
	s := Summary{ByStatus: map[Status]int{}, BySeverity: map[Severity]map[Status]int{}}
	for _, f := range r.Findings {
		s.Total++
		s.ByStatus[f.Status]++
		if s.BySeverity[f.Severity] == nil {
			s.BySeverity[f.Severity] = map[Status]int{}
		}
		s.BySeverity[f.Severity][f.Status]++
	}
	s.Undecided = s.ByStatus[StatusUnknown]
	r.Summary = s
}
