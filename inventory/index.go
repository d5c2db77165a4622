package inventory

import (
	"slices"
	"strings"
	"time"
)

// index holds the lookups the resolver joins through, built once per Resolve.
type index struct {
	stores     []storeRef
	storesByID map[string]*storeRef
	topics     map[string]*SNSTopic
	logGroups  map[scopedName]*LogGroup
	buckets    map[string]*S3Bucket
	kms        map[string]*KMSKey
	regions    map[scopedName]*RegionScope
	accounts   map[string]*Account
	// failedOps holds the operations that failed for a whole account and region (a
	// listing), keyed by account, region and operation; region "" means every region.
	failedOps map[scopedName]bool
	// failedSomewhere holds, by account and operation, the listings that failed in at least
	// one region of the account (or for every account, under account "").
	failedSomewhere map[scopedName]bool
	// notInPlan holds, like failedOps, the listings a Terraform plan judged without the live
	// account does not hold (CodeNotInPlan): reasons then say so and point to --snapshot.
	notInPlan map[scopedName]bool
	// notCalled holds, like failedOps, the operations a live collection deliberately did
	// not call (CodeNotCollected): reasons must not say they failed.
	notCalled map[scopedName]bool
	// alarmsFailed holds, per region ("" for every region), the accounts whose alarm
	// listing failed there; alarmsFailedEverywhere is set when it failed for every account.
	alarmsFailed           map[string][]string
	alarmsFailedEverywhere bool
	// crossReaders holds the accounts known to read other accounts' metrics: an alarm of
	// the account in the snapshot has a metric-math query naming another account, or one a
	// plan leaves unknown. Built only when an alarm listing failed.
	crossReaders map[string]bool
	// unlistedReaders memoises, per region, the cross-reading accounts whose alarms there
	// could not be listed, and unlistedByScope unlistedAlarmAccounts per account and region.
	unlistedReaders map[string][]string
	unlistedByScope map[scopedName][]string
	// snapshotTime is the snapshot's collection time, which an account without one of its
	// own shares.
	snapshotTime time.Time
}

// scopedName is a name within an account and region.
type scopedName struct{ account, region, name string }

func newIndex(s *Snapshot) *index {
	ix := &index{
		storesByID: map[string]*storeRef{},
		topics:     map[string]*SNSTopic{},
		logGroups:  map[scopedName]*LogGroup{},
		buckets:    map[string]*S3Bucket{},
		kms:        map[string]*KMSKey{},
		regions:    map[scopedName]*RegionScope{},
		accounts:   map[string]*Account{},
		failedOps:  map[scopedName]bool{},

		failedSomewhere: map[scopedName]bool{},
		notInPlan:       map[scopedName]bool{},
		notCalled:       map[scopedName]bool{},
		snapshotTime:    s.CollectedAt,
	}
	ix.stores = s.stores()
	for i := range ix.stores {
		ix.storesByID[ix.stores[i].meta.ID] = &ix.stores[i]
	}
	for i := range s.SNSTopics {
		ix.topics[s.SNSTopics[i].ARN] = &s.SNSTopics[i]
		if s.SNSTopics[i].ID != s.SNSTopics[i].ARN {
			ix.topics[s.SNSTopics[i].ID] = &s.SNSTopics[i]
		}
	}
	for i := range s.LogGroups {
		g := &s.LogGroups[i]
		ix.logGroups[scopedName{g.AccountID, g.Region, g.Name}] = g
	}
	for i := range s.S3Buckets {
		ix.buckets[s.S3Buckets[i].Name] = &s.S3Buckets[i]
	}
	for i := range s.KMSKeys {
		k := &s.KMSKeys[i]
		ix.kms[k.ARN] = k
		if _, id, ok := strings.Cut(k.ARN, ":key/"); ok {
			ix.kms[scopedKey(k.AccountID, k.Region, id)] = k
		}
		for _, a := range k.Aliases {
			ix.kms[scopedKey(k.AccountID, k.Region, a)] = k
		}
	}
	for i := range s.Accounts {
		ix.accounts[s.Accounts[i].ID] = &s.Accounts[i]
	}
	for _, e := range s.Errors {
		if e.Resource == "" {
			ix.markFailed(e.AccountID, e.Region, e.Operation)
			if e.Code == CodeNotCollected {
				ix.notCalled[scopedName{e.AccountID, e.Region, e.Operation}] = true
			}
		}
	}
	// A snapshot made from a Terraform plan marks on each account the account-wide listings
	// the plan does not hold: for resolution they are listings that could not be made.
	for _, a := range s.Accounts {
		for _, e := range a.Errors {
			if e.Code == CodeNotInPlan && e.Resource == "" {
				ix.markFailed(a.ID, e.Region, e.Operation)
				ix.notInPlan[scopedName{a.ID, e.Region, e.Operation}] = true
			}
		}
	}
	if len(ix.alarmsFailed) > 0 || ix.alarmsFailedEverywhere {
		ix.crossReaders = crossAccountReaders(s.Alarms)
	}
	s.Regions = deriveRegions(s)
	for i := range s.Regions {
		r := &s.Regions[i]
		r.Posture.StoreCount = map[string]int{}
		ix.regions[scopedName{r.AccountID, r.Region, ""}] = r
	}
	for _, st := range ix.stores {
		if r := ix.regions[scopedName{st.meta.AccountID, st.meta.Region, ""}]; r != nil {
			r.Posture.StoreCount[st.meta.Type]++
		}
	}
	return ix
}

// collectedAt is when the facts of an account were collected: its own time in a merged
// snapshot, else the snapshot's.
func (ix *index) collectedAt(account string) time.Time {
	if a := ix.accounts[account]; a != nil && a.CollectedAt != nil {
		return *a.CollectedAt
	}
	return ix.snapshotTime
}

// logGroupSummary describes the log group a store or trail delivers to, as far as the
// snapshot knows it. Run it after resolveLogGroups, whose posture it copies.
func (ix *index) logGroupSummary(account, region, name string) *LogGroupSummary {
	sum := &LogGroupSummary{Name: name, Found: StatusNo}
	g, ok := ix.logGroups[scopedName{account, region, name}]
	switch {
	case ok:
		sum.Found = StatusYes
		sum.RetentionDays = g.RetentionDays
		sum.KMSEncrypted = g.KMSKeyID != ""
		sum.KMSKeyManager = g.Posture.KMSKeyManager
		sum.KMSKeyState = g.Posture.KMSKeyState
		sum.Archived = len(g.Posture.Archive) > 0
		sum.ErrorFilters = g.Posture.ErrorFilters
		sum.Unknown = ix.logGroupUnknown(g)
	case ix.failed(account, region, "logs:DescribeLogGroups"):
		sum.Found = StatusUnknown
		sum.Reason = ix.unlisted("the log groups of "+account+" in "+region, account, region, "logs:DescribeLogGroups")
	case ix.accounts[account] == nil:
		// The group belongs to an account outside the snapshot (a central logging account).
		sum.Found = StatusUnknown
		sum.Reason = "it belongs to account " + account + ", which is not in the snapshot"
	case ix.notScanned(account, region):
		sum.Found = StatusUnknown
		sum.Reason = "region " + region + " not scanned"
	}
	return sum
}

// notScanned reports whether the region of an account in the snapshot was left out of its
// collection: what is missing there was never looked for, so it cannot be said not to exist.
// An account that lists no regions (a Terraform plan's) says nothing either way.
func (ix *index) notScanned(account, region string) bool {
	a := ix.accounts[account]
	return a != nil && region != "" && len(a.Regions) > 0 && !slices.Contains(a.Regions, region)
}

func scopedKey(account, region, id string) string { return account + "/" + region + "/" + id }

func (ix *index) markFailed(account, region, op string) {
	ix.failedOps[scopedName{account, region, op}] = true
	ix.failedSomewhere[scopedName{account, "", op}] = true
	if op != opDescribeAlarms {
		return
	}
	switch {
	case account != "":
		if ix.alarmsFailed == nil {
			ix.alarmsFailed = map[string][]string{}
		}
		ix.alarmsFailed[region] = append(ix.alarmsFailed[region], account)
	case region == "":
		ix.alarmsFailedEverywhere = true
	}
	// An error with a region but no account concerns no account, as in failed.
}

// crossAccountReaders returns the accounts of which the alarms hold a metric-math query
// that reads another account's metric (MetricDataQuery.AccountId set to another account),
// or one whose account a plan leaves unknown until apply: monitoring accounts.
func crossAccountReaders(alarms []Alarm) map[string]bool {
	readers := map[string]bool{}
	for i := range alarms {
		a := &alarms[i]
		if readers[a.AccountID] {
			continue
		}
		for j := range a.Metrics {
			if q := &a.Metrics[j]; q.AccountUnknown || (q.AccountID != "" && q.AccountID != a.AccountID) {
				readers[a.AccountID] = true
				break
			}
		}
	}
	return readers
}

// unlistedAlarmAccounts lists the accounts whose alarms in region could not be listed
// (cloudwatch:DescribeAlarms failed there, or was not made) and that may hold an alarm on a
// metric of account's resources: account itself, and any account known to read other
// accounts' metrics (crossReaders: a metric-math query reads the metric of the account it
// names, MetricDataQuery.AccountId, in the alarm's Region). Another account counts only on
// that evidence: in an organisation scan one account that could not be entered would
// otherwise leave every account's alarms unknown. An account whose alarms could not be
// listed in any region shows no such alarm, so a monitoring account that could not be
// scanned is not recognised (docs/alarms.md). A fact that rests on no alarm reading a
// metric is known only when the list is empty.
func (ix *index) unlistedAlarmAccounts(account, region string) []string {
	if len(ix.alarmsFailed) == 0 && !ix.alarmsFailedEverywhere {
		return nil
	}
	key := scopedName{account, region, ""}
	list, ok := ix.unlistedByScope[key]
	if !ok {
		list = ix.unlistedReadersIn(region)
		if ix.failed(account, region, opDescribeAlarms) && !slices.Contains(list, account) {
			list = sortedUnique(append(slices.Clone(list), account))
		}
		if ix.unlistedByScope == nil {
			ix.unlistedByScope = map[scopedName][]string{}
		}
		ix.unlistedByScope[key] = list
	}
	// Stores of an account and region share the list: clipped, an append to one copies it.
	return slices.Clip(list)
}

// unlistedReadersIn lists the accounts known to read other accounts' metrics whose alarms
// in region could not be listed.
func (ix *index) unlistedReadersIn(region string) []string {
	if list, ok := ix.unlistedReaders[region]; ok {
		return list
	}
	var list []string
	for _, failed := range [][]string{ix.alarmsFailed[region], ix.alarmsFailed[""]} {
		for _, a := range failed {
			if ix.crossReaders[a] {
				list = append(list, a)
			}
		}
	}
	if ix.alarmsFailedEverywhere {
		for a := range ix.crossReaders {
			list = append(list, a)
		}
	}
	list = sortedUnique(list)
	if ix.unlistedReaders == nil {
		ix.unlistedReaders = map[string][]string{}
	}
	ix.unlistedReaders[region] = list
	return list
}

// failedInSomeRegion reports whether a listing operation failed for the account in at least
// one region (or everywhere).
func (ix *index) failedInSomeRegion(account, op string) bool {
	return ix.failedSomewhere[scopedName{account, "", op}] || ix.failedSomewhere[scopedName{"", "", op}]
}

// failed reports whether a listing operation failed for the account and region (or for the
// account in every region, or globally).
func (ix *index) failed(account, region, op string) bool {
	return ix.failedOps[scopedName{account, region, op}] ||
		ix.failedOps[scopedName{account, "", op}] ||
		ix.failedOps[scopedName{"", "", op}]
}

// unlisted says why what a listing returns is missing: "<what> could not be listed (<op>
// failed)", or, for a Terraform plan judged without the live account, that the plan does
// not hold it and how to supply it. what is plural: "the trails of account X in us-east-1".
func (ix *index) unlisted(what, account, region, op string) string {
	if ix.isNotInPlan(account, region, op) {
		return what + " are not in the Terraform plan (" + op + ": " + CodeNotInPlan + notInPlanHint + ")"
	}
	if ix.isNotCalled(account, region, op) {
		return what + " were not collected (" + op + notCalledNote + ")"
	}
	return what + " could not be listed (" + op + " failed)"
}

// notCalledNote follows the name of an operation the collection did not call.
const notCalledNote = " was not called: no rule enabled for the collection needed it"

// isNotCalled reports whether a missing listing is one the collection did not call, rather
// than one that failed.
func (ix *index) isNotCalled(account, region, op string) bool {
	return ix.notCalled[scopedName{account, region, op}] || ix.notCalled[scopedName{account, "", op}]
}

// failedNote names the operation behind a missing fact and says whether it failed or was
// not called: "(logs:DescribeMetricFilters failed)".
func (ix *index) failedNote(account, region, op string) string {
	if ix.isNotCalled(account, region, op) {
		return "(" + op + notCalledNote + ")"
	}
	return "(" + op + " failed)"
}

// notInPlanHint tells how to decide what a plan does not hold.
const notInPlanHint = "; pass --snapshot with a snapshot of the live account to decide"

// isNotInPlan reports whether a failed listing is one a Terraform plan does not hold.
func (ix *index) isNotInPlan(account, region, op string) bool {
	return ix.notInPlan[scopedName{account, region, op}] || ix.notInPlan[scopedName{account, "", op}]
}

// kmsKeyManager says who manages a key given as an id, ARN or alias: CUSTOMER, AWS, or ""
// when the key is not in the snapshot. AWS-managed keys are recognisable by their alias.
func (ix *index) kmsKeyManager(keyID, account, region string) string {
	if keyID == "" {
		return ""
	}
	if k, ok := ix.kms[keyID]; ok {
		return k.KeyManager
	}
	if k, ok := ix.kms[scopedKey(account, region, keyID)]; ok {
		return k.KeyManager
	}
	if strings.Contains(keyID, "alias/aws/") {
		return "AWS"
	}
	return ""
}

// kmsKeyState is the state of the key a resource names: "" when it names none, the key's
// KeyState, or unknown when the key is not in the snapshot (another account's key, one
// DescribeKey could not read, one a Terraform plan does not hold) or its state is not
// recorded.
func (ix *index) kmsKeyState(keyID, account, region string) string {
	if keyID == "" {
		return ""
	}
	k, ok := ix.kms[keyID]
	if !ok {
		k, ok = ix.kms[scopedKey(account, region, keyID)]
	}
	switch {
	case ok && k.KeyState != "":
		return k.KeyState
	case !ok && strings.Contains(keyID, "alias/aws/"):
		// AWS managed keys cannot be disabled or scheduled for deletion.
		return KeyStateEnabled
	}
	return StatusUnknown
}

// deriveRegions rebuilds the region scopes: one per region an account was scanned in and
// per region a resource of an account of the snapshot lives in. A resource of an account the
// snapshot does not cover adds no scope: it is there because a covered account listed it (an
// organisation trail owned by the management account, in a member's snapshot), and a scope
// of its account would be judged — logged or not, alarmed or not — although that account was
// never collected. The resource still serves the accounts that listed it.
func deriveRegions(s *Snapshot) []RegionScope {
	covered := s.accountIDs()
	seen := map[scopedName]bool{}
	// A source may have recorded facts on a region scope (a plan's NotInPlan errors, its
	// provider block): they are kept.
	prior := map[scopedName]*Meta{}
	for i := range s.Regions {
		prior[scopedName{s.Regions[i].AccountID, s.Regions[i].Region, ""}] = &s.Regions[i].Meta
	}
	var out []RegionScope
	add := func(account, region string) {
		if account == "" || region == "" || seen[scopedName{account, region, ""}] {
			return
		}
		seen[scopedName{account, region, ""}] = true
		r := RegionScope{Meta: Meta{
			ID: account + "/" + region, Type: TypeRegion, Name: region, AccountID: account, Region: region,
		}}
		if p := prior[scopedName{account, region, ""}]; p != nil {
			r.Errors, r.Source = p.Errors, p.Source
		}
		out = append(out, r)
	}
	for _, a := range s.Accounts {
		for _, r := range a.Regions {
			add(a.ID, r)
		}
	}
	for _, c := range s.Collections() {
		if c.Name == "accounts" || c.Name == "regions" {
			continue
		}
		for i := 0; i < c.Len; i++ {
			if m := c.Meta(i); covered[m.AccountID] {
				add(m.AccountID, m.Region)
			}
		}
	}
	return out
}
