package terraform

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/storewatch/storewatch/inventory"
)

// Placeholders for an account or region the plan does not reveal. docs/terraform.md
// documents them; with --snapshot the live account's id replaces them.
const (
	UnknownAccount = "unknown-account"
	UnknownRegion  = "unknown-region"
)

// Options configure Convert.
type Options struct {
	// PlanFile names the plan in the snapshot's source.
	PlanFile string
	// Dir is the configuration root (the directory `terraform plan` ran in). When empty,
	// resources get no source location and references are resolved from the plan's
	// configuration section alone.
	Dir  string
	Tool inventory.Tool
	// Now is the collection time when the plan has no timestamp.
	Now    func() time.Time
	Logger *slog.Logger
}

// Result is a converted plan.
type Result struct {
	// Snapshot is the planned end state, unresolved.
	Snapshot *inventory.Snapshot
	// Deleted are the resources the plan destroys; merged over a live snapshot, they leave
	// it.
	Deleted []Deleted
	// Warnings say what could not be located or read (a module not on disk).
	Warnings []string

	// existing are the addresses of resources that exist before the plan (updated,
	// unchanged or forgotten), whose unknowns Merge may fill from the live account.
	existing map[string]bool
	orphans  []orphan
	conv     *converter
	// gone are the list entries the plan destroys (see detachments), and goneLogPolicies
	// the CloudWatch Logs resource policies: Merge does not take them from the live account.
	gone            map[string]bool
	goneLogPolicies []goneLogPolicy
	// unknownLogPolicies are the resource policies the plan puts whose document is known
	// only after apply.
	unknownLogPolicies []goneLogPolicy
	// goneKeys are the KMS keys the plan destroys, by ARN and by key id, and goneAliases
	// the aliases.
	goneKeys, goneAliases map[string]bool
	accountBlocks         map[string]accountBlock
}

// Deleted is a resource that the plan destroys, as it was before.
type Deleted struct {
	Address   string
	Type      string
	ARN       string
	Name      string
	AccountID string
	Region    string
}

// instance is one resource instance of the plan with its end state.
type instance struct {
	rc      *ResourceChange
	addr    resourceAddr
	address string
	// after is the end state: the change's after value and its unknown mask.
	after node
	// isNew is true for a resource the plan creates (or replaces): settings nobody manages
	// then take AWS's defaults for new resources, where an existing resource keeps whatever
	// it has.
	isNew bool
	cfg   *ConfigResource
	block *hclsyntax.Block
	obj   cty.Value
	// account and region are where the instance lives.
	account, region string
	// provider is the key of the provider configuration that manages it ("aws",
	// "aws.west").
	provider string
	// item is the snapshot item the instance became, if any.
	item any
	// destroyed is true for a separate resource the plan deletes; after then holds what it
	// configured before (see detachments).
	destroyed bool
}

// converter holds the state of one Convert.
type converter struct {
	ctx  context.Context
	plan *Plan
	opts Options
	cfg  *configIndex
	src  *sources
	ev   *evaluator

	instances []*instance
	// destroyed are the separate resources the plan deletes, whose settings go with them.
	destroyed []*instance
	gone      map[string]bool
	// goneLogPolicies are the CloudWatch Logs resource policies the plan deletes.
	goneLogPolicies    []goneLogPolicy
	unknownLogPolicies []goneLogPolicy
	goneKeys           map[string]bool
	goneAliases        map[string]bool
	// accountBlocks are the accounts' S3 Block Public Access the plan sets or deletes.
	accountBlocks map[string]accountBlock
	byAddress     map[string]*instance
	// byConfig lists instances by module instance and configuration key
	// ("module.a[\"x\"]|aws_s3_bucket.this").
	byConfig map[string][]*instance
	// moduleKeys lists the instance keys of each module call ("module.a[\"x\"]|b").
	moduleKeys     map[string][]instanceKey
	seenModuleKeys map[string]bool
	// identity finds instances by type and known name or ARN.
	identity map[string]map[string]*instance

	snap     *inventory.Snapshot
	deleted  []Deleted
	warnings []string
	// invalid is why the plan is refused, found while its values were read (typed.go).
	invalid  error
	accounts map[string]*inventory.Account
	// providerRegions is the region each provider configuration sets, by key ("" when
	// it sets none the plan tells).
	providerRegions map[string]string
	// kms collects the keys, by ARN or (unknown ARN) address.
	kms map[string]*inventory.KMSKey
	// pendingTopics are the topics with a subscription that awaits a person's confirmation.
	pendingTopics map[*inventory.SNSTopic]bool
	// orphans are attachments to resources the plan does not manage.
	orphans []orphan
	// clusters finds DB clusters by id and by account, region and name.
	clusters map[string]*inventory.DBCluster
}

// Convert turns a plan into the snapshot of its planned end state.
func Convert(ctx context.Context, p *Plan, o Options) (*Result, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	c := &converter{
		ctx:             ctx,
		plan:            p,
		opts:            o,
		cfg:             newConfigIndex(&p.Configuration),
		byAddress:       map[string]*instance{},
		byConfig:        map[string][]*instance{},
		moduleKeys:      map[string][]instanceKey{},
		seenModuleKeys:  map[string]bool{},
		identity:        map[string]map[string]*instance{},
		accounts:        map[string]*inventory.Account{},
		providerRegions: map[string]string{},
		kms:             map[string]*inventory.KMSKey{},

		pendingTopics: map[*inventory.SNSTopic]bool{},
		gone:          map[string]bool{},
		goneKeys:      map[string]bool{},
		goneAliases:   map[string]bool{},
		accountBlocks: map[string]accountBlock{},
	}
	if o.Dir != "" {
		src, problems := loadSources(ctx, o.Dir, c.cfg)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if src == nil {
			return nil, fmt.Errorf("read configuration in %s: %w", o.Dir, problems[0])
		}
		c.src = src
		for _, e := range problems {
			c.warnings = append(c.warnings, e.Error())
		}
		c.ev = newEvaluator(c, src)
	}
	if err := c.collect(); err != nil {
		return nil, err
	}
	c.placeInstances()
	c.snap = &inventory.Snapshot{
		SchemaVersion: inventory.SchemaVersion,
		Tool:          o.Tool,
		CollectedAt:   c.collectedAt(),
		Partial:       p.Complete != nil && !*p.Complete,
	}
	for _, in := range c.instances {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if f := primaries[in.rc.Type]; f != nil && in.addr.mode == "managed" {
			f(c, in)
		}
	}
	// What a destroyed separate resource set goes first: a resource that still sets it after
	// apply sets it again below.
	for _, in := range c.destroyed {
		detachments[in.rc.Type](c, in)
	}
	for _, t := range attachmentOrder {
		for _, in := range c.instances {
			if in.rc.Type == t && in.addr.mode == "managed" {
				attachments[t](c, in)
			}
		}
	}
	if c.invalid != nil {
		return nil, c.invalid
	}
	c.finish()
	markGoneKeys(c.snap, c.goneKeys, c.goneAliases)
	if len(c.deleted) > 0 && !holdsResources(c.snap) {
		// A destroy plan judges nothing; "0 checks, gate passed" alone read like a bug.
		c.warnf("the plan destroys every resource it manages: nothing is left to judge")
	}
	logWarnings(o.Logger, c.warnings)
	existing := map[string]bool{}
	for _, in := range c.instances {
		if !in.isNew {
			existing[in.address] = true
		}
	}
	return &Result{Snapshot: c.snap, Deleted: c.deleted, Warnings: c.warnings, existing: existing, orphans: c.orphans, conv: c,
		gone: c.gone, goneLogPolicies: c.goneLogPolicies, unknownLogPolicies: c.unknownLogPolicies,
		goneKeys: c.goneKeys, goneAliases: c.goneAliases, accountBlocks: c.accountBlocks}, nil
}

// collect turns the resource changes into instances: the end state of each resource that
// still exists after apply, and the record of each one the plan deletes.
func (c *converter) collect() error {
	changes := make([]*ResourceChange, 0, len(c.plan.ResourceChanges))
	for i := range c.plan.ResourceChanges {
		changes = append(changes, &c.plan.ResourceChanges[i])
	}
	// A plan made with -target (or -refresh-only, which plans no change at all) has no
	// change for the resources it leaves alone: they stay as the prior state has them.
	if c.plan.PriorState != nil && c.plan.PriorState.Values != nil {
		changed := map[string]bool{}
		for _, rc := range changes {
			if rc.Deposed == "" {
				changed[rc.Address] = true
			}
		}
		changes = c.untouched(&c.plan.PriorState.Values.RootModule, changed, changes)
	}
	for _, rc := range changes {
		mi, err := parseModuleInstance(rc.ModuleAddress)
		if err != nil {
			return fmt.Errorf("%w: resource change %q: %w", ErrInvalidPlan, rc.Address, err)
		}
		if rc.Type == "" || rc.Name == "" {
			return fmt.Errorf("%w: resource change %q has no type or name", ErrInvalidPlan, rc.Address)
		}
		if err := checkChangeShape(rc); err != nil {
			return fmt.Errorf("%w: resource change %q: %w", ErrInvalidPlan, rc.Address, err)
		}
		mode := rc.Mode
		if mode == "" {
			mode = "managed"
		}
		a := resourceAddr{module: mi, mode: mode, typ: rc.Type, name: rc.Name, key: keyOf(rc.Index)}
		in := &instance{rc: rc, addr: a, address: a.String()}
		if rc.Deposed != "" {
			// A deposed object (an old copy left by create_before_destroy) shares its
			// address with the current one; one that stays in AWS (forget) is another
			// resource, with an id of its own.
			in.address += " (deposed " + rc.Deposed + ")"
		}
		acts := rc.Change.Actions
		if slices.Contains(acts, actionDelete) && mode == "managed" {
			c.recordGoneKey(rc)
		}
		switch {
		case slices.Equal(acts, []string{actionDelete}):
			c.recordDeleted(in)
			if detachments[rc.Type] != nil && mode == "managed" {
				in.after = hideSensitive(rc.Change.Before, nil, rc.Change.BeforeSensitive)
				in.destroyed = true
				c.destroyed = append(c.destroyed, in)
			}
			continue
		case slices.Equal(acts, []string{actionForget}):
			// `removed { lifecycle { destroy = false } }`: Terraform forgets the resource but
			// it stays in AWS as it was.
			in.after = hideSensitive(rc.Change.Before, nil, rc.Change.BeforeSensitive)
		default:
			in.after = hideSensitive(rc.Change.After, rc.Change.AfterUnknown, rc.Change.AfterSensitive)
			in.isNew = slices.Contains(acts, actionCreate)
			if slices.Contains(acts, actionDelete) {
				c.recordDeleted(in)
			}
		}
		if _, isMap := in.after.v.(map[string]any); !isMap && !in.after.unknown() {
			if in.after.v != nil {
				// Terraform writes an object (or null when nothing remains): anything else
				// is a damaged or forged plan, and skipping the resource would hide it.
				return fmt.Errorf("%w: resource change %q: the planned values are %s, want an object", ErrInvalidPlan, rc.Address, jsonKind(in.after.v))
			}
			continue
		}
		if c.byAddress[in.address] != nil {
			return fmt.Errorf("%w: resource %s appears twice in resource_changes", ErrInvalidPlan, in.address)
		}
		c.add(in)
	}
	// Data sources that were read while planning sit in the prior state, not in
	// resource_changes; references to them are evaluated from there.
	if c.plan.PriorState != nil && c.plan.PriorState.Values != nil {
		c.addStateData(&c.plan.PriorState.Values.RootModule)
	}
	sort.Slice(c.instances, func(i, j int) bool { return c.instances[i].address < c.instances[j].address })
	return nil
}

// untouched appends to changes a no-op change for each managed resource of the prior state
// that the plan has no change for (a -target or -refresh-only plan): apply leaves it as it
// is. Deposed objects are left out: one the plan does not destroy is an old copy of a
// resource that the current object stands for.
func (c *converter) untouched(m *StateModule, changed map[string]bool, changes []*ResourceChange) []*ResourceChange {
	for i := range m.Resources {
		r := &m.Resources[i]
		if r.Mode != "managed" || r.DeposedKey != "" || changed[r.Address] {
			continue
		}
		changes = append(changes, &ResourceChange{
			Address: r.Address, ModuleAddress: m.Address, Mode: r.Mode, Type: r.Type, Name: r.Name,
			Index: r.Index, ProviderName: r.ProviderName,
			Change: Change{Actions: []string{actionNoOp}, Before: r.Values, After: r.Values,
				BeforeSensitive: r.SensitiveValues, AfterSensitive: r.SensitiveValues},
		})
	}
	for i := range m.ChildModules {
		changes = c.untouched(&m.ChildModules[i], changed, changes)
	}
	return changes
}

func (c *converter) add(in *instance) {
	in.cfg = c.cfg.resource(in.addr)
	if c.src != nil {
		if m := c.src.modules[in.addr.module.static()]; m != nil {
			in.block = m.resources[in.addr.configKey()]
		}
	}
	c.instances = append(c.instances, in)
	c.byAddress[in.address] = in
	if in.rc.Deposed != "" {
		// Nothing refers to a deposed object: references name the current one.
		return
	}
	c.byConfig[in.addr.module.String()+"|"+in.addr.configKey()] = append(c.byConfig[in.addr.module.String()+"|"+in.addr.configKey()], in)
	for i := range in.addr.module {
		k := in.addr.module[:i].String() + "|" + in.addr.module[i].name
		seen := k + in.addr.module[i].key.String()
		if !c.seenModuleKeys[seen] {
			c.seenModuleKeys[seen] = true
			c.moduleKeys[k] = append(c.moduleKeys[k], in.addr.module[i].key)
		}
	}
}

func (c *converter) addStateData(m *StateModule) {
	mi, err := parseModuleInstance(m.Address)
	if err != nil {
		return
	}
	for i := range m.Resources {
		r := &m.Resources[i]
		if r.Mode != "data" {
			continue
		}
		a := resourceAddr{module: mi, mode: "data", typ: r.Type, name: r.Name, key: keyOf(r.Index)}
		if c.byAddress[a.String()] != nil {
			continue
		}
		rc := &ResourceChange{Address: a.String(), Mode: "data", Type: r.Type, Name: r.Name, Index: r.Index}
		c.add(&instance{rc: rc, addr: a, address: a.String(), after: hideSensitive(r.Values, nil, r.SensitiveValues)})
	}
	for i := range m.ChildModules {
		c.addStateData(&m.ChildModules[i])
	}
}

func (c *converter) recordDeleted(in *instance) {
	before := hideSensitive(in.rc.Change.Before, nil, in.rc.Change.BeforeSensitive)
	typ := cfnType(in.rc.Type, before)
	if typ == "" {
		return
	}
	arn, _ := before.get("arn").v.(string)
	after := in.after
	in.after = before
	d := Deleted{Address: in.address, Type: typ, ARN: arn, Name: nameOf(in)}
	in.after = after
	d.AccountID, d.Region = arnAccountRegion(arn)
	c.deleted = append(c.deleted, d)
}

// repetition says whether a resource uses count (intKey), for_each (stringKey) or neither.
func (c *converter) repetition(mi moduleInstance, mode, typ, name string, insts []*instance) keyKind {
	for _, in := range insts {
		if in.addr.key.kind != noKey {
			return in.addr.key.kind
		}
	}
	a := resourceAddr{module: mi, mode: mode, typ: typ, name: name}
	if r := c.cfg.resource(a); r != nil {
		switch {
		case r.CountExpression != nil:
			return intKey
		case r.ForEachExpression != nil:
			return stringKey
		}
	}
	if c.src != nil {
		if m := c.src.modules[mi.static()]; m != nil {
			if b := m.resources[a.configKey()]; b != nil {
				if _, ok := b.Body.Attributes["count"]; ok {
					return intKey
				}
				if _, ok := b.Body.Attributes["for_each"]; ok {
					return stringKey
				}
			}
		}
	}
	return noKey
}

// objectOf is the cty value of an instance's end state, for the evaluator: unknown values
// marked with their origin, and the id (and, for buckets, the ARN) filled in where the
// provider makes it equal to a known attribute.
func (c *converter) objectOf(in *instance) cty.Value {
	if in.obj != cty.NilVal {
		return in.obj
	}
	v := planToCty(in.after.v, in.after.u, origin{addr: in.address})
	if v.Type().IsObjectType() && v.IsKnown() {
		attrs := v.AsValueMap()
		// A type whose id is not its name (an OpenSearch domain's is its ARN) keeps it
		// unknown.
		if attr := identityAttr[in.rc.Type]; attr != "" && !slices.Contains(notNameAttrs[in.rc.Type], "id") {
			if id, ok := attrs["id"]; ok && !id.IsKnown() {
				if name, ok := attrs[attr]; ok && name.IsKnown() && !name.IsMarked() {
					attrs["id"] = name
				}
			}
		}
		if in.rc.Type == "aws_s3_bucket" {
			if arn, ok := attrs["arn"]; ok && !arn.IsKnown() {
				if b, ok := attrs["bucket"]; ok && b.IsKnown() && !b.IsNull() && b.Type() == cty.String {
					attrs["arn"] = cty.StringVal(s3ARN(partitionOfRegion(in.region), b.AsString()))
				}
			}
		}
		v = cty.ObjectVal(attrs)
	}
	in.obj = v
	return v
}

func (c *converter) collectedAt() time.Time {
	if t, err := time.Parse(time.RFC3339, c.plan.Timestamp); err == nil {
		return t.UTC()
	}
	// Whole seconds, as a live collection records: jq's fromdate reads no fractions.
	return c.opts.Now().UTC().Truncate(time.Second)
}

// meta builds the common fields of the item an instance becomes.
func (c *converter) meta(in *instance, typ string) inventory.Meta {
	m := inventory.Meta{ID: in.address, Type: typ, AccountID: in.account, Region: in.region}
	// The provider computes the ARN; no configuration sets it, so there is nothing to
	// resolve when the plan does not know it.
	if n := in.after.get("arn"); n.wholeKnown() {
		m.ARN = str(n.v)
	} else {
		m.UnknownFields = append(m.UnknownFields, "arn")
	}
	if n := nameOf(in); n != "" {
		m.Name = n
	} else if identityAttr[in.rc.Type] != "" || in.rc.Type == "aws_db_instance" || in.rc.Type == "aws_sns_topic" || in.rc.Type == "aws_cloudtrail" {
		m.UnknownFields = append(m.UnknownFields, "name")
	}
	m.Tags = c.tags(in)
	m.Source = c.sourceRef(in)
	return m
}

// tags are the tags the resource ends up with: tags_all includes the provider's
// default_tags. A sensitive tag keeps its key, so a reader sees it is there, and shows
// SensitiveValue in place of its value.
func (c *converter) tags(in *instance) map[string]string {
	for _, attr := range []string{"tags_all", "tags"} {
		n := in.after.get(attr)
		if n.unknown() {
			continue
		}
		m, ok := n.v.(map[string]any)
		if !ok {
			continue
		}
		out := make(map[string]string, len(m))
		complete := true
		for k, v := range m {
			e := n.get(k)
			switch {
			case e.sensitive():
				out[k] = SensitiveValue
			case !e.wholeKnown():
				complete = false
			default:
				if s, ok := v.(string); ok {
					out[k] = s
				}
			}
		}
		if um, ok := n.u.(map[string]any); ok {
			for k, x := range um {
				if containsTrue(x) && !n.get(k).sensitive() {
					complete = false
				}
			}
		}
		if !complete {
			continue
		}
		return out
	}
	return nil
}

// SensitiveValue stands in a snapshot for a value the plan marks sensitive where the field
// is shown but never judged (a tag).
const SensitiveValue = "(sensitive)"

func addUnknown(m *inventory.Meta, field string) {
	if !slices.Contains(m.UnknownFields, field) {
		m.UnknownFields = append(m.UnknownFields, field)
	}
}

// arnAccountRegion splits arn:partition:service:region:account:resource.
func arnAccountRegion(arn string) (account, region string) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return "", ""
	}
	return parts[4], parts[3]
}

// holdsResources reports whether the snapshot holds a resource, beyond the accounts and
// regions its providers name.
func holdsResources(s *inventory.Snapshot) bool {
	for _, col := range s.Collections() {
		if col.Name != "accounts" && col.Name != "regions" && col.Len > 0 {
			return true
		}
	}
	return false
}

// maxWarnings bounds the warnings logged one by one: a plan of thousands of subscriptions to
// topics it does not manage would otherwise bury the report under a warning for each.
const maxWarnings = 20

func logWarnings(l *slog.Logger, warnings []string) {
	for i, w := range warnings {
		if i < maxWarnings {
			l.Warn("terraform configuration", "err", w)
		} else {
			l.Debug("terraform configuration", "err", w)
		}
	}
	if n := len(warnings) - maxWarnings; n > 0 {
		l.Warn("terraform configuration: more warnings left out; --log-level debug shows them", "more", n)
	}
}

// checkChangeShape refuses the parts of a resource change whose JSON type Terraform fixes
// and the reader would otherwise misread: an index that is neither a count number nor a
// for_each key, and masks (after_unknown, after_sensitive, before_sensitive) that hold
// anything but true, false, objects and arrays. A mask of "yes" read as "known" would
// have judged a value the plan does not have.
func checkChangeShape(rc *ResourceChange) error {
	switch x := rc.Index.(type) {
	case nil, string:
	case float64:
		if x < 0 || x != math.Trunc(x) {
			return fmt.Errorf("index %v is not a count index", x)
		}
	default:
		return fmt.Errorf("index is %s, want a number (count) or a string (for_each)", jsonKind(rc.Index))
	}
	for _, m := range []struct {
		name string
		v    any
	}{{"after_unknown", rc.Change.AfterUnknown}, {"after_sensitive", rc.Change.AfterSensitive}, {"before_sensitive", rc.Change.BeforeSensitive}} {
		if err := checkMask(m.v, m.name); err != nil {
			return err
		}
	}
	return nil
}

func checkMask(m any, at string) error {
	switch x := m.(type) {
	case nil, bool:
		return nil
	case []any:
		for i, e := range x {
			if err := checkMask(e, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
		return nil
	case map[string]any:
		for k, e := range x {
			if err := checkMask(e, at+"."+k); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("%s is %s, want true, false, an object or an array", at, jsonKind(m))
}
