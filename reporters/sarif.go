package reporters

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode"

	"github.com/owenrumney/go-sarif/v2/sarif"
	"golang.org/x/sync/errgroup"

	"github.com/storewatch/storewatch/inventory"
	"github.com/storewatch/storewatch/policies"
)

// GitHub code scanning rejects a whole upload that exceeds one of these (landscape.md §2.4).
const (
	sarifMaxResultsPerRun = 25_000
	sarifMaxGzipBytes     = 10_000_000
	sarifMaxRuns          = 20
	// GitHub shows ten tags per rule and its troubleshooting guide asks for no more.
	sarifMaxTags = 10
	// GitHub truncates rule descriptions at 1024 characters and names at 255.
	sarifMaxDescription = 1024
	sarifMaxName        = 255
	// Collection errors become run notifications; beyond this many, one more says how
	// many were left out (the JSON report has them all).
	sarifMaxNotifications = 200
	sarifInformationURI   = "https://storewatch.dev"
	sarifCategoryPrefix   = "storewatch"
)

// SARIF writes SARIF 2.1.0 for GitHub code scanning: one run per account (or per plan),
// every rule of the report in each run, and a result for every failed or undecided check
// (and every passing one with Options.SARIFIncludePass). Waived findings are left out:
// GitHub ignores SARIF suppressions and would open them as alerts.
type SARIF struct {
	Options
	// limits replaces GitHub's limits in tests; zero values mean GitHub's.
	limits sarifLimits
}

type sarifLimits struct {
	resultsPerRun int
	gzipBytes     int
	runs          int
}

func (l sarifLimits) withDefaults() sarifLimits {
	if l.resultsPerRun <= 0 {
		l.resultsPerRun = sarifMaxResultsPerRun
	}
	if l.gzipBytes <= 0 {
		l.gzipBytes = sarifMaxGzipBytes
	}
	if l.runs <= 0 {
		l.runs = sarifMaxRuns
	}
	return l
}

// sarifCandidate is one finding that may become a result, with what the truncation needs.
type sarifCandidate struct {
	f     *policies.Finding
	order int
	rank  int
	// json is the result, encoded compact (encodeResults).
	json []byte
	// result is the reference writer's (tests).
	result *sarif.Result
	// located is false when the resource has no file of its own.
	located bool
}

// sarifRunPlan is one run before results are chosen.
type sarifRunPlan struct {
	kind, account string
	candidates    []*sarifCandidate
	kept          []*sarifCandidate
	errors        []inventory.CollectionError
}

// Write implements Reporter.
func (s *SARIF) Write(w io.Writer, r *policies.Report) error {
	limits := s.limits.withDefaults()
	rules := newRuleSet(withMissingRules(r))
	descriptors := make([]*sarif.ReportingDescriptor, 0, len(rules.sorted))
	for _, rule := range rules.sorted {
		descriptors = append(descriptors, sarifRule(rule))
	}
	plans, merged := s.planRuns(r, limits.runs)
	total := 0
	for _, p := range plans {
		total += len(p.candidates)
	}

	// Per-run cap first, then the file size: both keep the most severe results. Results
	// are built only for the candidates the cap keeps: at a million findings, hundreds of
	// thousands fail, and GitHub takes 25,000 per run.
	var all []*sarifCandidate
	for _, p := range plans {
		for _, c := range p.candidates {
			c.rank = sarifRank(c.f)
		}
		slices.SortFunc(p.candidates, sarifPriority)
		p.kept = p.candidates[:min(len(p.candidates), limits.resultsPerRun)]
		all = append(all, p.kept...)
	}
	slices.SortFunc(all, sarifPriority)
	if err := s.encodeResults(r, rules, all); err != nil {
		return err
	}
	keep := len(all)
	var skeleton []byte
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
		if skeleton, err = encodeSARIF(doc); err != nil {
			return err
		}
		size, err := gzipSizeOf(func(w io.Writer) error { return writeSARIFResults(w, skeleton, plans) })
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
	bw := bufio.NewWriterSize(w, 1<<16)
	if err := writeSARIFResults(bw, skeleton, plans); err != nil {
		return err
	}
	return bw.Flush()
}

// sarifResultsAt is where a run's results go in the encoded skeleton: the document is
// encoded with every run's results empty, and each run's results are written in their
// place. A newline cannot occur inside a JSON string, so this is only ever the runs' own
// field, in the runs' order.
const sarifResultsAt = "\n      \"results\": []"

// writeSARIFResults writes the skeleton with each run's kept results in place, indented as
// json.Encoder with SetIndent would have.
func writeSARIFResults(w io.Writer, skeleton []byte, plans []*sarifRunPlan) error {
	rest := skeleton
	var buf []byte
	for _, p := range plans {
		before, after, ok := bytes.Cut(rest, []byte(sarifResultsAt))
		if !ok {
			return fmt.Errorf("encode sarif: no results field for run %s/%s", p.kind, p.account)
		}
		if _, err := w.Write(before); err != nil {
			return err
		}
		buf = append(buf[:0], sarifResultsAt[:len(sarifResultsAt)-1]...)
		for i, c := range p.kept {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, "\n        "...)
			buf = appendIndented(buf, c.json, 4)
			if len(buf) > 1<<16 {
				if _, err := w.Write(buf); err != nil {
					return err
				}
				buf = buf[:0]
			}
		}
		if len(p.kept) > 0 {
			buf = append(buf, "\n      "...)
		}
		buf = append(buf, ']')
		if _, err := w.Write(buf); err != nil {
			return err
		}
		rest = after
	}
	_, err := w.Write(rest)
	return err
}

// withMissingRules returns the report's rules plus a stub for every rule a finding names
// that the report does not list, so that every result has a rule to point at.
func withMissingRules(r *policies.Report) []*policies.Rule {
	known := make(map[string]bool, len(r.Rules))
	for _, rule := range r.Rules {
		if rule != nil {
			known[rule.ID] = true
		}
	}
	rules := r.Rules
	for i := range r.Findings {
		f := &r.Findings[i]
		if known[f.RuleID] {
			continue
		}
		known[f.RuleID] = true
		if len(rules) == len(r.Rules) {
			rules = slices.Clone(r.Rules)
		}
		rules = append(rules, &policies.Rule{ID: f.RuleID, Title: f.RuleID, Severity: f.Severity,
			Description: "A rule the report does not describe (" + f.RuleID + ")."})
	}
	return rules
}

// planRuns groups the findings that become results into runs: one per source kind and
// account. Above GitHub's run limit everything goes into one run.
func (s *SARIF) planRuns(r *policies.Report, maxRuns int) ([]*sarifRunPlan, bool) {
	kindOf := map[string]string{}
	for _, src := range r.Snapshot.Sources {
		for _, a := range src.Accounts {
			if _, ok := kindOf[a]; !ok {
				kindOf[a] = src.Kind
			}
		}
	}
	defaultKind := inventory.SourceAWS
	if len(r.Snapshot.Sources) > 0 && r.Snapshot.Sources[0].Kind != "" {
		defaultKind = r.Snapshot.Sources[0].Kind
	}
	kind := func(account string) string {
		if k, ok := kindOf[account]; ok && k != "" {
			return k
		}
		return defaultKind
	}
	type key struct{ kind, account string }
	byKey := map[key]*sarifRunPlan{}
	var plans []*sarifRunPlan
	get := func(account string) *sarifRunPlan {
		k := key{kind(account), account}
		if p, ok := byKey[k]; ok {
			return p
		}
		p := &sarifRunPlan{kind: k.kind, account: account}
		byKey[k] = p
		plans = append(plans, p)
		return p
	}
	// Every account gets a run even without results: an empty run is how GitHub learns
	// that the alerts of an earlier upload were fixed.
	for _, a := range r.Snapshot.Accounts {
		get(a.ID)
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		switch f.Status {
		case policies.StatusFail, policies.StatusUnknown:
		case policies.StatusPass:
			if !s.SARIFIncludePass {
				continue
			}
		default:
			continue
		}
		p := get(findingResource(f).AccountID)
		p.candidates = append(p.candidates, &sarifCandidate{f: f, order: i})
	}
	for _, e := range r.CollectionErrors {
		p := get(e.AccountID)
		p.errors = append(p.errors, e)
	}
	if len(plans) == 0 {
		get("")
	}
	slices.SortFunc(plans, func(a, b *sarifRunPlan) int {
		return cmp.Or(strings.Compare(a.kind, b.kind), strings.Compare(a.account, b.account))
	})
	merged := false
	if len(plans) > maxRuns {
		one := &sarifRunPlan{kind: plans[0].kind, account: "all-accounts"}
		for _, p := range plans {
			if p.kind != one.kind {
				one.kind = "mixed"
			}
			one.candidates = append(one.candidates, p.candidates...)
			one.errors = append(one.errors, p.errors...)
		}
		slices.SortStableFunc(one.candidates, func(a, b *sarifCandidate) int { return cmp.Compare(a.order, b.order) })
		plans, merged = []*sarifRunPlan{one}, true
	}
	return plans, merged
}

// encodeResults encodes the SARIF result of every candidate, compact, on every CPU. Only
// the bytes are kept: a result's objects are many times their size.
func (s *SARIF) encodeResults(r *policies.Report, rules ruleSet, cs []*sarifCandidate) error {
	var g errgroup.Group
	var next atomic.Int64
	for range runtime.GOMAXPROCS(0) {
		g.Go(func() error {
			for {
				lo := int(next.Add(chunkSize)) - chunkSize
				if lo >= len(cs) {
					return nil
				}
				for _, c := range cs[lo:min(lo+chunkSize, len(cs))] {
					res, located := s.result(r, rules, c.f)
					b, err := json.Marshal(res)
					if err != nil {
						return fmt.Errorf("encode sarif: %w", err)
					}
					c.json, c.located = b, located
				}
			}
		})
	}
	return g.Wait()
}

// sarifRank is a candidate's place in the truncation order, less first: failures and
// undecided checks before passes, then by severity, failures before undecided checks.
func sarifRank(f *policies.Finding) int {
	pass := 0
	if f.Status == policies.StatusPass {
		pass = 1
	}
	return pass<<16 - f.Severity.Rank()<<8 - statusRank[f.Status]
}

// sarifPriority orders candidates for truncation by rank, then in report order. The
// order is total, so the sort need not be stable.
func sarifPriority(a, b *sarifCandidate) int {
	return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(a.order, b.order))
}

func (s *SARIF) document(r *policies.Report, plans []*sarifRunPlan, descriptors []*sarif.ReportingDescriptor, total, written int, merged bool) (*sarif.Report, error) {
	doc, err := sarif.New(sarif.Version210)
	if err != nil {
		return nil, fmt.Errorf("sarif: %w", err)
	}
	// GitHub and the SARIF schema point at the same document; schemastore is what
	// GitHub's documentation names.
	doc.Schema = "https://json.schemastore.org/sarif-2.1.0.json"
	for _, p := range plans {
		doc.AddRun(s.run(r, p, descriptors, total, written, merged))
	}
	return doc, nil
}

func (s *SARIF) run(r *policies.Report, p *sarifRunPlan, descriptors []*sarif.ReportingDescriptor, total, written int, merged bool) *sarif.Run {
	driver := sarif.NewVersionedDriver(nonEmpty(r.Tool.Name, "storewatch"), toolVersion(r.Tool.Version)).
		WithInformationURI(sarifInformationURI)
	sv := semanticVersion(r.Tool.Version)
	driver.SemanticVersion = &sv
	driver.Rules = descriptors
	driver.Properties = sarif.Properties{"rulesVersion": r.Tool.RulesVersion}
	run := sarif.NewRun(sarif.Tool{Driver: driver})
	account := nonEmpty(p.account, "no-account")
	run.WithAutomationDetails(sarif.NewRunAutomationDetails().
		WithID(sarifCategory(s.SARIFCategory) + "/" + sanitizeCategory(p.kind) + "/" + sanitizeCategory(account) + "/").
		WithDescriptionText("storewatch scan of " + describeScope(p.kind, account) + "."))
	truncated := len(p.kept) < len(p.candidates)
	props := sarif.Properties{
		"account":          p.account,
		"source":           p.kind,
		"collectedAt":      r.Snapshot.CollectedAt,
		"partialSnapshot":  r.Snapshot.Partial,
		"resultsTotal":     len(p.candidates),
		"resultsWritten":   len(p.kept),
		"truncated":        truncated,
		"collectionErrors": len(p.errors),
	}
	run.Properties = props

	var notes []*sarif.Notification
	if truncated {
		notes = append(notes, note(fmt.Sprintf(
			"Results truncated to stay within GitHub code scanning limits: %d of %d results in this run are written (%d of %d in the file), the most severe first. The JSON and HTML reports hold every finding.",
			len(p.kept), len(p.candidates), written, total)))
	}
	if merged {
		notes = append(notes, note(fmt.Sprintf(
			"The scan covers more accounts than GitHub accepts runs in one SARIF file (%d), so all accounts share this run.", sarifMaxRuns)))
	}
	if n := partialSentence(r); n != "" {
		notes = append(notes, note(n))
	}
	unlocated := 0
	for _, c := range p.kept {
		if !c.located {
			unlocated++
		}
	}
	if unlocated > 0 {
		notes = append(notes, note(fmt.Sprintf(
			"%d results have no file of their own and point at line 1 of the scanned file.", unlocated)))
	}
	for i, e := range p.errors {
		if i == sarifMaxNotifications {
			notes = append(notes, note(fmt.Sprintf("%d more collection errors are listed in the JSON report.", len(p.errors)-i)))
			break
		}
		notes = append(notes, note("Collection error: "+describeCollectionError(e)+"."))
	}
	inv := sarif.NewInvocation().WithExecutionSuccess(true)
	if !r.GeneratedAt.IsZero() {
		inv.WithEndTimeUTC(r.GeneratedAt)
	}
	if len(notes) > 0 {
		inv.ToolExecutionNotifications = notes
	}
	run.AddInvocations(inv)
	return run
}

// note is a run notification; every one storewatch gives is a warning.
func note(text string) *sarif.Notification {
	return &sarif.Notification{Level: "warning", Message: sarif.NewTextMessage(text)}
}

// result builds the SARIF result of one finding.
func (s *SARIF) result(r *policies.Report, rules ruleSet, f *policies.Finding) (*sarif.Result, bool) {
	res := findingResource(f)
	rule := rules.rule(f.RuleID)
	out := sarif.NewRuleResult(f.RuleID)
	if i, ok := rules.index[f.RuleID]; ok {
		out.WithRuleIndex(i)
	}
	switch f.Status {
	case policies.StatusFail:
		out.WithKind("fail").WithLevel(sarifLevel(f.Severity))
	case policies.StatusUnknown:
		// An undecided check is shown, never silently passed: kind open ("could not be
		// determined") at warning level so that GitHub lists it as an alert.
		out.WithKind("open").WithLevel("warning")
	default:
		out.WithKind("pass").WithLevel("none")
	}
	out.WithMessage(sarif.NewTextMessage(sarifMessage(f, rule, res)))

	file, start, end, own := findingLocation(r, res)
	loc := sarif.NewLocation().
		WithPhysicalLocation(sarif.NewPhysicalLocation().
			WithArtifactLocation(sarif.NewSimpleArtifactLocation(fileURI(file))).
			WithRegion(sarif.NewRegion().WithStartLine(start).WithEndLine(end)))
	if res.ID != "" {
		loc.WithLogicalLocations([]*sarif.LogicalLocation{sarif.NewLogicalLocation().
			WithName(nonEmpty(res.Name, res.ID)).
			WithFullyQualifiedName(res.ID).
			WithKind("resource")})
	}
	out.AddLocation(loc)
	out.WithPartialFingerPrints(map[string]interface{}{"primaryLocationLineHash": findingID(f)})
	props := sarif.Properties{"severity": string(f.Severity), "status": string(f.Status)}
	if res.Type != "" {
		props["resourceType"] = res.Type
	}
	if res.ARN != "" && res.ARN != res.ID {
		props["arn"] = res.ARN
	}
	out.Properties = props
	return out, own
}

// sarifMessage is the alert text: what is wrong first (GitHub shows the first sentence as
// the title), then which resource, then for an undecided check what could not be read.
func sarifMessage(f *policies.Finding, rule *policies.Rule, res *policies.Resource) string {
	var b strings.Builder
	msg := neutralize(strings.TrimSpace(f.Message), false)
	switch f.Status {
	case policies.StatusUnknown:
		b.WriteString("Could not be decided: ")
		b.WriteString(nonEmpty(msg, "the facts this check needs were not collected"))
	case policies.StatusPass:
		b.WriteString("Passed: ")
		if rule != nil {
			b.WriteString(neutralize(rule.Title, false))
		} else {
			b.WriteString(nonEmpty(msg, f.RuleID))
		}
	default:
		b.WriteString(nonEmpty(msg, f.RuleID+" failed"))
	}
	endSentence(&b)
	b.WriteString(" Resource: ")
	b.WriteString(neutralize(nonEmpty(res.ID, "(unnamed)"), false))
	if res.AccountID != "" || res.Region != "" {
		b.WriteString(" (account ")
		b.WriteString(nonEmpty(res.AccountID, "unknown"))
		b.WriteString(", region ")
		b.WriteString(nonEmpty(res.Region, "global"))
		b.WriteString(")")
	}
	b.WriteString(".")
	if f.Status == policies.StatusUnknown && len(f.Errors) > 0 {
		b.WriteString(" Collection errors: ")
		for i, e := range f.Errors {
			if i == 5 {
				fmt.Fprintf(&b, "; and %d more", len(f.Errors)-i)
				break
			}
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(describeCollectionError(e))
		}
		b.WriteString(".")
	}
	return b.String()
}

func endSentence(b *strings.Builder) {
	s := b.String()
	if s == "" {
		return
	}
	switch s[len(s)-1] {
	case '.', '!', '?':
	default:
		b.WriteByte('.')
	}
}

func describeCollectionError(e inventory.CollectionError) string {
	where := e.Region
	if where == "" {
		where = "global"
	}
	if e.AccountID != "" {
		where = e.AccountID + "/" + where
	}
	s := fmt.Sprintf("%s (%s) returned %s", nonEmpty(e.Operation, e.Service), where, nonEmpty(e.Code, "an error"))
	if e.Resource != "" {
		s += " for " + e.Resource
	}
	if e.Message != "" {
		s += ": " + strings.TrimRight(e.Message, ". ")
	}
	return neutralize(s, false)
}

// findingLocation is where a result points: the resource's own location (its snapshot
// entry or .tf block), its Terraform source, or, as a last resort, line 1 of the scanned
// file. own is false for the last resort.
func findingLocation(r *policies.Report, res *policies.Resource) (file string, start, end int, own bool) {
	if l := res.Location; l != nil && strings.TrimSpace(l.File) != "" {
		start, end = lineSpan(l.StartLine, l.EndLine)
		return l.File, start, end, true
	}
	if src := res.Source; src != nil && strings.TrimSpace(src.File) != "" {
		start, end = lineSpan(src.StartLine, src.EndLine)
		return src.File, start, end, true
	}
	file = r.Snapshot.File
	if strings.TrimSpace(file) == "" {
		// Reports built in memory have no file; a URI must never be empty.
		file = "storewatch-snapshot.json"
	}
	return file, 1, 1, false
}

func lineSpan(start, end int) (int, int) {
	start = max(start, 1)
	return start, max(end, start)
}

var windowsDrive = regexp.MustCompile(`^[A-Za-z]:/`)

// fileURI turns a file path into a SARIF artifact URI: a relative path stays relative (so
// GitHub resolves it against the repository root), an absolute one becomes a file: URI.
func fileURI(p string) string {
	p = strings.ReplaceAll(p, `\`, "/")
	if strings.HasPrefix(p, "file:") {
		return p
	}
	abs := strings.HasPrefix(p, "/") || windowsDrive.MatchString(p)
	p = path.Clean(p)
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if windowsDrive.MatchString(s + "/") {
			continue
		}
		segs[i] = url.PathEscape(s)
	}
	esc := strings.Join(segs, "/")
	if abs {
		if !strings.HasPrefix(esc, "/") {
			esc = "/" + esc
		}
		return "file://" + esc
	}
	return strings.TrimPrefix(esc, "./")
}

// sarifLevel maps a severity to a SARIF level, the way GitHub colours alerts.
func sarifLevel(s policies.Severity) string {
	switch s {
	case policies.SeverityCritical, policies.SeverityHigh:
		return "error"
	case policies.SeverityMedium:
		return "warning"
	default:
		return "note"
	}
}

// sarifRule describes a rule with everything GitHub shows: descriptions, help with the
// remediation, the default level, the security severity and tags.
func sarifRule(r *policies.Rule) *sarif.ReportingDescriptor {
	d := sarif.NewRule(r.ID).
		WithName(ruleName(r)).
		WithShortDescription(sarif.NewMultiformatMessageString(truncateRunes(sentence(r.Title), sarifMaxDescription))).
		WithFullDescription(sarif.NewMultiformatMessageString(truncateRunes(sentence(nonEmpty(r.Description, r.Title)), sarifMaxDescription))).
		WithHelp(&sarif.MultiformatMessageString{Text: ptr(ruleHelpText(r)), Markdown: ptr(ruleHelpMarkdown(r))}).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(r.Severity)))
	if u := firstHTTPURL(r.References); u != "" {
		d.WithHelpURI(u)
	}
	score := r.SecuritySeverity
	if score <= 0 || score > 10 {
		score = r.Severity.DefaultSecuritySeverity()
	}
	props := sarif.Properties{
		"security-severity": strconv.FormatFloat(score, 'f', 1, 64),
		"tags":              ruleTags(r),
		"precision":         "very-high",
		"severity":          string(r.Severity),
	}
	if len(r.Frameworks) > 0 {
		props["frameworks"] = r.Frameworks
	}
	if r.Dimension != "" {
		props["dimension"] = r.Dimension
	}
	d.Properties = props
	return d
}

// ruleTags are "security", the service, then the framework controls (framework:control),
// at most ten.
func ruleTags(r *policies.Rule) []string {
	tags := []string{"security"}
	if r.Service != "" {
		tags = append(tags, r.Service)
	}
	fws := make([]string, 0, len(r.Frameworks))
	for fw := range r.Frameworks {
		fws = append(fws, fw)
	}
	slices.Sort(fws)
	for _, fw := range fws {
		for _, c := range r.Frameworks[fw] {
			tags = append(tags, fw+":"+c)
		}
	}
	seen := map[string]bool{}
	out := tags[:0]
	for _, t := range tags {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out[:min(len(out), sarifMaxTags)]
}

// ruleName is the rule's title as one Pascal-case word, the "friendly name" SARIF asks
// for: each word capitalised, the rest lower case (RDS → Rds), articles dropped.
func ruleName(r *policies.Rule) string {
	words := strings.FieldsFunc(strings.NewReplacer("'", "", "’", "").Replace(r.Title), func(c rune) bool {
		return !unicode.IsLetter(c) && !unicode.IsDigit(c)
	})
	var b strings.Builder
	for _, w := range words {
		switch strings.ToLower(w) {
		case "a", "an", "the":
			if len(words) > 1 {
				continue
			}
		}
		for i, c := range w {
			if i == 0 {
				b.WriteRune(unicode.ToUpper(c))
			} else {
				b.WriteRune(unicode.ToLower(c))
			}
		}
	}
	name := strings.TrimSuffix(truncateRunes(b.String(), sarifMaxName), "…")
	if name == "" {
		return "Rule" + strings.ReplaceAll(r.ID, "-", "")
	}
	return name
}

func ruleHelpText(r *policies.Rule) string {
	var b strings.Builder
	b.WriteString(sentence(nonEmpty(r.Description, r.Title)))
	b.WriteString("\n\nRemediation\n")
	if r.Remediation.Console != "" {
		b.WriteString("\nConsole: " + strings.TrimSpace(r.Remediation.Console) + "\n")
	}
	if r.Remediation.CLI != "" {
		b.WriteString("\nAWS CLI:\n" + strings.TrimSpace(r.Remediation.CLI) + "\n")
	}
	if r.Remediation.Terraform != "" {
		b.WriteString("\nTerraform:\n" + strings.TrimRight(r.Remediation.Terraform, "\n ") + "\n")
	}
	if fw := frameworkList(r); fw != "" {
		b.WriteString("\nFrameworks: " + fw + "\n")
	}
	if len(r.References) > 0 {
		b.WriteString("\nReferences:\n")
		for _, ref := range r.References {
			b.WriteString("- " + ref + "\n")
		}
	}
	return b.String()
}

func ruleHelpMarkdown(r *policies.Rule) string {
	var b strings.Builder
	b.WriteString(sentence(nonEmpty(r.Description, r.Title)))
	fmt.Fprintf(&b, "\n\n**Severity:** %s · **Service:** %s", r.Severity, nonEmpty(r.Service, "other"))
	if r.Dimension != "" {
		fmt.Fprintf(&b, " · **Monitoring dimension:** %s", r.Dimension)
	}
	b.WriteString("\n\n## Remediation\n")
	if r.Remediation.Console != "" {
		b.WriteString("\n**Console:** " + strings.TrimSpace(r.Remediation.Console) + "\n")
	}
	if r.Remediation.CLI != "" {
		b.WriteString("\n**AWS CLI:**\n\n" + codeBlock("sh", strings.TrimSpace(r.Remediation.CLI)))
	}
	if r.Remediation.Terraform != "" {
		b.WriteString("\n**Terraform:**\n\n" + codeBlock("hcl", strings.TrimRight(r.Remediation.Terraform, "\n ")))
	}
	if fw := frameworkList(r); fw != "" {
		b.WriteString("\n## Frameworks\n\n" + fw + "\n")
	}
	if len(r.References) > 0 {
		b.WriteString("\n## References\n\n")
		for _, ref := range r.References {
			b.WriteString("- " + ref + "\n")
		}
	}
	return b.String()
}

// codeBlock fences code with more backticks than it contains in a row, so that a snippet
// cannot close its own fence.
func codeBlock(lang, code string) string {
	longest, run := 0, 0
	for _, c := range code {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", max(3, longest+1))
	return fence + lang + "\n" + code + "\n" + fence + "\n"
}

func frameworkList(r *policies.Rule) string {
	fws := make([]string, 0, len(r.Frameworks))
	for fw := range r.Frameworks {
		fws = append(fws, fw)
	}
	slices.Sort(fws)
	parts := make([]string, 0, len(fws))
	for _, fw := range fws {
		parts = append(parts, fw+": "+strings.Join(r.Frameworks[fw], ", "))
	}
	return strings.Join(parts, "; ")
}

// sentence trims s and ends it with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	switch s[len(s)-1] {
	case '.', '!', '?':
		return s
	}
	return s + "."
}

func firstHTTPURL(refs []string) string {
	for _, ref := range refs {
		if u, err := url.Parse(ref); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
			return ref
		}
	}
	return ""
}

// toolVersion is the version as the tool reports it, without the tag's "v" (SARIF asks
// for a version that starts with a number, so versions can be compared).
func toolVersion(v string) string {
	v = strings.TrimSpace(v)
	if len(v) > 1 && v[0] == 'v' && v[1] >= '0' && v[1] <= '9' {
		v = v[1:]
	}
	return nonEmpty(v, "0.0.0-dev")
}

var semverPattern = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)

// semanticVersion turns the build's version into Semantic Versioning 2.0, which SARIF's
// semanticVersion requires: v1.2.3 → 1.2.3, a git describe or "dev" → 0.0.0-<it>.
func semanticVersion(v string) string {
	v = strings.TrimPrefix(strings.TrimSpace(v), "v")
	if semverPattern.MatchString(v) {
		return v
	}
	var b strings.Builder
	for _, c := range v {
		switch {
		case c < 0x80 && (unicode.IsLetter(c) || unicode.IsDigit(c)), c == '-':
			b.WriteRune(c)
		default:
			b.WriteByte('-')
		}
	}
	pre := strings.Trim(b.String(), "-")
	if pre == "" {
		return "0.0.0-dev"
	}
	return "0.0.0-" + pre
}

// sarifCategory is the category the automation ids start with: the one asked for, without
// surrounding blanks and slashes, else "storewatch". upload-sarif's own category input
// cannot replace it: the action fills automationDetails only in runs that have none.
func sarifCategory(asked string) string {
	c := strings.Trim(strings.TrimSpace(asked), "/")
	if strings.TrimSpace(c) == "" {
		return sarifCategoryPrefix
	}
	return c
}

// sanitizeCategory keeps an automation id segment to characters GitHub's category accepts
// without surprise: no slash (it separates the category from the run id).
func sanitizeCategory(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c < 0x80 && (unicode.IsLetter(c) || unicode.IsDigit(c)), c == '-', c == '_', c == '.':
			b.WriteRune(c)
		default:
			b.WriteByte('_')
		}
	}
	return nonEmpty(b.String(), "none")
}

func describeScope(kind, account string) string {
	switch kind {
	case inventory.SourceTerraformPlan:
		return "the Terraform plan for account " + account
	case inventory.SourceDemo:
		return "the demo account " + account
	}
	return "account " + account
}

// encodeSARIF encodes the document indented: with its results empty, the skeleton
// writeSARIFResults writes them into.
func encodeSARIF(doc *sarif.Report) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode sarif: %w", err)
	}
	return buf.Bytes(), nil
}

// gzipSizeOf measures what write writes, compressed as an upload would be. Fastest
// compression packs worse than what uploaders use, so the estimate errs on the safe side.
func gzipSizeOf(write func(io.Writer) error) (int, error) {
	var n countWriter
	zw, err := gzip.NewWriterLevel(&n, gzip.BestSpeed)
	if err != nil {
		return 0, fmt.Errorf("measure sarif: %w", err)
	}
	if err := write(zw); err != nil {
		return 0, fmt.Errorf("measure sarif: %w", err)
	}
	if err := zw.Close(); err != nil {
		return 0, fmt.Errorf("measure sarif: %w", err)
	}
	return int(n), nil
}

type countWriter int

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}

func nonEmpty(s, fallback string) string {
	if strings.TrimSpace(s) == "" {
		return fallback
	}
	return s
}

func ptr[T any](v T) *T { return &v }
