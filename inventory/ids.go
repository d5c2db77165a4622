package inventory

import "fmt"

// CheckUniqueIDs refuses a snapshot in which two items, of one collection or of two, have the
// same id in the same account. Findings, waivers, baselines and SARIF fingerprints are keyed
// on (rule, account, resource id): a repeated id would judge one resource twice under one
// finding id and hide which entry a finding speaks of. Ids may repeat across accounts, as two
// accounts' plans may hold the same Terraform address.
func (s *Snapshot) CheckUniqueIDs() error {
	type key struct{ account, id string }
	type place struct {
		collection string
		index      int
	}
	colls := s.Collections()
	n := 0
	for _, c := range colls {
		n += c.Len
	}
	seen := make(map[key]place, n)
	for _, c := range colls {
		for i := range c.Len {
			m := c.Meta(i)
			k := key{m.AccountID, m.ID}
			if first, dup := seen[k]; dup {
				return fmt.Errorf("%w: resource id %q of account %q appears twice, at /%s/%d and /%s/%d",
					ErrInvalid, m.ID, m.AccountID, first.collection, first.index, c.Name, i)
			}
			seen[k] = place{c.Name, i}
		}
	}
	return nil
}
