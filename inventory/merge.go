package inventory

import (
	"fmt"
	"reflect"
)

// Merge combines snapshots of different accounts into one, as an organisation-wide audit
// does with the snapshots its per-account jobs wrote (docs/scale.md). Every collection is
// concatenated — items carry their own account and region — and the result is resolved
// again, because some joins cross accounts (an organisation trail in the management account
// records the member accounts' events). The merged snapshot is as old as its oldest part,
// and partial if any part is.
//
// An account may appear in one input only: two snapshots of the same account would count
// its stores twice, and which one is right cannot be told. The inputs share their items with
// the result and must not be used afterwards.
func Merge(tool Tool, snaps ...*Snapshot) (*Snapshot, error) {
	if len(snaps) == 0 {
		return nil, fmt.Errorf("merge: no snapshot")
	}
	out := &Snapshot{SchemaVersion: SchemaVersion, Tool: tool}
	owner := map[string]int{}
	ov := reflect.ValueOf(out).Elem()
	for i, s := range snaps {
		for _, a := range s.Accounts {
			if j, dup := owner[a.ID]; dup {
				return nil, fmt.Errorf("merge: account %s is in snapshots %d and %d: merge snapshots of different accounts", a.ID, j+1, i+1)
			}
			owner[a.ID] = i
		}
		if out.CollectedAt.IsZero() || s.CollectedAt.Before(out.CollectedAt) {
			out.CollectedAt = s.CollectedAt
		}
		out.Partial = out.Partial || s.Partial
		sv := reflect.ValueOf(s).Elem()
		for f := 0; f < ov.NumField(); f++ {
			if ov.Field(f).Kind() == reflect.Slice {
				ov.Field(f).Set(reflect.AppendSlice(ov.Field(f), sv.Field(f)))
			}
		}
	}
	// Regions are derived from the accounts and resources, and posture from the facts.
	out.Regions = nil
	Resolve(out)
	return out, nil
}
