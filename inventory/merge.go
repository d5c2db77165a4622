package inventory

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
)

// DuplicateAccountError is Merge's refusal of an account found in two of its inputs. First
// and Second are the 0-based positions of the inputs, so a caller can name its files.
type DuplicateAccountError struct {
	Account       string
	First, Second int
}

func (e *DuplicateAccountError) Error() string {
	return fmt.Sprintf("merge: account %s is in snapshots %d and %d: merge snapshots of different accounts", e.Account, e.First+1, e.Second+1)
}

// Merge combines snapshots of different accounts into one, as an organisation-wide audit
// does with the snapshots its per-account jobs wrote (docs/scale.md). Every collection is
// concatenated — items carry their own account and region — and the result is resolved
// again, because some joins cross accounts (an organisation trail in the management account
// records the member accounts' events). The merged snapshot is as old as its oldest part,
// and partial if any part is; each account keeps the time its own facts were collected
// (Account.CollectedAt), against which the ages of its trails' deliveries and of its alarms'
// states are measured.
//
// An account may appear in one input only, whether in its accounts list or as the account of
// its resources: two snapshots of the same account would count its stores twice, and which
// one is right cannot be told. The one resource several inputs may hold is a trail owned by
// another account — an organisation trail, which every member's DescribeTrails lists: it is
// kept once, the owner's copy if the owner is merged, else the most recently collected one,
// with the accounts that listed it in ListedBy. A KMS key several inputs described (an
// organisation trail's key) is kept once too, with the state of the most recently collected
// copy (see preferKeyCopy). The inputs share their items with the result and must not be
// used afterwards.
func Merge(tool Tool, snaps ...*Snapshot) (*Snapshot, error) {
	if len(snaps) == 0 {
		return nil, fmt.Errorf("merge: no snapshot")
	}
	owner := map[string]int{}
	for i, s := range snaps {
		for _, id := range s.ownAccounts() {
			if j, dup := owner[id]; dup {
				return nil, &DuplicateAccountError{Account: id, First: j, Second: i}
			}
			owner[id] = i
		}
	}
	// Trails find their bucket by name, which belongs to one account at a time: two accounts
	// that hold one bucket name were collected at different times, and one is out of date.
	bucketOwner := map[string]string{}
	for _, s := range snaps {
		for _, b := range s.S3Buckets {
			if b.Name == "" || b.Source != nil {
				continue // a plan's bucket may not exist yet, or have a name unknown until apply
			}
			if o, dup := bucketOwner[b.Name]; dup && o != b.AccountID {
				return nil, fmt.Errorf("merge: S3 bucket %s is in accounts %s and %s: a bucket name belongs to one account, so one of their snapshots is out of date; collect one of them again",
					b.Name, o, b.AccountID)
			}
			bucketOwner[b.Name] = b.AccountID
		}
	}
	out := &Snapshot{SchemaVersion: SchemaVersion, Tool: tool}
	for _, s := range snaps {
		if out.CollectedAt.IsZero() || s.CollectedAt.Before(out.CollectedAt) {
			out.CollectedAt = s.CollectedAt
		}
		out.Partial = out.Partial || s.Partial
		for i := range s.Accounts {
			if s.Accounts[i].CollectedAt == nil {
				at := s.CollectedAt
				s.Accounts[i].CollectedAt = &at
			}
		}
	}
	ov := reflect.ValueOf(out).Elem()
	for _, s := range snaps {
		sv := reflect.ValueOf(s).Elem()
		for f := 0; f < ov.NumField(); f++ {
			if ov.Field(f).Kind() == reflect.Slice {
				ov.Field(f).Set(reflect.AppendSlice(ov.Field(f), sv.Field(f)))
			}
		}
	}
	// An account collected with the merged snapshot's time needs no time of its own.
	for i := range out.Accounts {
		if at := out.Accounts[i].CollectedAt; at != nil && at.Equal(out.CollectedAt) {
			out.Accounts[i].CollectedAt = nil
		}
	}
	out.Trails = mergeTrails(snaps)
	out.KMSKeys = mergeKeys(snaps)
	// Regions are derived from the accounts and resources, and posture from the facts.
	out.Regions = nil
	Resolve(out)
	if err := out.CheckUniqueIDs(); err != nil {
		return nil, fmt.Errorf("merge: %w", err)
	}
	return out, nil
}

// ownAccounts lists the accounts a snapshot holds facts of: those it lists, and those of its
// resources, except trails, which may be another account's organisation trail, and region
// scopes, which a snapshot resolved by an older version derived from such a trail too.
func (s *Snapshot) ownAccounts() []string {
	var ids []string
	for _, c := range s.Collections() {
		if c.Name == "trails" || c.Name == "regions" {
			continue
		}
		for i := 0; i < c.Len; i++ {
			if id := c.Meta(i).AccountID; id != "" {
				ids = append(ids, id)
			}
		}
	}
	return sortedUnique(ids)
}

// accountIDs is the set of the accounts the snapshot lists.
func (s *Snapshot) accountIDs() map[string]bool {
	ids := make(map[string]bool, len(s.Accounts))
	for _, a := range s.Accounts {
		ids[a.ID] = true
	}
	return ids
}

// mergeTrails keeps each trail once. A snapshot of one account that holds a trail of another
// account was given it by that account's DescribeTrails (an organisation trail, seen from a
// member): the account is added to the trail's ListedBy, since an organisation trail records
// the accounts that list it even when their organisation could not be read.
func mergeTrails(snaps []*Snapshot) []Trail {
	type kept struct {
		owned bool
		at    time.Time
		from  string
	}
	var out []Trail
	var how []kept
	at := map[scopedName]int{}
	for _, s := range snaps {
		own := s.accountIDs()
		first := ""
		if len(s.Accounts) > 0 {
			first = slices.MinFunc(s.Accounts, func(a, b Account) int { return strings.Compare(a.ID, b.ID) }).ID
		}
		for _, t := range s.Trails {
			k := kept{owned: own[t.AccountID], at: s.CollectedAt, from: first}
			if !k.owned && len(s.Accounts) == 1 {
				t.ListedBy = append(slices.Clone(t.ListedBy), s.Accounts[0].ID)
			}
			key := scopedName{t.AccountID, t.ID, ""}
			j, seen := at[key]
			if !seen {
				at[key] = len(out)
				out = append(out, t)
				how = append(how, k)
				continue
			}
			listed := sortedUnique(append(slices.Clone(out[j].ListedBy), t.ListedBy...))
			if preferTrailCopy(k.owned, how[j].owned, k.at, how[j].at, k.from, how[j].from) {
				out[j], how[j] = t, k
			}
			out[j].ListedBy = listed
		}
	}
	return out
}

// preferTrailCopy says whether a copy of a trail replaces the one kept: the owner's copy
// wins, as it carries what a member may not be allowed to read; between members' copies, the
// most recently collected, then the one of the lowest account id, so the result does not
// depend on the order of the inputs.
func preferTrailCopy(owned, keptOwned bool, at, keptAt time.Time, from, keptFrom string) bool {
	if owned != keptOwned {
		return owned
	}
	if c := at.Compare(keptAt); c != 0 {
		return c > 0
	}
	return from < keptFrom
}

// keyCopy is one input's copy of a KMS key, with what decides which copy Merge keeps: when
// the input was collected, and whether the input holds the key's own account.
type keyCopy struct {
	key   KMSKey
	at    time.Time
	owned bool
}

// mergeKeys keeps each KMS key once: a key another account's resources name (an
// organisation trail's) may have been described by several accounts, at different times,
// and its state may have changed in between. The copies are ranked by preferKeyCopy; the
// aliases of all copies are kept.
func mergeKeys(snaps []*Snapshot) []KMSKey {
	var copies []keyCopy
	for _, s := range snaps {
		own := s.accountIDs()
		for _, k := range s.KMSKeys {
			// A merged input is as old as its oldest part: its CollectedAt is a lower bound
			// of when its copy was described, so a copy known to be newer is preferred.
			copies = append(copies, keyCopy{key: k, at: s.CollectedAt, owned: own[keyAccount(k)]})
		}
	}
	slices.SortStableFunc(copies, func(a, b keyCopy) int { return cmp.Compare(a.key.ARN, b.key.ARN) })
	var kept []keyCopy
	for _, c := range copies {
		if n := len(kept); n > 0 && c.key.ARN != "" && kept[n-1].key.ARN == c.key.ARN {
			aliases := sortedUnique(append(slices.Clone(kept[n-1].key.Aliases), c.key.Aliases...))
			if preferKeyCopy(c, kept[n-1]) {
				kept[n-1] = c
			}
			kept[n-1].key.Aliases = aliases
			continue
		}
		kept = append(kept, c)
	}
	out := make([]KMSKey, len(kept))
	for i, c := range kept {
		out[i] = c.key
	}
	return out
}

// keyAccount is the account that owns a key: its AccountID, else the account of its ARN.
func keyAccount(k KMSKey) string {
	if k.AccountID != "" {
		return k.AccountID
	}
	_, account := arnRegionAccount(k.ARN)
	return account
}

// preferKeyCopy says whether copy c of a key replaces the copy kept. A key's state is a fact
// of the moment DescribeKey ran, and DescribeKey reports the same state to the owner and to
// an account the key policy lets describe it, so the owner's copy knows no more than
// another: the most recently collected copy wins (a key Enabled in last week's snapshot and
// PendingDeletion in today's is pending deletion). A newer copy that recorded no state
// (written by a storewatch that did not record states) still wins: an older copy's state
// may no longer hold, and the key's state is then unknown rather than last week's Enabled.
// Copies collected at the same time that disagree cannot both be current: the less usable
// state wins (no state counts as undecided), so a disagreement never turns into a pass;
// then the owner's copy, then the lowest field values, so the result does not depend on
// the order of the inputs.
func preferKeyCopy(c, kept keyCopy) bool {
	if d := c.at.Compare(kept.at); d != 0 {
		return d > 0
	}
	if d := cmp.Compare(keyStateRisk(c.key.KeyState), keyStateRisk(kept.key.KeyState)); d != 0 {
		return d > 0
	}
	if c.owned != kept.owned {
		return c.owned
	}
	a, b := c.key, kept.key
	return cmp.Or(
		cmp.Compare(a.KeyState, b.KeyState),
		cmp.Compare(a.KeyManager, b.KeyManager),
		cmp.Compare(a.AccountID, b.AccountID),
		cmp.Compare(a.Region, b.Region),
	) < 0
}

// keyStateRisk orders key states from usable (0: Enabled, Updating) through undecided (1:
// Creating, a state storewatch does not know) to unusable (2), as policies/lib/kms.rego
// judges them.
func keyStateRisk(state string) int {
	switch {
	case slices.Contains(UsableKeyStates, state):
		return 0
	case slices.Contains(UnusableKeyStates, state):
		return 2
	}
	return 1
}

// AddMissingAccounts adds to a merged snapshot each expected account it does not hold — an
// account whose collection wrote no snapshot — with the collection errors errorsOf gives for
// it (every operation that reads an account failed), so that every check about the account
// is unknown and the account is in the reports rather than absent from them. It returns the
// accounts added, sorted, and resolves the snapshot again when there are any.
func (s *Snapshot) AddMissingAccounts(expected []string, errorsOf func(account string) []CollectionError) []string {
	held := s.accountIDs()
	var added []string
	for _, id := range sortedUnique(slices.Clone(expected)) {
		if held[id] {
			continue
		}
		added = append(added, id)
		s.Accounts = append(s.Accounts, Account{Meta: Meta{ID: id, Type: TypeAccount, Name: id, AccountID: id}})
		s.Errors = append(s.Errors, errorsOf(id)...)
	}
	if len(added) > 0 {
		Resolve(s)
	}
	return added
}
