package policies

import (
	"slices"

	"github.com/storewatch/storewatch/inventory"
)

// errorScope finds the collection errors that make a rule's verdict on a resource unknown:
// the resource's own errors, and the account- or region-wide errors (a listing that failed)
// of its account and region, for the operations the rule requires.
type errorScope struct {
	byOperation map[string][]inventory.CollectionError
}

func newErrorScope(errs []inventory.CollectionError) *errorScope {
	s := &errorScope{byOperation: map[string][]inventory.CollectionError{}}
	for _, e := range errs {
		s.byOperation[e.Operation] = append(s.byOperation[e.Operation], e)
	}
	return s
}

// affecting returns the errors that make rule r's verdict on the resource m unknown. An
// operation of the rule's scoped_requires concerns only the resources its depends lists
// under it (depends is the rule's output for the resource's batch): the others' verdicts do
// not read what it collects, so its failure leaves them decided.
func (s *errorScope) affecting(r *Rule, m *inventory.Meta, depends map[string]map[string]bool) []inventory.CollectionError {
	if len(r.Requires) == 0 {
		return nil
	}
	concerns := func(op string) bool {
		return !slices.Contains(r.ScopedRequires, op) || depends[op][m.ID]
	}
	var out []inventory.CollectionError
	for _, e := range m.Errors {
		if slices.Contains(r.Requires, e.Operation) && concerns(e.Operation) {
			out = append(out, e)
		}
	}
	for _, op := range r.Requires {
		if !concerns(op) {
			continue
		}
		for _, e := range s.byOperation[op] {
			if e.AccountID != "" && m.AccountID != "" && e.AccountID != m.AccountID {
				continue
			}
			// An error without a region (a global service) concerns every region; a
			// resource without a region (an account) is concerned by every region.
			if e.Region != "" && m.Region != "" && e.Region != m.Region {
				continue
			}
			out = append(out, e)
		}
	}
	return out
}
