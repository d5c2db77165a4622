package run

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/inventory"
	awsinv "github.com/storewatch/storewatch/inventory/aws"
	"github.com/storewatch/storewatch/policies"
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

// TestPlanCollectsWhatAlarmLinksNeed: whether an alarm watches a store is decided by the
// resolver, sometimes on a fact beyond the store's listing. An S3 request metric exists only
// under the FilterId of one of the bucket's metrics configurations, so the rules that read
// a bucket's linked alarms need ListBucketMetricsConfigurations even when selected alone
// (--rule SW-MA-01, --service cloudwatch), or every such alarm stays undecided. An
// OpenSearch metric's ClientId is matched with the domain's account, which the domain's
// listing (DescribeDomains, its ARN) already gives.
func TestPlanCollectsWhatAlarmLinksNeed(t *testing.T) {
	rules := testEngine(t).Rules()
	tests := []struct {
		rule string
		ops  []awsinv.Operation
	}{
		{"SW-MA-01", []awsinv.Operation{"s3:ListBucketMetricsConfigurations", "s3:ListBuckets", "es:DescribeDomains", "cloudwatch:DescribeAlarms"}},
		{"SW-MA-02", []awsinv.Operation{"s3:ListBucketMetricsConfigurations", "es:DescribeDomains"}},
		{"SW-MA-04", []awsinv.Operation{"s3:ListBucketMetricsConfigurations", "es:DescribeDomains"}},
		{"SW-AH-06", []awsinv.Operation{"s3:ListBucketMetricsConfigurations", "es:DescribeDomains"}},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			i := slices.IndexFunc(rules, func(r *policies.Rule) bool { return r.ID == tt.rule })
			if i < 0 {
				t.Fatalf("no rule %s", tt.rule)
			}
			plan, _ := PlanForRules(rules[i:i+1], awsinv.PlanOptions{})
			for _, op := range tt.ops {
				if !plan.Has(op) {
					t.Errorf("rule %s alone does not call %s; its plan: %v", tt.rule, op, plan.Operations())
				}
			}
		})
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

// TestKeyRulesDescribeKeys: the rules that judge whether a KMS key is usable read its
// state from kms:DescribeKey; selected alone they must call it, and iam-policy must grant
// it, or every key would be unknown.
func TestKeyRulesDescribeKeys(t *testing.T) {
	rules := testEngine(t).Rules()
	for _, id := range []string{"SW-CWL-03", "SW-TI-02", "SW-TI-08", "SW-MON-03"} {
		i := slices.IndexFunc(rules, func(r *policies.Rule) bool { return r.ID == id })
		if i < 0 {
			t.Fatalf("no rule %s", id)
		}
		plan, _ := PlanForRules(rules[i:][:1], awsinv.PlanOptions{})
		if !plan.Has("kms:DescribeKey") || !slices.Contains(plan.IAMActions(), "kms:DescribeKey") {
			t.Errorf("rule %s alone: plan calls kms:DescribeKey %v, grants %v", id, plan.Has("kms:DescribeKey"), plan.IAMActions())
		}
	}
}

func TestCheckRegions(t *testing.T) {
	tests := []struct {
		region string
		ok     bool
	}{
		{"eu-west-1", true},
		{"us-gov-west-1", true},
		{"cn-northwest-1", true},
		{"us-iso-east-1", true},
		{"us-isob-east-1", true},
		{"eu-isoe-west-1", true},
		{"ap-southeast-5", true},
		{"eusc-de-east-1", true},
		{"eu-west1", false},
		{"euwest-1", false},
		{"EU-WEST-1", false},
		{"eu-west-", false},
		{"", false},
		{"eu-west-1 ", false},
	}
	for _, tt := range tests {
		t.Run(tt.region, func(t *testing.T) {
			err := CheckRegions("--region", []string{tt.region})
			if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrUsage)) {
				t.Errorf("CheckRegions(%q) = %v, want ok %v (a usage error otherwise)", tt.region, err, tt.ok)
			}
		})
	}
}

func TestParseEndpoints(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		want   map[string]string
		errHas string
	}{
		{"known services", []string{"s3=http://127.0.0.1:5000", "redshift-serverless=https://rs.example"},
			map[string]string{"s3": "http://127.0.0.1:5000", "redshift-serverless": "https://rs.example"}, ""},
		{"unknown service", []string{"nosuch=http://x"}, nil, `unknown service "nosuch"`},
		{"missing URL", []string{"s3="}, nil, "want SERVICE=URL"},
		{"not a URL", []string{"s3=ht!tp://x"}, nil, "endpoint URL"},
		{"not http", []string{"s3=ftp://x"}, nil, "want http://HOST"},
		{"no host", []string{"s3=http://"}, nil, "want http://HOST"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseEndpoints(tt.values)
			if tt.errHas != "" {
				if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), tt.errHas) {
					t.Errorf("ParseEndpoints(%q) error = %v, want a usage error containing %q", tt.values, err, tt.errHas)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseEndpoints (-want +got):\n%s", diff)
			}
		})
	}
}
