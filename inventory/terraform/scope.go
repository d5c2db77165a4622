package terraform

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/storewatch/storewatch/inventory"
)

// A plan describes the resources it manages, not the account around them: the trails, log
// groups, event subscriptions and alarms that exist beside it are not in it. Collection
// errors with code inventory.CodeNotInPlan say so on the account and region items
// (Meta.Errors), so rules that judge an account or region as a whole report unknown, while
// rules on the plan's own resources judge them. Merged over a live snapshot (--snapshot)
// the plan gets no such errors.

// accountWideOps are the listings whose complete result an account-level rule needs. They
// do not include cloudwatch:DescribeAlarms: the alarms of a store the plan manages are taken
// to be the plan's, so a planned store without alarms fails. Nor do they include the reads
// of one trail or log group (cloudtrail:GetEventSelectors, GetTrailStatus,
// GetInsightSelectors, logs:DescribeMetricFilters): a trail the plan declares carries its
// selectors and logging switch, a log group the plan creates has the filters the plan
// gives it (an existing group's other filters are in its unknown_fields), and the trails
// and groups beside the plan are already unknown through their listings.
var accountWideOps = [][2]string{
	{"cloudtrail", "cloudtrail:DescribeTrails"},
	{"cloudtrail", "cloudtrail:ListEventDataStores"},
	{"logs", "logs:DescribeLogGroups"},
	{"logs", "logs:DescribeResourcePolicies"},
	{"rds", "rds:DescribeEventSubscriptions"},
	{"redshift", "redshift:DescribeEventSubscriptions"},
	{"s3", "s3:GetAccountPublicAccessBlock"},
}

// regionWideOps add, for region items, the region's alarm listing: region-level alarm facts
// (alarms on the account's DynamoDB capacity) are not the plan's to tell.
var regionWideOps = append(slices.Clone(accountWideOps), [2]string{"cloudwatch", "cloudwatch:DescribeAlarms"})

const notInPlanMessage = "a Terraform plan holds only the resources it manages, not the rest of the account; pass --snapshot with a snapshot of the live account to judge account-wide facts"

func notInPlan(account, region string, ops [][2]string) []inventory.CollectionError {
	out := make([]inventory.CollectionError, 0, len(ops))
	for _, op := range ops {
		out = append(out, inventory.CollectionError{
			Source: inventory.SourceTerraformPlan, AccountID: account, Region: region,
			Service: op[0], Operation: op[1], Code: inventory.CodeNotInPlan, Message: notInPlanMessage,
		})
	}
	return out
}

// placeInstances decides each instance's account and region and builds the identity index.
// The region is the resource's own (an S3 bucket's region attribute), else its provider's
// configured region, else the one in its ARN. The account is the one in the resource's
// ARN, else the provider's allowed_account_ids or assume_role role, else the one all known
// ARNs agree on, else the UnknownAccount placeholder.
func (c *converter) placeInstances() {
	byProvider := map[string][]*instance{}
	// A destroyed separate resource has no configuration left: it is placed with the default
	// provider, unless its ARN says where it was.
	for _, in := range append(slices.Clip(c.instances), c.destroyed...) {
		k := "aws"
		if in.cfg != nil && in.cfg.ProviderConfigKey != "" {
			k = in.cfg.ProviderConfigKey
		}
		byProvider[k] = append(byProvider[k], in)
	}
	allAccounts := map[string]bool{}
	for _, in := range c.instances {
		if a, _ := arnAccountRegion(str(in.after.get("arn").v)); a != "" && in.addr.mode == "managed" {
			allAccounts[a] = true
		}
	}
	keys := make([]string, 0, len(byProvider))
	for k := range byProvider {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		insts := byProvider[k]
		pc := c.providerConfig(k)
		region := c.providerRegion(pc)
		c.providerRegions[k] = region
		account := providerAccount(pc)
		accounts, regions := map[string]bool{}, map[string]bool{}
		for _, in := range insts {
			if in.destroyed {
				continue
			}
			if a, r := arnAccountRegion(str(in.after.get("arn").v)); a != "" && in.addr.mode == "managed" {
				accounts[a] = true
				if r != "" {
					regions[r] = true
				}
			}
			// data "aws_caller_identity" names the account the provider acts in.
			if in.addr.mode == "data" && in.rc.Type == "aws_caller_identity" {
				if a := str(in.after.get("account_id").v); a != "" {
					accounts[a] = true
				}
			}
		}
		if account == "" {
			account = only(accounts)
		}
		if account == "" {
			account = only(allAccounts)
		}
		if account == "" {
			account = UnknownAccount
		}
		if region == "" {
			region = only(regions)
		}
		if region == "" {
			region = UnknownRegion
		}
		for _, in := range insts {
			in.account, in.region, in.provider = account, region, k
			a, r := arnAccountRegion(str(in.after.get("arn").v))
			if a != "" {
				in.account = a
			}
			if r != "" {
				in.region = r
			}
			if v := in.after.get("region"); v.wholeKnown() {
				if s, ok := v.v.(string); ok && s != "" {
					in.region = s
				}
			}
		}
	}
	for _, in := range c.instances {
		if in.addr.mode != "managed" {
			continue
		}
		add := func(v string) {
			if v == "" {
				return
			}
			m := c.identity[in.rc.Type]
			if m == nil {
				m = map[string]*instance{}
				c.identity[in.rc.Type] = m
			}
			if _, dup := m[v]; !dup {
				m[v] = in
			}
		}
		add(nameOf(in))
		for _, attr := range []string{"arn", "id", "key_id"} {
			if n := in.after.get(attr); n.wholeKnown() {
				add(str(n.v))
			}
		}
		if in.rc.Type == "aws_s3_bucket" && nameOf(in) != "" {
			add(s3ARN(partitionOfRegion(in.region), nameOf(in)))
		}
	}
}

func only(m map[string]bool) string {
	if len(m) != 1 {
		return ""
	}
	for k := range m {
		return k
	}
	return ""
}

func (c *converter) providerConfig(key string) *ProviderConfig {
	if pc, ok := c.plan.Configuration.ProviderConfig[key]; ok {
		return &pc
	}
	if pc, ok := c.plan.Configuration.ProviderConfig[providerKey(key)]; ok {
		return &pc
	}
	return nil
}

// providerRegion is the region a provider block configures: a constant, a root variable,
// or (with the .tf files) any expression the evaluator can work out.
func (c *converter) providerRegion(pc *ProviderConfig) string {
	if pc == nil {
		return ""
	}
	raw, ok := pc.Expressions["region"]
	if !ok {
		return ""
	}
	var e Expression
	if json.Unmarshal(raw, &e) != nil {
		return ""
	}
	if s := constantString(e); s != "" {
		return s
	}
	if pc.ModuleAddress == "" {
		for _, ref := range e.References {
			steps, err := parseTraversal(ref)
			if err == nil && len(steps) == 2 && steps[0].name == "var" {
				if v, ok := c.plan.Variables[steps[1].name].Value.(string); ok && len(e.References) == 1 && !c.cfg.sensitiveVar(steps[1].name) {
					return v
				}
			}
		}
		if c.ev != nil && c.src.modules[""] != nil {
			for _, b := range c.src.modules[""].providers {
				if b.Labels[0] != pc.Name || providerAlias(b) != pc.Alias {
					continue
				}
				if a, ok := b.Body.Attributes["region"]; ok {
					if s, ok := ctyToGo(c.ev.eval(nil, self{}, a.Expr, nil)).(string); ok {
						return s
					}
				}
			}
		}
	}
	return ""
}

// providerAccount is the account a provider block pins: allowed_account_ids with one
// account, or the account of the role it assumes.
func providerAccount(pc *ProviderConfig) string {
	if pc == nil {
		return ""
	}
	if raw, ok := pc.Expressions["allowed_account_ids"]; ok {
		var e Expression
		var ids []string
		if json.Unmarshal(raw, &e) == nil && json.Unmarshal(e.ConstantValue, &ids) == nil && len(ids) == 1 {
			return ids[0]
		}
	}
	if raw, ok := pc.Expressions["assume_role"]; ok {
		var blocks []map[string]Expression
		if json.Unmarshal(raw, &blocks) == nil && len(blocks) == 1 {
			if a, _ := arnAccountRegion(constantString(blocks[0]["role_arn"])); a != "" {
				return a
			}
		}
	}
	return ""
}

// providerAlias is the constant alias of a provider block, "" for the default one.
func providerAlias(b *hclsyntax.Block) string {
	a, ok := b.Body.Attributes["alias"]
	if !ok {
		return ""
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}

// account returns the snapshot account item, creating it.
func (c *converter) account(id string) *inventory.Account {
	if a := c.accounts[id]; a != nil {
		return a
	}
	a := &inventory.Account{Meta: inventory.Meta{ID: id, Type: inventory.TypeAccount, AccountID: id}}
	c.accounts[id] = a
	return a
}

func (c *converter) warnf(format string, args ...any) {
	c.warnings = append(c.warnings, fmt.Sprintf(format, args...))
}

// finish puts the items into the snapshot, with the accounts and regions they live in, the
// scope marks and the source.
func (c *converter) finish() {
	markPending(c)
	s := c.snap
	regions := map[[2]string]bool{}
	// The provider configurations of the items in each account and in each region, so
	// that the account's and the region's findings point at a provider block that
	// configures them.
	accountProviders, regionProviders := map[string]map[string]bool{}, map[[2]string]map[string]bool{}
	addProvider := func(m map[string]bool, k string) map[string]bool {
		if m == nil {
			m = map[string]bool{}
		}
		if k != "" {
			m[k] = true
		}
		return m
	}
	for _, in := range c.instances {
		if in.item != nil {
			accountProviders[in.account] = addProvider(accountProviders[in.account], in.provider)
			k := [2]string{in.account, in.region}
			regionProviders[k] = addProvider(regionProviders[k], in.provider)
		}
		switch x := in.item.(type) {
		case nil:
			continue
		case *inventory.Trail:
			s.Trails = append(s.Trails, *x)
		case *inventory.Alarm:
			s.Alarms = append(s.Alarms, *x)
		case *inventory.CompositeAlarm:
			s.CompositeAlarms = append(s.CompositeAlarms, *x)
		case *inventory.LogGroup:
			s.LogGroups = append(s.LogGroups, *x)
		case *inventory.SNSTopic:
			s.SNSTopics = append(s.SNSTopics, *x)
		case *inventory.EventSubscription:
			s.EventSubscriptions = append(s.EventSubscriptions, *x)
		case *inventory.DBInstance:
			s.DBInstances = append(s.DBInstances, *x)
		case *inventory.DBCluster:
			s.DBClusters = append(s.DBClusters, *x)
		case *inventory.DynamoDBTable:
			s.DynamoDBTables = append(s.DynamoDBTables, *x)
		case *inventory.S3Bucket:
			s.S3Buckets = append(s.S3Buckets, *x)
		case *inventory.RedshiftCluster:
			s.RedshiftClusters = append(s.RedshiftClusters, *x)
		case *inventory.RedshiftServerlessNamespace:
			s.RedshiftServerlessNamespaces = append(s.RedshiftServerlessNamespaces, *x)
		case *inventory.ElastiCacheCluster:
			s.ElastiCacheClusters = append(s.ElastiCacheClusters, *x)
		case *inventory.OpenSearchDomain:
			s.OpenSearchDomains = append(s.OpenSearchDomains, *x)
		case *inventory.MemoryDBCluster:
			s.MemoryDBClusters = append(s.MemoryDBClusters, *x)
		case *inventory.KMSKey:
			s.KMSKeys = append(s.KMSKeys, *x)
		}
		c.account(in.account)
		regions[[2]string{in.account, in.region}] = true
	}
	ids := make([]string, 0, len(c.accounts))
	for id := range c.accounts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		a := c.accounts[id]
		for r := range regions {
			if r[0] == id {
				a.Regions = append(a.Regions, r[1])
			}
		}
		sort.Strings(a.Regions)
		a.Partition = "aws"
		if len(a.Regions) > 0 {
			a.Partition = partitionOfRegion(a.Regions[0])
		}
		a.Source = c.providerSource(accountProviders[id], "")
		a.Errors = notInPlan(id, "", accountWideOps)
		s.Accounts = append(s.Accounts, *a)
		for _, r := range a.Regions {
			s.Regions = append(s.Regions, inventory.RegionScope{Meta: inventory.Meta{
				ID: id + "/" + r, Type: inventory.TypeRegion, Name: r, AccountID: id, Region: r,
				Source: c.providerSource(regionProviders[[2]string{id, r}], r), Errors: notInPlan(id, r, regionWideOps),
			}})
		}
	}
	s.Sources = []inventory.Source{{
		Kind: inventory.SourceTerraformPlan, Detail: c.opts.PlanFile, Accounts: ids,
		TerraformVersion: c.plan.TerraformVersion,
	}}
	s.Errors = []inventory.CollectionError{}
	applyAccountBlocks(s, c.accountBlocks)
	s.Normalize()
}
