package inventory

import (
	"bytes"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func mergeAccount(id, org string, at time.Time) *Snapshot {
	return &Snapshot{
		SchemaVersion: SchemaVersion,
		CollectedAt:   at,
		Sources:       []Source{{Kind: SourceAWS, Accounts: []string{id}}},
		Accounts: []Account{{Meta: Meta{ID: id, Type: TypeAccount, Name: id, AccountID: id}, Partition: "aws",
			OrganizationID: org, Regions: []string{"us-east-1"}}},
	}
}

func TestMerge(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	mgmt := mergeAccount("111111111111", "o-1", t0)
	trail := "arn:aws:cloudtrail:us-east-1:111111111111:trail/org"
	mgmt.Trails = []Trail{{Meta: Meta{ID: trail, ARN: trail, Type: TypeTrail, Name: "org", AccountID: "111111111111", Region: "us-east-1"},
		HomeRegion: "us-east-1", IsMultiRegion: true, IsOrganizationTrail: true, IncludeGlobalServiceEvents: true, LogFileValidationEnabled: true,
		Status:         &TrailStatus{IsLogging: true},
		EventSelectors: []EventSelector{{ReadWriteType: "All", IncludeManagementEvents: true}}}}
	member := mergeAccount("222222222222", "o-1", t0.Add(time.Hour))
	member.Partial = true
	db := "arn:aws:rds:us-east-1:222222222222:db:a"
	member.DBInstances = []DBInstance{{Meta: Meta{ID: db, ARN: db, Type: TypeDBInstance, Name: "a", AccountID: "222222222222", Region: "us-east-1"}, Engine: "mysql"}}
	Resolve(member)
	if got := member.DBInstances[0].Posture.ManagementEvents.Status; got == StatusYes {
		t.Fatalf("alone, the member account's store is covered (%s): the test proves nothing", got)
	}

	m, err := Merge(Tool{Name: "storewatch", Version: "test"}, mgmt, member)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Accounts) != 2 || m.StoreCount() != 1 || len(m.Trails) != 1 || len(m.Regions) != 2 {
		t.Errorf("merged %d accounts, %d stores, %d trails, %d regions; want 2, 1, 1, 2", len(m.Accounts), m.StoreCount(), len(m.Trails), len(m.Regions))
	}
	if !m.CollectedAt.Equal(t0) || !m.Partial || len(m.Sources) != 2 {
		t.Errorf("collected_at %s, partial %v, %d sources; want the oldest, true, 2", m.CollectedAt, m.Partial, len(m.Sources))
	}
	if got := m.DBInstances[0].Posture.ManagementEvents; got.Status != StatusYes {
		t.Errorf("the management account's organisation trail does not cover the member's store after merging: %+v", got)
	}
	var buf bytes.Buffer
	if err := Write(&buf, m); err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(buf.Bytes()); err != nil {
		t.Errorf("the merged snapshot does not validate: %v", err)
	}
}

func TestMergeRefusesAnAccountTwice(t *testing.T) {
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	_, err := Merge(Tool{}, mergeAccount("1", "", at), mergeAccount("2", "", at), mergeAccount("1", "", at))
	if err == nil || !strings.Contains(err.Error(), "account 1 is in snapshots 1 and 3") {
		t.Errorf("Merge error = %v, want it to name the account and both snapshots", err)
	}
	if _, err := Merge(Tool{}); err == nil {
		t.Error("Merge of nothing succeeded")
	}
}

// orgTrailCopy is the organisation trail as a member account's collection writes it: listed
// by the member's DescribeTrails (shadow trails included), with the owner's account id.
func orgTrailCopy(owner string, status *TrailStatus, errs ...CollectionError) Trail {
	arn := "arn:aws:cloudtrail:us-east-1:" + owner + ":trail/org"
	return Trail{Meta: Meta{ID: arn, ARN: arn, Type: TypeTrail, Name: "org", AccountID: owner, Region: "us-east-1", Errors: errs},
		HomeRegion: "us-east-1", IsMultiRegion: true, IsOrganizationTrail: true, LogFileValidationEnabled: true,
		Status:         status,
		EventSelectors: []EventSelector{{ReadWriteType: "All", IncludeManagementEvents: true}}}
}

func withDB(s *Snapshot, name string) *Snapshot {
	acct := s.Accounts[0].ID
	arn := "arn:aws:rds:us-east-1:" + acct + ":db:" + name
	s.DBInstances = append(s.DBInstances, DBInstance{Meta: Meta{ID: arn, ARN: arn, Type: TypeDBInstance, Name: name, AccountID: acct, Region: "us-east-1"}, Engine: "mysql"})
	return s
}

// TestMergeKeepsAnOrganisationTrailOnce merges what per-account collections write: the
// management account's organisation trail, and the copy of it every member account's
// DescribeTrails lists. The trail must be kept once (the owner's copy, whatever the order of
// the inputs), or the merged snapshot holds one id twice and cannot be read.
func TestMergeKeepsAnOrganisationTrailOnce(t *testing.T) {
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	const mgmtID, memberA, memberB = "111111111111", "222222222222", "333333333333"
	inputs := func() []*Snapshot {
		mgmt := mergeAccount(mgmtID, "o-1", at)
		mgmt.Trails = []Trail{orgTrailCopy(mgmtID, &TrailStatus{IsLogging: true})}
		// A member could not read the trail's status: its copy must not replace the owner's.
		a := withDB(mergeAccount(memberA, "o-1", at.Add(time.Hour)), "a")
		a.Trails = []Trail{orgTrailCopy(mgmtID, nil, CollectionError{Source: SourceAWS, AccountID: memberA, Region: "us-east-1",
			Service: "cloudtrail", Operation: opGetTrailStatus, Resource: "org", Code: "AccessDeniedException"})}
		b := withDB(mergeAccount(memberB, "o-1", at.Add(2*time.Hour)), "b")
		b.Trails = []Trail{orgTrailCopy(mgmtID, &TrailStatus{IsLogging: true})}
		return []*Snapshot{mgmt, a, b}
	}
	var first []byte
	for _, order := range [][]int{{0, 1, 2}, {1, 2, 0}, {2, 1, 0}} {
		in := inputs()
		for _, s := range in {
			// Resolved, as an evaluation resolves them.
			Resolve(s)
		}
		m, err := Merge(Tool{Name: "storewatch", Version: "test"}, in[order[0]], in[order[1]], in[order[2]])
		if err != nil {
			t.Fatalf("order %v: %v", order, err)
		}
		if len(m.Trails) != 1 {
			t.Fatalf("order %v: %d trails, want the organisation trail once", order, len(m.Trails))
		}
		if tr := m.Trails[0]; tr.Status == nil || len(tr.Errors) != 0 {
			t.Errorf("order %v: kept status %+v, errors %+v; want the owner's copy", order, tr.Status, tr.Errors)
		}
		for _, db := range m.DBInstances {
			if got := db.Posture.ManagementEvents.Status; got != StatusYes {
				t.Errorf("order %v: %s management events %s, want yes through the organisation trail", order, db.ID, got)
			}
		}
		var buf bytes.Buffer
		if err := Write(&buf, m); err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(buf.Bytes()); err != nil {
			t.Fatalf("order %v: the merged snapshot cannot be read: %v", order, err)
		}
		if first == nil {
			first = buf.Bytes()
		} else if !bytes.Equal(first, buf.Bytes()) {
			t.Errorf("order %v: the merged snapshot depends on the order of the inputs:\n%s", order, cmp.Diff(string(first), buf.String()))
		}
	}
}

// TestMergeOrganisationTrailWithoutItsOwner merges member accounts only (a shard without the
// management account) whose organisation could not be read: each listed the organisation
// trail, so each is recorded by it.
func TestMergeOrganisationTrailWithoutItsOwner(t *testing.T) {
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	const mgmtID, memberA, memberB = "111111111111", "222222222222", "333333333333"
	a := withDB(mergeAccount(memberA, "", at), "a")
	a.Trails = []Trail{orgTrailCopy(mgmtID, &TrailStatus{IsLogging: true})}
	b := withDB(mergeAccount(memberB, "", at), "b")
	b.Trails = []Trail{orgTrailCopy(mgmtID, &TrailStatus{IsLogging: true})}
	m, err := Merge(Tool{}, a, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Trails) != 1 {
		t.Fatalf("%d trails, want the organisation trail once", len(m.Trails))
	}
	if got, want := m.Trails[0].ListedBy, []string{memberA, memberB}; !slices.Equal(got, want) {
		t.Errorf("listed_by = %v, want %v", got, want)
	}
	for _, db := range m.DBInstances {
		if got := db.Posture.ManagementEvents.Status; got != StatusYes {
			t.Errorf("%s management events %s, want yes: its account listed the organisation trail", db.ID, got)
		}
	}
}

// TestMergeRefusesAnAccountTwiceByItsResources: a snapshot whose accounts list leaves out the
// account of its stores must not merge with another snapshot of that account.
func TestMergeRefusesAnAccountTwiceByItsResources(t *testing.T) {
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	a := withDB(mergeAccount("222222222222", "", at), "a")
	stray := withDB(mergeAccount("222222222222", "", at), "b")
	stray.Accounts = nil
	_, err := Merge(Tool{}, a, stray)
	var dup *DuplicateAccountError
	if !errors.As(err, &dup) || dup.Account != "222222222222" || dup.First != 0 || dup.Second != 1 {
		t.Errorf("Merge error = %v, want account 222222222222 in snapshots 1 and 2", err)
	}
}

// TestMergeMeasuresAgesAgainstEachAccountsCollection: the merged snapshot is as old as its
// oldest part, but the age of a trail's latest delivery or of an alarm's state is a fact of
// the account's own collection. Measured against the oldest part, an account collected days
// later would have its stale trail judged fresh.
func TestMergeMeasuresAgesAgainstEachAccountsCollection(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	late := t0.Add(72 * time.Hour)
	const early, member = "111111111111", "222222222222"
	old := mergeAccount(early, "", t0)
	s := mergeAccount(member, "", late)
	delivered, since := late.Add(-48*time.Hour), late.Add(-10*24*time.Hour)
	trail := orgTrailCopy(member, &TrailStatus{IsLogging: true, LatestDeliveryTime: &delivered})
	trail.IsOrganizationTrail = false
	s.Trails = []Trail{trail}
	alarm := "arn:aws:cloudwatch:us-east-1:" + member + ":alarm:stuck"
	s.Alarms = []Alarm{{Meta: Meta{ID: alarm, ARN: alarm, Type: TypeAlarm, Name: "stuck", AccountID: member, Region: "us-east-1"},
		Namespace: "AWS/RDS", MetricName: "CPUUtilization", StateValue: "INSUFFICIENT_DATA", StateUpdatedAt: &since}}

	m, err := Merge(Tool{}, old, s)
	if err != nil {
		t.Fatal(err)
	}
	if !m.CollectedAt.Equal(t0) {
		t.Errorf("collected_at = %s, want the oldest part's %s", m.CollectedAt, t0)
	}
	if got := m.Trails[0].Posture.LatestDeliveryAgeHours; got == nil || *got != 48 {
		t.Errorf("latest delivery age = %s hours, want 48: measured against the member's collection", hoursOf(got))
	}
	if got := m.Alarms[0].Posture.StuckDays; got != 10 {
		t.Errorf("alarm stuck for %d days, want 10", got)
	}
	var buf bytes.Buffer
	if err := Write(&buf, m); err != nil {
		t.Fatal(err)
	}
	back, err := Parse(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	Resolve(back)
	if got := back.Trails[0].Posture.LatestDeliveryAgeHours; got == nil || *got != 48 {
		t.Errorf("read back: latest delivery age = %s hours, want 48", hoursOf(got))
	}
}

func hoursOf(h *float64) string {
	if h == nil {
		return "no"
	}
	return strconv.FormatFloat(*h, 'f', -1, 64)
}

// TestMergeAddsMissingAccounts: an account of the organisation whose collection wrote no
// snapshot is unknown in the merged snapshot, not absent from it.
func TestMergeAddsMissingAccounts(t *testing.T) {
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	m, err := Merge(Tool{}, mergeAccount("111111111111", "o-1", at), mergeAccount("222222222222", "o-1", at))
	if err != nil {
		t.Fatal(err)
	}
	errorsOf := func(id string) []CollectionError {
		return []CollectionError{{Source: SourceAWS, AccountID: id, Service: "cloudtrail", Operation: opDescribeTrails, Code: CodeAccountUnreachable}}
	}
	added := m.AddMissingAccounts([]string{"333333333333", "111111111111", "333333333333"}, errorsOf)
	if want := []string{"333333333333"}; !slices.Equal(added, want) {
		t.Fatalf("added %v, want %v", added, want)
	}
	if len(m.Accounts) != 3 || m.Accounts[2].ID != "333333333333" {
		t.Fatalf("accounts = %+v, want the missing one added", m.Accounts)
	}
	if got := m.Accounts[2].Posture.MultiRegionTrail.Status; got != StatusUnknown {
		t.Errorf("the missing account's multi-Region trail = %s, want unknown", got)
	}
	if added := m.AddMissingAccounts([]string{"111111111111"}, errorsOf); len(added) != 0 {
		t.Errorf("added %v for an account the snapshot holds", added)
	}
}

// TestMergeRefusesABucketInTwoAccounts: a bucket name belongs to one account at a time, so
// two snapshots that both hold it disagree (one is out of date). Trails find their bucket by
// name: keeping both would judge a trail's bucket by whichever input came last.
func TestMergeRefusesABucketInTwoAccounts(t *testing.T) {
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	bucket := func(s *Snapshot) *Snapshot {
		acct := s.Accounts[0].ID
		s.S3Buckets = []S3Bucket{{Meta: Meta{ID: "arn:aws:s3:::org-trail-logs", ARN: "arn:aws:s3:::org-trail-logs", Type: TypeS3Bucket,
			Name: "org-trail-logs", AccountID: acct, Region: "us-east-1"}}}
		return s
	}
	_, err := Merge(Tool{}, bucket(mergeAccount("222222222222", "", at)), mergeAccount("111111111111", "", at), bucket(mergeAccount("333333333333", "", at)))
	if err == nil || !strings.Contains(err.Error(), "bucket org-trail-logs is in accounts 222222222222 and 333333333333") {
		t.Errorf("Merge error = %v, want it to name the bucket and both accounts", err)
	}
}

// regionIDs lists the ids of a snapshot's region scopes.
func regionIDs(s *Snapshot) []string {
	var ids []string
	for _, r := range s.Regions {
		ids = append(ids, r.ID)
	}
	slices.Sort(ids)
	return ids
}

// TestRegionsOfCoveredAccountsOnly: a member account's snapshot holds the organisation trail
// its DescribeTrails listed, with the management account's id. That account was not
// collected, so the snapshot must hold no region scope of it — rules judge region scopes,
// and would report on an account nobody asked about — while the trail still records the
// member. Merged with the management account, whose regions were collected, its scopes are
// back, whatever the order of the inputs.
func TestRegionsOfCoveredAccountsOnly(t *testing.T) {
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	const mgmtID, memberA, memberB = "111111111111", "222222222222", "333333333333"
	member := func(id string) *Snapshot {
		s := mergeAccount(id, "o-1", at)
		s.Accounts[0].Regions = []string{"eu-west-1"}
		arn := "arn:aws:rds:eu-west-1:" + id + ":db:a"
		s.DBInstances = []DBInstance{{Meta: Meta{ID: arn, ARN: arn, Type: TypeDBInstance, Name: "a", AccountID: id, Region: "eu-west-1"}, Engine: "mysql"}}
		s.Trails = []Trail{orgTrailCopy(mgmtID, &TrailStatus{IsLogging: true})}
		s.Trails[0].ListedBy = []string{id}
		Resolve(s)
		return s
	}
	management := func() *Snapshot {
		s := mergeAccount(mgmtID, "o-1", at)
		s.Trails = []Trail{orgTrailCopy(mgmtID, &TrailStatus{IsLogging: true})}
		Resolve(s)
		return s
	}
	covered := func(t *testing.T, s *Snapshot) {
		t.Helper()
		for _, db := range s.DBInstances {
			if got := db.Posture.ManagementEvents.Status; got != StatusYes {
				t.Errorf("%s management events %s, want yes through the organisation trail", db.ID, got)
			}
		}
		for _, r := range s.Regions {
			if got := r.Posture.TrailStatus; got != StatusYes {
				t.Errorf("region %s trail status %s, want yes through the organisation trail", r.ID, got)
			}
		}
	}

	// A member's snapshot resolved by an older version holds a region scope of the trail's
	// owner: resolving again, as evaluate and merge do, must drop it.
	stale := RegionScope{Meta: Meta{ID: mgmtID + "/us-east-1", Type: TypeRegion, Name: "us-east-1", AccountID: mgmtID, Region: "us-east-1"}}

	t.Run("member alone", func(t *testing.T) {
		s := member(memberA)
		if diff := cmp.Diff([]string{memberA + "/eu-west-1"}, regionIDs(s)); diff != "" {
			t.Errorf("regions (-want +got):\n%s", diff)
		}
		covered(t, s)
		s.Regions = append(s.Regions, stale)
		Resolve(s)
		if diff := cmp.Diff([]string{memberA + "/eu-west-1"}, regionIDs(s)); diff != "" {
			t.Errorf("resolved again with a stale scope of the owner: regions (-want +got):\n%s", diff)
		}
	})
	t.Run("shard without the management account", func(t *testing.T) {
		a := member(memberA)
		a.Regions = append(a.Regions, stale)
		m, err := Merge(Tool{}, a, member(memberB))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{memberA + "/eu-west-1", memberB + "/eu-west-1"}, regionIDs(m)); diff != "" {
			t.Errorf("regions (-want +got):\n%s", diff)
		}
		covered(t, m)
	})
	t.Run("with the management account", func(t *testing.T) {
		want := []string{mgmtID + "/us-east-1", memberA + "/eu-west-1", memberB + "/eu-west-1"}
		var first []byte
		for _, order := range [][]int{{0, 1, 2}, {1, 0, 2}, {2, 1, 0}} {
			in := []*Snapshot{management(), member(memberA), member(memberB)}
			// The owner's scope a member's older snapshot holds must not make the owner a
			// duplicate, nor depend on the order.
			in[2].Regions = append(in[2].Regions, stale)
			m, err := Merge(Tool{}, in[order[0]], in[order[1]], in[order[2]])
			if err != nil {
				t.Fatalf("order %v: %v", order, err)
			}
			if diff := cmp.Diff(want, regionIDs(m)); diff != "" {
				t.Errorf("order %v: regions (-want +got):\n%s", order, diff)
			}
			covered(t, m)
			var buf bytes.Buffer
			if err := Write(&buf, m); err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first = buf.Bytes()
			} else if !bytes.Equal(first, buf.Bytes()) {
				t.Errorf("order %v: the merged snapshot depends on the order of the inputs:\n%s", order, cmp.Diff(string(first), buf.String()))
			}
		}
	})
}

// TestMergeKeyState merges copies of an organisation trail's KMS key that accounts
// described at different times. The kept state, and the state the trail is judged with, is
// the most recently collected copy's (the owner's copy knows no more: DescribeKey reports
// one state to every caller); a copy without a state never hides one with a state; copies
// of the same time that disagree keep the less usable state; the result is the same
// whatever the order of the inputs.
func TestMergeKeyState(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	const mgmtID, memberA, memberB = "111111111111", "222222222222", "333333333333"
	key := "arn:aws:kms:us-east-1:" + mgmtID + ":key/org"
	type copyOf struct {
		account string
		at      time.Duration // after t0
		state   string
		alias   string
	}
	tests := []struct {
		name   string
		copies []copyOf
		want   string
	}{
		{"newer member copy: pending deletion since", []copyOf{
			{mgmtID, 0, KeyStateEnabled, "alias/a"}, {memberA, time.Hour, KeyStatePendingDeletion, "alias/b"}}, KeyStatePendingDeletion},
		{"newer owner copy: enabled again since", []copyOf{
			{mgmtID, time.Hour, KeyStateEnabled, "alias/a"}, {memberA, 0, KeyStateDisabled, "alias/b"}}, KeyStateEnabled},
		{"two members, no owner: the newer", []copyOf{
			{memberA, time.Hour, KeyStateCreating, ""}, {memberB, 2 * time.Hour, KeyStateEnabled, ""}}, KeyStateEnabled},
		{"a newer copy without a state: unknown, not the older enabled", []copyOf{
			{mgmtID, 0, KeyStateEnabled, ""}, {memberA, time.Hour, "", ""}}, ""},
		{"a newer copy without a state: unknown, not the older pending deletion", []copyOf{
			{mgmtID, 0, KeyStatePendingDeletion, ""}, {memberA, time.Hour, "", ""}}, ""},
		{"same time, one without a state: undecided over usable", []copyOf{
			{mgmtID, 0, KeyStateEnabled, ""}, {memberA, 0, "", ""}}, ""},
		{"same time, disagreeing: the unusable state", []copyOf{
			{mgmtID, 0, KeyStateEnabled, ""}, {memberA, 0, KeyStateDisabled, ""}}, KeyStateDisabled},
		{"same time, disagreeing: undecided over usable", []copyOf{
			{mgmtID, 0, KeyStateEnabled, ""}, {memberA, 0, KeyStateCreating, ""}}, KeyStateCreating},
		{"same time, both unusable: the owner's", []copyOf{
			{mgmtID, 0, KeyStatePendingDeletion, ""}, {memberA, 0, KeyStateDisabled, ""}}, KeyStatePendingDeletion},
		{"same time, both usable: the owner's", []copyOf{
			{mgmtID, 0, KeyStateUpdating, ""}, {memberA, 0, KeyStateEnabled, ""}}, KeyStateUpdating},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inputs := func() []*Snapshot {
				var in []*Snapshot
				for _, c := range tt.copies {
					s := mergeAccount(c.account, "o-1", t0.Add(c.at))
					tr := orgTrailCopy(mgmtID, &TrailStatus{IsLogging: true})
					tr.KMSKeyID = key
					s.Trails = []Trail{tr}
					k := KMSKey{ARN: key, AccountID: mgmtID, Region: "us-east-1", KeyManager: "CUSTOMER", KeyState: c.state}
					if c.alias != "" {
						k.Aliases = []string{c.alias}
					}
					s.KMSKeys = []KMSKey{k}
					in = append(in, s)
				}
				return in
			}
			var first []byte
			for _, reverse := range []bool{false, true} {
				in := inputs()
				if reverse {
					slices.Reverse(in)
				}
				m, err := Merge(Tool{Name: "storewatch", Version: "test"}, in...)
				if err != nil {
					t.Fatal(err)
				}
				if len(m.KMSKeys) != 1 {
					t.Fatalf("reversed %v: %d keys, want 1: %+v", reverse, len(m.KMSKeys), m.KMSKeys)
				}
				if got := m.KMSKeys[0].KeyState; got != tt.want {
					t.Errorf("reversed %v: key state %q, want %q", reverse, got, tt.want)
				}
				// A key without a recorded state is one whose state the resolver calls unknown.
				wantPosture := tt.want
				if wantPosture == "" {
					wantPosture = StatusUnknown
				}
				if got := m.Trails[0].Posture.KMSKeyState; got != wantPosture {
					t.Errorf("reversed %v: the trail's key state %q, want %q", reverse, got, wantPosture)
				}
				var aliases []string
				for _, c := range tt.copies {
					if c.alias != "" {
						aliases = append(aliases, c.alias)
					}
				}
				if len(aliases) > 1 {
					if diff := cmp.Diff(aliases, m.KMSKeys[0].Aliases); diff != "" {
						t.Errorf("reversed %v: aliases (-want +got):\n%s", reverse, diff)
					}
				}
				var buf bytes.Buffer
				if err := Write(&buf, m); err != nil {
					t.Fatal(err)
				}
				if first == nil {
					first = buf.Bytes()
				} else if !bytes.Equal(first, buf.Bytes()) {
					t.Errorf("the merged snapshot depends on the order of the inputs:\n%s", cmp.Diff(string(first), buf.String()))
				}
			}
		})
	}
}

// TestPreferKeyCopy checks the ranking of two copies of a key directly, both ways round.
func TestPreferKeyCopy(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	cp := func(state string, at time.Duration, owned bool) keyCopy {
		return keyCopy{key: KMSKey{ARN: "k", AccountID: "111111111111", KeyState: state}, at: t0.Add(at), owned: owned}
	}
	tests := []struct {
		name          string
		better, worse keyCopy
	}{
		{"newer", cp(KeyStateEnabled, time.Hour, false), cp(KeyStateDisabled, 0, true)},
		{"newer without a state", cp("", time.Hour, false), cp(KeyStateEnabled, 0, true)},
		{"same time, no state over usable", cp("", 0, false), cp(KeyStateEnabled, 0, true)},
		{"same time, unusable", cp(KeyStateUnavailable, 0, false), cp(KeyStateEnabled, 0, true)},
		{"same time, unrecognised over usable", cp("SomeFutureState", 0, false), cp(KeyStateUpdating, 0, true)},
		{"same time and risk, owner", cp(KeyStatePendingImport, 0, true), cp(KeyStateDisabled, 0, false)},
		{"all else equal, lowest state", cp(KeyStateDisabled, 0, false), cp(KeyStatePendingImport, 0, false)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !preferKeyCopy(tt.better, tt.worse) {
				t.Errorf("preferKeyCopy(%+v, %+v) = false, want true", tt.better, tt.worse)
			}
			if preferKeyCopy(tt.worse, tt.better) {
				t.Errorf("preferKeyCopy(%+v, %+v) = true, want false", tt.worse, tt.better)
			}
		})
	}
}
