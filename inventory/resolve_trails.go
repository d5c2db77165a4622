package inventory

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Operations whose failure trail resolution turns into "unknown" rather than "no".
// Event sources whose management events record the control plane of each store type.
// DocumentDB and Neptune are managed through the RDS API.
var managementEventSource = map[string]string{
	TypeDBInstance:                  "rds.amazonaws.com",
	TypeDBCluster:                   "rds.amazonaws.com",
	TypeDocDBCluster:                "rds.amazonaws.com",
	TypeNeptuneCluster:              "rds.amazonaws.com",
	TypeDynamoDBTable:               "dynamodb.amazonaws.com",
	TypeS3Bucket:                    "s3.amazonaws.com",
	TypeRedshiftCluster:             "redshift.amazonaws.com",
	TypeRedshiftServerlessNamespace: "redshift-serverless.amazonaws.com",
	TypeElastiCacheReplicationGroup: "elasticache.amazonaws.com",
	TypeElastiCacheCacheCluster:     "elasticache.amazonaws.com",
	TypeOpenSearchDomain:            "es.amazonaws.com",
	TypeMemoryDBCluster:             "memorydb.amazonaws.com",
}

// rdsDataSource is the event source of RDS Data API calls. CloudTrail records them as
// management events, which a trail can exclude (ExcludeManagementEventSources).
const rdsDataSource = "rdsdata.amazonaws.com"

// resolveTrails derives trail, account, region and store posture from the trails. Every
// trail is parsed once; the trails that record an (account, region) are gathered once
// and shared by the stores there, so the cost is linear in trails plus stores (an
// organisation trail adds one entry per member account in the snapshot).
func resolveTrails(s *Snapshot, ix *index) {
	r := newTrailResolver(s, ix)
	for i := range s.Trails {
		r.trailPosture(&s.Trails[i], r.evals[i])
	}
	for i := range s.Accounts {
		r.accountPosture(&s.Accounts[i])
	}
	for i := range s.Regions {
		r.regionPosture(&s.Regions[i])
	}
	dataAPI := map[*Meta]bool{}
	for i := range s.DBClusters {
		if c := &s.DBClusters[i]; c.Type == TypeDBCluster && c.HTTPEndpointEnabled {
			dataAPI[&c.Meta] = true
		}
	}
	for i := range ix.stores {
		r.storePosture(&ix.stores[i], dataAPI[ix.stores[i].meta])
	}
}

// level is how much of a set of events a selector records.
type level int

const (
	levelNone level = iota
	levelPartial
	levelFull
)

// mgmtSelector is one selector's take on management events.
type mgmtSelector struct {
	read, write bool
	// sources are the eventSource conditions (a basic selector's exclusions become one
	// NotEquals condition).
	sources []FieldSelector
	// filters are the other conditions (eventName, ...): the selector records only some
	// management events.
	filters []string
}

// dataSelector is one selector's take on data events.
type dataSelector struct {
	read, write bool
	types       []FieldSelector
	arns        []FieldSelector
	filters     []string
}

// trailEval is what resolution learns about one trail, once.
type trailEval struct {
	t    *Trail
	name string
	home string
	// logging, multi and validated are yes, no or unknown.
	logging, multi, validated string
	// loggingWhy says why logging is unknown.
	loggingWhy string
	// selectorsWhy is set when the event selectors were not collected.
	selectorsWhy string
	mgmt         []mgmtSelector
	data         []dataSelector
}

// candidate is a trail that records a scope (an account and region), or may record it.
type candidate struct {
	te *trailEval
	// unsure says why the trail may not record the scope, "" when it does.
	unsure string
}

type trailResolver struct {
	s     *Snapshot
	ix    *index
	evals []*trailEval
	// multi lists, per account, the multi-Region trails that record it (its own and
	// organisation trails); single the single-Region ones, per account and home region.
	multi  map[string][]candidate
	single map[scopedName][]candidate
	// orgCovers lists, per account, the organisation trails of other accounts that
	// record it.
	orgCovers map[string][]*trailEval
	regional  map[scopedName][]candidate
	mgmtCache map[mgmtKey]*dirPair
}

type mgmtKey struct{ account, region, source string }

func newTrailResolver(s *Snapshot, ix *index) *trailResolver {
	r := &trailResolver{
		s: s, ix: ix,
		multi:     map[string][]candidate{},
		single:    map[scopedName][]candidate{},
		orgCovers: map[string][]*trailEval{},
		regional:  map[scopedName][]candidate{},
		mgmtCache: map[mgmtKey]*dirPair{},
	}
	byOrg := map[string][]string{}
	for _, a := range s.Accounts {
		if a.OrganizationID != "" {
			byOrg[a.OrganizationID] = append(byOrg[a.OrganizationID], a.ID)
		}
	}
	r.evals = make([]*trailEval, len(s.Trails))
	for i := range s.Trails {
		te := evalTrail(&s.Trails[i], ix)
		r.evals[i] = te
		for _, account := range r.recordedAccounts(te, byOrg) {
			c := candidate{te: te}
			if te.multi == StatusNo {
				k := scopedName{account, te.home, ""}
				r.single[k] = append(r.single[k], c)
			} else {
				r.multi[account] = append(r.multi[account], c)
			}
			if account != te.t.AccountID {
				r.orgCovers[account] = append(r.orgCovers[account], te)
			}
		}
	}
	return r
}

// recordedAccounts lists the accounts a trail records: its own, and for an organisation
// trail the member accounts of its organisation that are in the snapshot. The
// organisation is the owner's when the owner is in the snapshot, else that of an account
// that listed the trail, else the snapshot's only organisation: a trail owned outside the
// snapshot can only be in it because a scanned account listed it.
func (r *trailResolver) recordedAccounts(te *trailEval, byOrg map[string][]string) []string {
	t := te.t
	out := []string{t.AccountID}
	if !t.IsOrganizationTrail || slices.Contains(t.UnknownFields, "is_organization_trail") {
		return out
	}
	org := ""
	owner := r.ix.accounts[t.AccountID]
	if owner != nil {
		org = owner.OrganizationID
	}
	for _, a := range t.ListedBy {
		if acc := r.ix.accounts[a]; org == "" && acc != nil {
			org = acc.OrganizationID
		}
		out = append(out, a)
	}
	if org == "" && owner == nil && len(byOrg) == 1 {
		for o := range byOrg {
			org = o
		}
	}
	out = append(out, byOrg[org]...)
	if org == "" && owner == nil && len(t.ListedBy) == 0 && len(r.s.Accounts) == 1 {
		out = append(out, r.s.Accounts[0].ID)
	}
	return sortedUnique(out)
}

// evalTrail parses a trail's status and selectors.
func evalTrail(t *Trail, ix *index) *trailEval {
	te := &trailEval{t: t, name: t.Name, home: t.HomeRegion}
	if te.name == "" {
		te.name = t.ID
	}
	if te.home == "" {
		te.home = t.Region
	}
	unknownField := func(f string) bool { return slices.Contains(t.UnknownFields, f) }
	te.multi = yesNoUnknown(t.IsMultiRegion, unknownField("is_multi_region"))
	te.validated = yesNoUnknown(t.LogFileValidationEnabled, unknownField("log_file_validation_enabled"))
	if t.Status != nil && !unknownField("status") {
		te.logging = yesNo(t.Status.IsLogging)
	} else {
		te.logging = StatusUnknown
		te.loggingWhy = "the status of trail " + te.name + " was not collected" + errorNote(t, ix, te.home, opGetTrailStatus)
	}
	if unknownField("event_selectors") || unknownField("advanced_event_selectors") {
		te.selectorsWhy = "the event selectors of trail " + te.name + " are unknown until apply"
		return te
	}
	if hasError(t.Errors, opGetEventSelectors) || ix.failed(t.AccountID, te.home, opGetEventSelectors) {
		te.selectorsWhy = "the event selectors of trail " + te.name + " were not collected" + errorNote(t, ix, te.home, opGetEventSelectors)
		return te
	}
	for _, es := range t.EventSelectors {
		read, write := directions(es.ReadWriteType)
		if es.IncludeManagementEvents {
			m := mgmtSelector{read: read, write: write}
			if len(es.ExcludeManagementEventSources) > 0 {
				m.sources = []FieldSelector{{Field: "eventSource", NotEquals: es.ExcludeManagementEventSources}}
			}
			te.mgmt = append(te.mgmt, m)
		}
		for _, dr := range es.DataResources {
			if len(dr.Values) == 0 {
				continue
			}
			// CloudTrail treats basic data resource values as ARN prefixes.
			te.data = append(te.data, dataSelector{
				read: read, write: write,
				types: []FieldSelector{{Field: "resources.type", Equals: []string{dr.Type}}},
				arns:  []FieldSelector{{Field: "resources.ARN", StartsWith: dr.Values}},
			})
		}
	}
	for _, as := range t.AdvancedEventSelectors {
		var category, readOnly, sources, types, arns []FieldSelector
		var filters []string
		for _, f := range as.FieldSelectors {
			switch f.Field {
			case "eventCategory":
				category = append(category, f)
			case "readOnly":
				readOnly = append(readOnly, f)
			case "eventSource":
				sources = append(sources, f)
			case "resources.type":
				types = append(types, f)
			case "resources.ARN":
				arns = append(arns, f)
			default:
				filters = append(filters, f.describe())
			}
		}
		if len(category) == 0 {
			continue
		}
		read, write := matchAll(readOnly, "true"), matchAll(readOnly, "false")
		if matchAll(category, "Management") {
			te.mgmt = append(te.mgmt, mgmtSelector{read: read, write: write, sources: sources, filters: filters})
		}
		if matchAll(category, "Data") {
			df := filters
			for _, f := range sources {
				df = append(df, f.describe())
			}
			te.data = append(te.data, dataSelector{read: read, write: write, types: types, arns: arns, filters: df})
		}
	}
	return te
}

func directions(readWriteType string) (read, write bool) {
	switch readWriteType {
	case "ReadOnly":
		return true, false
	case "WriteOnly":
		return false, true
	}
	return true, true
}

// mgmtLevels says how much of the management events of an event source the trail records
// per direction; source "" means every source, where exclusions still count as all (the
// trail's ExcludedEventSources report them).
func (te *trailEval) mgmtLevels(source string) (read, write level, why string) {
	for i := range te.mgmt {
		m := &te.mgmt[i]
		lv, w := m.level(source)
		if m.read && lv > read {
			read = lv
		}
		if m.write && lv > write {
			write = lv
		}
		if w != "" && why == "" {
			why = w
		}
	}
	return read, write, why
}

func (m *mgmtSelector) level(source string) (level, string) {
	if source == "" {
		for i := range m.sources {
			if m.sources[i].positive() {
				return levelPartial, "records only the management events with " + m.sources[i].describe()
			}
		}
	} else if !matchAll(m.sources, source) {
		return levelNone, ""
	}
	if len(m.filters) > 0 {
		return levelPartial, "records only the management events with " + strings.Join(m.filters, " and ")
	}
	return levelFull, ""
}

// dataLevels says how much of a store's data events the trail records per direction.
func (te *trailEval) dataLevels(tg dataEventTarget) (read, write level, why string) {
	for i := range te.data {
		d := &te.data[i]
		lv, w := d.level(tg)
		if d.read && lv > read {
			read = lv
		}
		if d.write && lv > write {
			write = lv
		}
		if w != "" && why == "" {
			why = w
		}
	}
	return read, write, why
}

func (d *dataSelector) level(tg dataEventTarget) (level, string) {
	if !matchAll(d.types, tg.resourceType) {
		return levelNone, ""
	}
	lv := levelFull
	for i := range d.arns {
		lv = min(lv, d.arns[i].targetLevel(tg))
	}
	if lv == levelNone {
		return levelNone, ""
	}
	var why []string
	if lv == levelPartial {
		for i := range d.arns {
			why = append(why, d.arns[i].describe())
		}
	}
	if len(d.filters) > 0 {
		lv = levelPartial
		why = append(why, d.filters...)
	}
	if lv == levelPartial {
		return lv, "records only the " + tg.resourceType + " data events with " + strings.Join(why, " and ")
	}
	return lv, ""
}

// isPrefix reports whether the target stands for every ARN under a prefix (the objects of
// a bucket) rather than one ARN (a table, a cluster).
func (tg dataEventTarget) isPrefix() bool {
	return tg.resourceType == "AWS::S3::Object" || strings.HasSuffix(tg.arn, "/")
}

// targetLevel says how much of a target's events pass a resources.ARN condition.
func (f *FieldSelector) targetLevel(tg dataEventTarget) level {
	if !tg.isPrefix() {
		if f.matches(tg.arn) {
			return levelFull
		}
		return levelNone
	}
	return f.prefixLevel(tg.arn)
}

// prefixLevel says how much of the set of values that start with p pass every operator:
// all of them, some of them (an object key prefix, a suffix, an exception) or none.
func (f *FieldSelector) prefixLevel(p string) level {
	lv := levelFull
	within := func(x string) bool { return strings.HasPrefix(x, p) }
	covers := func(x string) bool { return strings.HasPrefix(p, x) }
	if len(f.Equals) > 0 {
		if !slices.ContainsFunc(f.Equals, within) {
			return levelNone
		}
		lv = levelPartial
	}
	if len(f.StartsWith) > 0 && !slices.ContainsFunc(f.StartsWith, covers) {
		if !slices.ContainsFunc(f.StartsWith, within) {
			return levelNone
		}
		lv = levelPartial
	}
	if slices.ContainsFunc(f.NotStartsWith, covers) {
		return levelNone
	}
	if len(f.EndsWith) > 0 || len(f.NotEndsWith) > 0 ||
		slices.ContainsFunc(f.NotEquals, within) || slices.ContainsFunc(f.NotStartsWith, within) {
		lv = levelPartial
	}
	return lv
}

// matches reports whether one value passes every operator of the condition.
func (f *FieldSelector) matches(v string) bool {
	prefixOf := func(x string) bool { return strings.HasPrefix(v, x) }
	suffixOf := func(x string) bool { return strings.HasSuffix(v, x) }
	switch {
	case len(f.Equals) > 0 && !slices.Contains(f.Equals, v),
		len(f.StartsWith) > 0 && !slices.ContainsFunc(f.StartsWith, prefixOf),
		len(f.EndsWith) > 0 && !slices.ContainsFunc(f.EndsWith, suffixOf),
		slices.Contains(f.NotEquals, v),
		slices.ContainsFunc(f.NotStartsWith, prefixOf),
		slices.ContainsFunc(f.NotEndsWith, suffixOf):
		return false
	}
	return true
}

// positive reports whether the condition selects values (rather than only excluding some).
func (f *FieldSelector) positive() bool {
	return len(f.Equals) > 0 || len(f.StartsWith) > 0 || len(f.EndsWith) > 0
}

// exclusions lists what a negative condition leaves out.
func (f *FieldSelector) exclusions() []string {
	out := slices.Clone(f.NotEquals)
	for _, x := range f.NotStartsWith {
		out = append(out, x+"*")
	}
	for _, x := range f.NotEndsWith {
		out = append(out, "*"+x)
	}
	return out
}

func (f *FieldSelector) describe() string {
	var parts []string
	add := func(op string, vs []string) {
		if len(vs) > 0 {
			parts = append(parts, f.Field+" "+op+" ["+strings.Join(vs, ", ")+"]")
		}
	}
	add("Equals", f.Equals)
	add("StartsWith", f.StartsWith)
	add("EndsWith", f.EndsWith)
	add("NotEquals", f.NotEquals)
	add("NotStartsWith", f.NotStartsWith)
	add("NotEndsWith", f.NotEndsWith)
	if len(parts) == 0 {
		return f.Field
	}
	return strings.Join(parts, " and ")
}

func matchAll(conds []FieldSelector, v string) bool {
	for i := range conds {
		if !conds[i].matches(v) {
			return false
		}
	}
	return true
}

// dirAcc gathers, for one direction (read or write) of one set of events, the trails
// that record it and why it is not, or may not be, recorded.
type dirAcc struct {
	by []*trailEval
	// maybe are the trails that might record it (nil for a trail that could not be
	// listed), with the reason the snapshot cannot say.
	maybe []maybeEntry
	// notes explain a "no".
	notes []string
}

type maybeEntry struct {
	te  *trailEval
	why string
}

type dirPair struct{ read, write dirAcc }

func (a *dirAcc) add(c candidate, lv level, why string) {
	te := c.te
	switch {
	case te.logging == StatusNo:
		if lv > levelNone || te.selectorsWhy != "" {
			a.notes = append(a.notes, "trail "+te.name+" is not logging")
		}
	case te.selectorsWhy != "":
		a.maybe = append(a.maybe, maybeEntry{te, te.selectorsWhy})
	case lv == levelFull && te.logging == StatusYes && c.unsure == "":
		a.by = append(a.by, te)
	case lv == levelFull:
		a.maybe = append(a.maybe, maybeEntry{te, cmpOr(c.unsure, te.loggingWhy)})
	case lv == levelPartial:
		a.notes = append(a.notes, "trail "+te.name+" "+why)
	}
}

func (a *dirAcc) unknownScope(why string) {
	a.maybe = append(a.maybe, maybeEntry{nil, why})
}

// coverage turns what was gathered into a verdict; missing describes a "no".
func (a *dirAcc) coverage(missing string) Coverage {
	if len(a.by) > 0 {
		ids := make([]string, 0, len(a.by))
		for _, te := range a.by {
			ids = append(ids, te.t.ID)
		}
		return Coverage{Status: StatusYes, By: sortedUnique(ids)}
	}
	if len(a.maybe) > 0 {
		whys := make([]string, 0, len(a.maybe))
		for _, m := range a.maybe {
			whys = append(whys, m.why)
		}
		return Coverage{Status: StatusUnknown, Reason: joinReasons(whys)}
	}
	if len(a.notes) > 0 {
		missing += ": " + joinReasons(a.notes)
	}
	return Coverage{Status: StatusNo, Reason: missing}
}

// both combines the read and write coverage of one set of events: it is recorded when
// both directions are, by one trail or by two.
func both(read, write Coverage, what string) Coverage {
	switch {
	case read.Status == StatusYes && write.Status == StatusYes:
		return Coverage{Status: StatusYes, By: sortedUnique(append(slices.Clone(read.By), write.By...))}
	case read.Status == StatusYes && write.Status == StatusNo:
		return Coverage{Status: StatusNo, Reason: "only read-only " + what + " are recorded (by " + strings.Join(read.By, ", ") + "); write events: " + write.Reason}
	case write.Status == StatusYes && read.Status == StatusNo:
		return Coverage{Status: StatusNo, Reason: "only write " + what + " are recorded (by " + strings.Join(write.By, ", ") + "); read-only events: " + read.Reason}
	case read.Status == StatusNo:
		return Coverage{Status: StatusNo, Reason: read.Reason}
	case write.Status == StatusNo:
		return Coverage{Status: StatusNo, Reason: write.Reason}
	case read.Status == StatusUnknown:
		return Coverage{Status: StatusUnknown, Reason: read.Reason}
	}
	return Coverage{Status: StatusUnknown, Reason: write.Reason}
}

// candidates lists the trails that record an account's events in a region.
func (r *trailResolver) candidates(account, region string) []candidate {
	k := scopedName{account, region, ""}
	if c, ok := r.regional[k]; ok {
		return c
	}
	var out []candidate
	for _, c := range r.multi[account] {
		if c.te.multi == StatusUnknown && c.te.home != region {
			c.unsure = "whether trail " + c.te.name + " is multi-Region is unknown until apply"
		}
		out = append(out, c)
	}
	out = append(out, r.single[k]...)
	r.regional[k] = out
	return out
}

// listingFailed returns why the trails of an account in a region are not all known, or "".
func (r *trailResolver) listingFailed(account, region string) string {
	if r.ix.failed(account, region, opDescribeTrails) {
		where := region
		if where == "" {
			where = "every region"
		}
		return r.ix.unlisted("the trails of account "+account+" in "+where, account, region, opDescribeTrails)
	}
	return ""
}

// management returns the management-event coverage of a source (or of every source, "")
// in an account and region, computed once per (account, region, source).
func (r *trailResolver) management(account, region, source string) *dirPair {
	k := mgmtKey{account, region, source}
	if p, ok := r.mgmtCache[k]; ok {
		return p
	}
	p := &dirPair{}
	if why := r.listingFailed(account, region); why != "" {
		p.read.unknownScope(why)
		p.write.unknownScope(why)
	}
	for _, c := range r.candidates(account, region) {
		read, write, why := c.te.mgmtLevels(source)
		p.read.add(c, read, why)
		p.write.add(c, write, why)
	}
	r.mgmtCache[k] = p
	return p
}

func (r *trailResolver) trailPosture(t *Trail, te *trailEval) {
	p := TrailPosture{
		Logging:       te.logging,
		KMSKeyManager: r.ix.kmsKeyManager(t.KMSKeyID, t.AccountID, te.home),
		KMSKeyState:   r.ix.kmsKeyState(t.KMSKeyID, t.AccountID, te.home),
		Bucket:        r.trailBucket(t),
	}
	if te.selectorsWhy != "" {
		p.ManagementEvents = StatusUnknown
	} else {
		read, write, _ := te.mgmtLevels("")
		switch {
		case read == levelFull && write == levelFull:
			p.ManagementEvents = "all"
		case read == levelFull:
			p.ManagementEvents = "read"
		case write == levelFull:
			p.ManagementEvents = "write"
		default:
			p.ManagementEvents = "none"
		}
		p.ExcludedEventSources = te.excludedSources()
		for _, m := range te.mgmt {
			for i := range m.sources {
				if m.sources[i].positive() {
					p.ManagementEventsFilters = append(p.ManagementEventsFilters, m.sources[i].describe())
				}
			}
			p.ManagementEventsFilters = append(p.ManagementEventsFilters, m.filters...)
		}
		p.ManagementEventsFilters = sortedUnique(p.ManagementEventsFilters)
	}
	if arn := t.CloudWatchLogsLogGroupARN; arn != "" {
		account, region, name := logGroupFromARN(arn, t.AccountID, te.home)
		p.LogGroup = r.ix.logGroupSummary(account, region, name)
	}
	if st := t.Status; st != nil {
		at := r.statusTime(t)
		p.LatestDeliveryAgeHours = ageHours(at, st.LatestDeliveryTime)
		p.LatestDigestDeliveryAgeHours = ageHours(at, st.LatestDigestDeliveryTime)
		p.LatestCloudWatchLogsDeliveryAgeHours = ageHours(at, st.LatestCloudWatchLogsDeliveryTime)
	}
	t.Posture = p
}

// statusTime is when a trail's status was read: when its owner's facts were collected, or,
// for a trail owned outside the snapshot, when the latest of the accounts that listed it
// was (scanner merge keeps that account's copy).
func (r *trailResolver) statusTime(t *Trail) time.Time {
	if r.ix.accounts[t.AccountID] != nil {
		return r.ix.collectedAt(t.AccountID)
	}
	var at time.Time
	for _, id := range t.ListedBy {
		if when := r.ix.collectedAt(id); r.ix.accounts[id] != nil && when.After(at) {
			at = when
		}
	}
	if at.IsZero() {
		return r.ix.snapshotTime
	}
	return at
}

// excludedSources lists the management event sources left out of a direction the trail
// otherwise records in full: a source excluded by one selector but recorded by another
// is not excluded.
func (te *trailEval) excludedSources() []string {
	var out []string
	for _, dir := range []func(*mgmtSelector) bool{
		func(m *mgmtSelector) bool { return m.read },
		func(m *mgmtSelector) bool { return m.write },
	} {
		var excluded []string
		first := true
		for i := range te.mgmt {
			m := &te.mgmt[i]
			if lv, _ := m.level(""); !dir(m) || lv != levelFull {
				continue
			}
			var mine []string
			for j := range m.sources {
				mine = append(mine, m.sources[j].exclusions()...)
			}
			if first {
				excluded, first = mine, false
				continue
			}
			excluded = slices.DeleteFunc(excluded, func(x string) bool { return !slices.Contains(mine, x) })
		}
		out = append(out, excluded...)
	}
	return sortedUnique(out)
}

// logGroupFromARN splits arn:partition:logs:region:account:log-group:name[:*]; a value
// that is not such an ARN is taken as a group name in the trail's account and region.
func logGroupFromARN(arn, account, region string) (groupAccount, groupRegion, name string) {
	parts := strings.Split(arn, ":")
	if len(parts) >= 7 && parts[0] == "arn" && parts[2] == "logs" && parts[5] == "log-group" {
		return parts[4], parts[3], parts[6]
	}
	return account, region, arn
}

func ageHours(at time.Time, t *time.Time) *float64 {
	if t == nil || at.IsZero() {
		return nil
	}
	h := math.Round(max(at.Sub(*t).Hours(), 0)*10) / 10
	return &h
}

// OpsAccountPublicAccessBlock names the read of an account's S3 Block Public Access: the
// IAM action first, then the API name a collector may record instead.
var OpsAccountPublicAccessBlock = []string{"s3:GetAccountPublicAccessBlock", "s3control:GetPublicAccessBlock"}

// Operation names of the S3 reads behind a trail bucket's posture. Both the IAM action
// and the API name are accepted, as collectors may record either.
var (
	opsBucketLogging    = []string{"s3:GetBucketLogging"}
	opsBucketACL        = []string{"s3:GetBucketAcl"}
	opsBucketPolicy     = []string{"s3:GetBucketPolicyStatus"}
	opsBucketPAB        = []string{"s3:GetBucketPublicAccessBlock", "s3:GetPublicAccessBlock"}
	opsBucketVersioning = []string{"s3:GetBucketVersioning"}
	opsBucketObjectLock = []string{"s3:GetBucketObjectLockConfiguration", "s3:GetObjectLockConfiguration"}
	opsBucketLifecycle  = []string{"s3:GetLifecycleConfiguration", "s3:GetBucketLifecycleConfiguration"}
)

// trailBucket describes the bucket a trail delivers to. A bucket missing from the snapshot
// may belong to another account (a central log archive): its facts are unknown, never "no".
func (r *trailResolver) trailBucket(t *Trail) TrailBucketPosture {
	p := TrailBucketPosture{
		Name: t.S3BucketName, Found: StatusUnknown, AccessLogging: StatusUnknown, Public: StatusUnknown,
		Versioning: StatusUnknown, MFADelete: StatusUnknown, ObjectLock: StatusUnknown, Lifecycle: StatusUnknown,
	}
	prefix, exact := r.trailLogPrefix(t)
	p.LogPrefix = prefix
	b := r.ix.buckets[t.S3BucketName]
	if t.S3BucketName == "" || b == nil {
		return p
	}
	p.Found = StatusYes
	failed := func(ops []string) bool {
		for _, op := range ops {
			if hasError(b.Errors, op) || r.ix.failed(b.AccountID, b.Region, op) {
				return true
			}
		}
		return false
	}
	unknownField := func(f string) bool { return slices.Contains(b.UnknownFields, f) }
	if !failed(opsBucketLogging) && !unknownField("logging") {
		p.AccessLogging = yesNo(b.Logging != nil)
	}
	if !failed(opsBucketVersioning) {
		if !unknownField("versioning") {
			p.Versioning = yesNo(b.Versioning == "Enabled")
		}
		if !unknownField("mfa_delete") {
			p.MFADelete = yesNo(b.MFADelete)
		}
	}
	if !failed(opsBucketObjectLock) && !unknownField("object_lock") {
		p.ObjectLock = yesNo(b.ObjectLock)
	}
	switch {
	case failed(opsBucketLifecycle):
		p.LifecycleReason = "the bucket's lifecycle configuration could not be read"
	case unknownField("lifecycle_expiration_days") || unknownField("lifecycle_rules"):
		p.LifecycleReason = "the bucket's lifecycle rules are known only after apply"
	default:
		ret := logRetention(b, prefix, exact, r.ix.collectedAt(b.AccountID))
		p.Lifecycle, p.RetentionDays, p.LifecycleReason = ret.status, ret.days, ret.reason
		p.MayExpireDays = ret.mayExpireDays
		if !ret.expiredSince.IsZero() {
			p.ExpiredSince = ret.expiredSince.Format(time.RFC3339)
		}
		if !ret.nextDate.IsZero() {
			p.NextExpirationDate, p.DaysToNextExpiration = ret.nextDate.Format(time.RFC3339), &ret.nextDays
		}
	}
	p.Public = r.bucketPublic(b, failed)
	return p
}

// trailLogPrefix is the key prefix a trail's log, digest and Insights files land under:
// S3KeyPrefix/AWSLogs/ACCOUNT/, or S3KeyPrefix/AWSLogs/ORG-ID/ for an organisation trail
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html).
// exact is false when only its start is known: a plan leaves the prefix, the account or
// whether the trail is an organisation's unknown, or the organisation is not in the
// snapshot.
func (r *trailResolver) trailLogPrefix(t *Trail) (string, bool) {
	if slices.Contains(t.UnknownFields, "s3_key_prefix") {
		return "", false
	}
	base := "AWSLogs/"
	if t.S3KeyPrefix != "" {
		base = t.S3KeyPrefix + "/AWSLogs/"
	}
	if slices.Contains(t.UnknownFields, "is_organization_trail") {
		return base, false
	}
	owner := t.AccountID
	if t.IsOrganizationTrail {
		owner = ""
		if acc := r.ix.accounts[t.AccountID]; acc != nil {
			owner = acc.OrganizationID
		}
		for _, a := range t.ListedBy {
			if acc := r.ix.accounts[a]; owner == "" && acc != nil {
				owner = acc.OrganizationID
			}
		}
	} else if !accountIDPattern.MatchString(owner) {
		// A plan's account, known only from the credentials that apply it.
		owner = ""
	}
	if owner == "" {
		return base, false
	}
	return base + owner + "/", true
}

var accountIDPattern = regexp.MustCompile(`^[0-9]{12}$`)

// retention is what a bucket's lifecycle rules say of how long a trail's log files are
// kept: see TrailBucketPosture.
type retention struct {
	status string
	days   int
	// expiredSince is the earliest passed expiration date, nextDate the earliest to come,
	// both zero for none.
	expiredSince, nextDate time.Time
	// nextDays is nextDate's whole days after the collection time.
	nextDays int
	// mayExpireDays: see TrailBucketPosture.MayExpireDays.
	mayExpireDays int
	reason        string
}

// logRetention judges a bucket's lifecycle rules against the key prefix a trail's files
// land under: yes when an enabled rule expires all of them after a number of days, with the
// shortest expiration of the enabled rules that expire all or some of them. A rule on
// another prefix keeps nothing of the trail's, and a disabled one keeps nothing at all.
//
// An expiration date cannot be stated in days: from that date on S3 deletes every object
// the rule holds, however new. A date already passed at the collection time (at) therefore
// deletes the trail's files as soon as S3 runs, within about a day of delivery: that is a
// known fact, recorded as expiredSince for the rule to fail. A date still to come keeps
// each file only until then, however recently it arrived: a file delivered at collection
// is kept at most the whole days left (nextDays), recorded for the rule to fail when they
// are too few. However many, the date will still come and cut every file's retention
// short, so the lifecycle is unknown, never yes.
func logRetention(b *S3Bucket, prefix string, exact bool, at time.Time) retention {
	if len(b.LifecycleRules) == 0 {
		if b.LifecycleExpirationDays > 0 {
			// A snapshot written before rules were recorded: a rule expires objects, but
			// which ones it does not say.
			return retention{status: StatusUnknown, reason: "the snapshot records a lifecycle expiration but not which objects its rules hold"}
		}
		return retention{status: StatusNo}
	}
	var ret retention
	// covered: a rule known to hold every file expires them after days. mayCover: a rule
	// may hold every file (a prefix below an unknown part, a size filter not known).
	// dates: the rules holding some of the files whose date is to come or cannot be read;
	// dateAll: one of them holds every file, bounding how long all are kept.
	covered, dateAll := false, false
	var mayCover, dates []string
	// later are the rules that may hold the trail's files and expire them (after days, or
	// on a date when days is 0), to be weighed against the retention the others give.
	type laterRule struct {
		why  string
		days int
	}
	var later []laterRule
	for _, rule := range b.LifecycleRules {
		if !rule.Enabled || (rule.ExpirationDays <= 0 && rule.ExpirationDate == "") {
			continue
		}
		all := false
		switch {
		case strings.HasPrefix(prefix, rule.Prefix):
			// Every file of the trail is under the rule's prefix; a size filter still
			// leaves some of them out.
			all = !rule.SizeFiltered
		case !strings.HasPrefix(rule.Prefix, prefix):
			// Another part of the bucket.
			continue
		case exact:
			// Some of the trail's files (one region's, one member account's): they go
			// sooner, but the rest are not kept by it.
		default:
			// Below the part of the prefix known only later: it may hold all, some or
			// none of the trail's files.
			why := ruleName(rule) + " on " + strconv.Quote(rule.Prefix) + " may hold the trail's files, whose key prefix is known only in part"
			if !rule.Tagged {
				mayCover = append(mayCover, why)
			}
			later = append(later, laterRule{why + ", " + expiresText(rule), rule.ExpirationDays})
			continue
		}
		if rule.Tagged {
			// CloudTrail tags none of the files it delivers, but anyone allowed
			// s3:PutObjectTagging on the bucket may tag them later: the rule keeps none of
			// them, and may still delete them sooner.
			later = append(later, laterRule{ruleName(rule) + " expires the trail's files once they carry its tags, which anyone allowed s3:PutObjectTagging can add, " +
				expiresText(rule), rule.ExpirationDays})
			continue
		}
		if rule.ExpirationDate != "" {
			switch d, err := time.Parse(time.RFC3339, rule.ExpirationDate); {
			case err != nil:
				dates = append(dates, ruleName(rule)+" expires objects on a date that cannot be read ("+strconv.Quote(rule.ExpirationDate)+")")
				dateAll = dateAll || all
			case !at.IsZero() && !d.After(at):
				if ret.expiredSince.IsZero() || d.Before(ret.expiredSince) {
					ret.expiredSince = d.UTC()
				}
			default:
				dates = append(dates, ruleName(rule)+" deletes every object it holds on "+d.UTC().Format(time.DateOnly)+
					", however new: how many days the trail's files are kept cannot be stated in days")
				dateAll = dateAll || all
				if !at.IsZero() && (ret.nextDate.IsZero() || d.Before(ret.nextDate)) {
					ret.nextDate, ret.nextDays = d.UTC(), int(d.Sub(at)/(24*time.Hour))
				}
			}
		}
		if rule.ExpirationDays > 0 {
			ret.days = shorter(ret.days, rule.ExpirationDays)
			switch {
			case all && rule.SizeUnknown:
				mayCover = append(mayCover, "whether "+ruleName(rule)+" selects objects by size is not known: "+
					"a plan reads an existing bucket's rules from aws_s3_bucket's lifecycle_rule, which has no size fields")
			case all:
				covered = true
			}
		}
	}
	reasons := slices.Clone(dates)
	if !covered {
		reasons = append(reasons, mayCover...)
	} else {
		// Sooner rules that expire after days leave the retention between their days and
		// the others': mayExpireDays says how short, for a rule that needs less.
		onlyDays := len(dates) == 0
		for _, l := range later {
			if l.days == 0 || l.days < ret.days {
				reasons = append(reasons, l.why+", sooner than the "+strconv.Itoa(ret.days)+" days the other rules give")
				onlyDays = onlyDays && l.days > 0
				if l.days > 0 {
					ret.mayExpireDays = shorter(ret.mayExpireDays, l.days)
				}
			}
		}
		if !onlyDays {
			ret.mayExpireDays = 0
		}
	}
	switch {
	case covered && len(reasons) == 0:
		ret.status = StatusYes
	case covered || dateAll || len(mayCover) > 0:
		ret.status = StatusUnknown
		ret.reason = strings.Join(sortedUnique(reasons), "; ")
	default:
		ret.status = StatusNo
	}
	return ret
}

// expiresText says when a rule expires objects.
func expiresText(r LifecycleRule) string {
	if r.ExpirationDate != "" {
		return "on " + r.ExpirationDate
	}
	return "after " + strconv.Itoa(r.ExpirationDays) + " days"
}

// ruleName names a lifecycle rule for a reason.
func ruleName(r LifecycleRule) string {
	if r.ID == "" {
		return "a lifecycle rule without id"
	}
	return "lifecycle rule " + strconv.Quote(r.ID)
}

// shorter is the smaller of two day counts, where 0 is none.
func shorter(a, b int) int {
	if a == 0 || (b > 0 && b < a) {
		return b
	}
	return a
}

// bucketPublic says whether a bucket is public through its ACL or policy, after the bucket
// and account public access blocks.
func (r *trailResolver) bucketPublic(b *S3Bucket, failed func([]string) bool) string {
	var ignoreACLs, restrictPolicy bool
	blockKnown := !failed(opsBucketPAB)
	if pab := b.PublicAccessBlock; pab != nil {
		ignoreACLs, restrictPolicy = pab.IgnorePublicACLs, pab.RestrictPublicBuckets
	}
	if acc := r.ix.accounts[b.AccountID]; acc != nil {
		if slices.ContainsFunc(OpsAccountPublicAccessBlock, func(op string) bool {
			return r.ix.failed(b.AccountID, "", op) || r.ix.failed(b.AccountID, b.Region, op)
		}) {
			blockKnown = false
		} else if pab := acc.S3PublicAccessBlock; pab != nil {
			ignoreACLs = ignoreACLs || pab.IgnorePublicACLs
			restrictPolicy = restrictPolicy || pab.RestrictPublicBuckets
		}
	}
	part := func(public *bool, ops []string, blocked bool) string {
		switch {
		case blocked:
			return StatusNo
		case public == nil || failed(ops):
			return StatusUnknown
		case *public && !blockKnown:
			return StatusUnknown
		}
		return yesNo(*public)
	}
	acl := part(b.ACLPublic, opsBucketACL, ignoreACLs)
	policy := part(b.PolicyPublic, opsBucketPolicy, restrictPolicy)
	switch {
	case acl == StatusYes || policy == StatusYes:
		return StatusYes
	case acl == StatusNo && policy == StatusNo:
		return StatusNo
	}
	return StatusUnknown
}

func (r *trailResolver) accountPosture(a *Account) {
	var scope []string
	for _, region := range append([]string{""}, a.Regions...) {
		if why := r.listingFailed(a.ID, region); why != "" {
			scope = append(scope, why)
		}
	}
	cands := make([]candidate, 0, len(r.multi[a.ID]))
	for _, c := range r.multi[a.ID] {
		if c.te.multi == StatusUnknown {
			c.unsure = "whether trail " + c.te.name + " is multi-Region is unknown until apply"
		}
		cands = append(cands, c)
	}
	var singles []string
	for _, region := range a.Regions {
		for _, c := range r.single[scopedName{a.ID, region, ""}] {
			singles = append(singles, "trail "+c.te.name+" records only "+c.te.home)
		}
	}
	var read, write dirAcc
	for _, why := range scope {
		read.unknownScope(why)
		write.unknownScope(why)
	}
	for _, c := range cands {
		lr, lw, why := c.te.mgmtLevels("")
		read.add(c, lr, why)
		write.add(c, lw, why)
	}
	read.notes = append(read.notes, singles...)
	write.notes = append(write.notes, singles...)
	missing := "no logging multi-Region trail records the account's management events"
	a.Posture.MultiRegionTrail = both(read.coverage(missing), write.coverage(missing), "management events")
	a.Posture.SecurityTrail = securityTrail(cands, scope)

	partition := cmpOr(a.Partition, "aws")
	all := dataEventTarget{resourceType: "AWS::S3::Object", arn: "arn:" + partition + ":s3:::"}
	var dr, dw dirAcc
	for _, why := range scope {
		dr.unknownScope(why)
		dw.unknownScope(why)
	}
	for _, c := range cands {
		lr, lw, why := c.te.dataLevels(all)
		dr.add(c, lr, why)
		dw.add(c, lw, why)
	}
	missingData := "no logging multi-Region trail records S3 object-level data events of all buckets"
	a.Posture.S3DataEvents = DataEventCoverage{Read: dr.coverage(missingData), Write: dw.coverage(missingData)}

	var org []string
	for _, te := range r.orgCovers[a.ID] {
		if te.logging == StatusYes {
			org = append(org, te.t.ID)
		}
	}
	a.Posture.CoveredByOrganizationTrail = sortedUnique(org)
}

// securityTrail looks for one trail that is multi-Region, logging, validates log files, is
// encrypted with KMS and records every management event (AWS Config
// cloudtrail-security-trail-enabled). Unlike coverage, two trails never combine here.
func securityTrail(cands []candidate, scope []string) Coverage {
	var acc dirAcc
	for _, why := range scope {
		acc.unknownScope(why)
	}
	for _, c := range cands {
		te := c.te
		var problems, unknowns []string
		if c.unsure != "" {
			unknowns = append(unknowns, c.unsure)
		}
		switch te.logging {
		case StatusNo:
			problems = append(problems, "is not logging")
		case StatusUnknown:
			unknowns = append(unknowns, te.loggingWhy)
		}
		switch te.validated {
		case StatusNo:
			problems = append(problems, "does not validate log files")
		case StatusUnknown:
			unknowns = append(unknowns, "whether trail "+te.name+" validates log files is unknown until apply")
		}
		switch {
		case slices.Contains(te.t.UnknownFields, "kms_key_id"):
			unknowns = append(unknowns, "the KMS key of trail "+te.name+" is unknown until apply")
		case te.t.KMSKeyID == "":
			problems = append(problems, "is not encrypted with a KMS key")
		}
		if te.selectorsWhy != "" {
			unknowns = append(unknowns, te.selectorsWhy)
		} else {
			if read, write, _ := te.mgmtLevels(""); read != levelFull || write != levelFull {
				problems = append(problems, "does not record all read and write management events")
			}
			if ex := te.excludedSources(); len(ex) > 0 {
				problems = append(problems, "excludes "+strings.Join(ex, ", "))
			}
		}
		switch {
		case len(problems) > 0:
			acc.notes = append(acc.notes, "trail "+te.name+" "+strings.Join(problems, ", "))
		case len(unknowns) > 0:
			for _, why := range unknowns {
				acc.maybe = append(acc.maybe, maybeEntry{te, why})
			}
		default:
			acc.by = append(acc.by, te)
		}
	}
	return acc.coverage("no multi-Region trail is logging, validated, KMS-encrypted and records every management event")
}

func (r *trailResolver) regionPosture(rs *RegionScope) {
	cands := r.candidates(rs.AccountID, rs.Region)
	var logging []string
	maybe := r.listingFailed(rs.AccountID, rs.Region) != ""
	for _, c := range cands {
		switch {
		case c.te.logging == StatusYes && c.unsure == "":
			logging = append(logging, c.te.t.ID)
		case c.te.logging != StatusNo:
			maybe = true
		}
	}
	rs.Posture.LoggingTrails = sortedUnique(logging)
	switch {
	case len(logging) > 0:
		rs.Posture.TrailStatus = StatusYes
	case maybe:
		rs.Posture.TrailStatus = StatusUnknown
	default:
		rs.Posture.TrailStatus = StatusNo
	}
	mg := r.management(rs.AccountID, rs.Region, "")
	missing := "no logging trail records management events in " + rs.Region
	rs.Posture.ManagementEvents = both(mg.read.coverage(missing), mg.write.coverage(missing), "management events")
}

func (r *trailResolver) storePosture(st *storeRef, dataAPI bool) {
	m := st.meta
	mg := r.management(m.AccountID, m.Region, managementEventSource[m.Type])
	missing := "no logging trail records the store's " + managementEventSource[m.Type] + " management events"
	st.posture.ManagementEvents = both(mg.read.coverage(missing), mg.write.coverage(missing), "management events")
	recorders := []*dirAcc{&mg.read, &mg.write}

	st.posture.DataEvents = nil
	if (len(st.dataEvents) > 0 && m.Type != TypeDBCluster) || dataAPI {
		var read, write dirAcc
		if why := r.listingFailed(m.AccountID, m.Region); why != "" {
			read.unknownScope(why)
			write.unknownScope(why)
		}
		for _, c := range r.candidates(m.AccountID, m.Region) {
			var lr, lw level
			var why string
			for _, tg := range st.dataEvents {
				r1, w1, y := c.te.dataLevels(tg)
				lr, lw, why = max(lr, r1), max(lw, w1), cmpOr(why, y)
			}
			if dataAPI {
				// Data API calls are management events of rdsdata.amazonaws.com.
				r1, w1, y := c.te.mgmtLevels(rdsDataSource)
				lr, lw, why = max(lr, r1), max(lw, w1), cmpOr(why, y)
			}
			read.add(c, lr, why)
			write.add(c, lw, why)
		}
		missingData := "no logging trail records the store's data events"
		if dataAPI {
			missingData = "no logging trail records the store's RDS Data API calls (as " + rdsDataSource + " management events or AWS::RDS::DBCluster data events)"
		}
		if len(st.dataEvents) == 0 {
			// Without the cluster's ARN (a plan), data event selectors cannot be matched.
			noARN := "the store's ARN is not known, so data event selectors cannot be matched to it"
			read.unknownScope(noARN)
			write.unknownScope(noARN)
		}
		st.posture.DataEvents = &DataEventCoverage{Read: read.coverage(missingData), Write: write.coverage(missingData)}
		recorders = append(recorders, &read, &write)
	}
	st.posture.IntegrityValidated = integrity(recorders)
}

// integrity says whether a trail that records the store validates its log files.
func integrity(recorders []*dirAcc) Coverage {
	var by, names, maybe []string
	for _, a := range recorders {
		for _, te := range a.by {
			switch te.validated {
			case StatusYes:
				by = append(by, te.t.ID)
			case StatusUnknown:
				maybe = append(maybe, "whether trail "+te.name+" validates log files is unknown until apply")
			default:
				names = append(names, te.name)
			}
		}
		for _, e := range a.maybe {
			if e.te == nil || e.te.validated != StatusNo {
				maybe = append(maybe, e.why)
			}
		}
	}
	switch {
	case len(by) > 0:
		return Coverage{Status: StatusYes, By: sortedUnique(by)}
	case len(maybe) > 0:
		return Coverage{Status: StatusUnknown, Reason: joinReasons(maybe)}
	case len(names) > 0:
		return Coverage{Status: StatusNo, Reason: "the trails that record the store (" + strings.Join(sortedUnique(names), ", ") + ") do not validate log files"}
	}
	return Coverage{Status: StatusNo, Reason: "no logging trail records the store"}
}

func yesNo(b bool) string {
	if b {
		return StatusYes
	}
	return StatusNo
}

func yesNoUnknown(b, unknown bool) string {
	if unknown {
		return StatusUnknown
	}
	return yesNo(b)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// errorNote names the collection error behind an unknown, for its reason.
func errorNote(t *Trail, ix *index, region, op string) string {
	for _, e := range t.Errors {
		if e.Operation == op {
			return " (" + op + ": " + e.Code + ")"
		}
	}
	if ix.failed(t.AccountID, region, op) {
		if ix.isNotInPlan(t.AccountID, region, op) {
			return " (" + op + ": " + CodeNotInPlan + notInPlanHint + ")"
		}
		return " " + ix.failedNote(t.AccountID, region, op)
	}
	return ""
}

func joinReasons(rs []string) string {
	return strings.Join(sortedUnique(slices.Clone(rs)), "; ")
}
