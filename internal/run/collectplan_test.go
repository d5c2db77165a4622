package run

import (
	"slices"
	"testing"

	"github.com/storewatch/storewatch/inventory"
	awsinv "github.com/storewatch/storewatch/inventory/aws"
)

// TestPlanListsEveryRuleResourceType keeps the call plan in step with the rules: a rule
// whose resources are never listed judges nothing, and every account gets an unknown that
// blames a listing nobody made. Each rule is checked alone (as --rule selects it) and
// the built-in set together (a default scan), so adding a store type without its listing
// to inventory fails here.
func TestPlanListsEveryRuleResourceType(t *testing.T) {
	rules := testEngine(t).Rules()
	all, _ := PlanForRules(rules, awsinv.PlanOptions{})
	for _, r := range rules {
		alone, _ := PlanForRules(rules[slices.Index(rules, r):][:1], awsinv.PlanOptions{})
		for _, typ := range r.ResourceTypes {
			if typ == inventory.TypeAccount || typ == inventory.TypeRegion {
				continue
			}
			ops := inventory.ListingOperations(typ)
			if len(ops) == 0 {
				t.Errorf("rule %s judges %s, which no operation lists (inventory.ListingOperations)", r.ID, typ)
			}
			for _, op := range ops {
				if !all.Has(awsinv.Operation(op)) {
					t.Errorf("the default plan does not call %s, which lists the %s resources rule %s judges", op, typ, r.ID)
				}
				if !alone.Has(awsinv.Operation(op)) {
					t.Errorf("rule %s alone does not call %s, which lists the %s resources it judges", r.ID, op, typ)
				}
			}
		}
	}
}

// TestBuiltinRulesNameWhatTheyRead catches a rule that reads resolved facts and names no
// operation: selected alone, it would collect nothing and be judged on an empty account,
// and iam-policy would not grant what it reads.
func TestBuiltinRulesNameWhatTheyRead(t *testing.T) {
	for _, r := range testEngine(t).Rules() {
		if len(r.Requires) == 0 && len(r.Collects) == 0 {
			t.Errorf("rule %s names no operation in custom.requires or custom.collects", r.ID)
		}
	}
}
