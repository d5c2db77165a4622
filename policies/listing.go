package policies

import (
	"fmt"
	"slices"
	"strings"

	"github.com/storewatch/storewatch/inventory"
)

// listingUnknowns gives each selected rule, for every account or region where a listing of
// its resource types failed, one unknown finding on that account or region. The resources
// the rule would have judged there are not in the snapshot: without this finding a failed
// listing would look like "nothing failed", and --fail-on-unknown could not see it.
// Resources a rule does judge carry their own errors (see errorScope). A plan's NotInPlan
// errors are left out: a plan judges the resources it holds, and the account-wide facts it
// lacks already make the checks that need them unknown.
func (e *Engine) listingUnknowns(snap *inventory.Snapshot) []pending {
	type scopeKey struct{ account, region string }
	type key struct {
		rule  *Rule
		scope scopeKey
	}
	errs := map[key][]inventory.CollectionError{}
	var keys []key
	for _, ce := range snap.Errors {
		if ce.AccountID == "" || ce.Resource != "" || ce.Code == inventory.CodeNotInPlan {
			continue
		}
		for _, typ := range inventory.ListedTypes(ce.Operation) {
			for _, r := range e.rules {
				if !r.AppliesTo(typ) {
					continue
				}
				k := key{r, scopeKey{ce.AccountID, ce.Region}}
				if _, seen := errs[k]; !seen {
					keys = append(keys, k)
				}
				if !slices.ContainsFunc(errs[k], func(x inventory.CollectionError) bool { return x.Operation == ce.Operation }) {
					errs[k] = append(errs[k], ce)
				}
			}
		}
	}
	if len(keys) == 0 {
		return nil
	}
	scopes := map[scopeKey]*Resource{}
	for i := range snap.Accounts {
		m := &snap.Accounts[i].Meta
		scopes[scopeKey{m.AccountID, ""}] = resourceOf(m)
	}
	for i := range snap.Regions {
		m := &snap.Regions[i].Meta
		scopes[scopeKey{m.AccountID, m.Region}] = resourceOf(m)
	}
	verdicts := make([]pending, 0, len(keys))
	for _, k := range keys {
		res := scopes[k.scope]
		if res == nil {
			res = scopeResource(k.scope.account, k.scope.region)
			scopes[k.scope] = res
		}
		es := errs[k]
		d := &verdictDetail{status: StatusUnknown, errors: es}
		where := "account " + k.scope.account
		if k.scope.region != "" {
			where = k.scope.region + " of " + where
		}
		var types []string
		for _, t := range k.rule.ResourceTypes {
			for _, ce := range es {
				if slices.Contains(inventory.ListedTypes(ce.Operation), t) && !slices.Contains(types, t) {
					types = append(types, t)
				}
			}
		}
		verb := "could not be listed"
		if !slices.ContainsFunc(es, func(ce inventory.CollectionError) bool { return ce.Code != inventory.CodeNotCollected }) {
			verb = "were not listed"
		}
		d.message = fmt.Sprintf("%s; the %s resources of %s %s, so none of them was judged",
			UnknownMessage(es), strings.Join(types, ", "), where, verb)
		verdicts = append(verdicts, pending{res: res, detail: d, rule: e.position[k.rule]})
	}
	return verdicts
}

// scopeResource names an account or a region that the snapshot does not list as an item.
func scopeResource(account, region string) *Resource {
	if region == "" {
		return &Resource{ID: account, Type: inventory.TypeAccount, Name: account, AccountID: account}
	}
	return &Resource{ID: account + "/" + region, Type: inventory.TypeRegion, Name: region, AccountID: account, Region: region}
}
