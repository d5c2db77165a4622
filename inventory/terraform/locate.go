package terraform

import (
	"cmp"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/storewatch/storewatch/inventory"
)

// sourceRef locates an instance in the configuration: its resource block and the module
// blocks that instantiate it, outermost first. Without the configuration directory only the
// address is known.
func (c *converter) sourceRef(in *instance) *inventory.SourceRef {
	ref := &inventory.SourceRef{Address: in.address}
	if prev := in.rc.PreviousAddress; prev != "" && prev != in.address {
		ref.PreviousAddress = prev
	}
	if c.src == nil {
		return ref
	}
	for i, st := range in.addr.module {
		call := inventory.ModuleCallRef{Name: st.name}
		if m := c.src.modules[in.addr.module[:i].static()]; m != nil {
			if b := m.calls[st.name]; b != nil {
				sp := blockSpan(b)
				call.File, call.StartLine, call.EndLine = sp.file, sp.start, sp.end
			}
		}
		ref.ModuleCalls = append(ref.ModuleCalls, call)
	}
	if in.block != nil {
		sp := blockSpan(in.block)
		ref.File, ref.StartLine, ref.EndLine = sp.file, sp.start, sp.end
	}
	return ref
}

// providerSource locates the provider block a plan's account or region comes from, so
// that account and region findings point at it. keys are the provider configurations of
// the account's or region's resources; for a region, one that configures that region comes
// first, then the default AWS provider, then the others by key. A plan without resources
// in the account (or without keys) points at the default AWS provider. Without the .tf
// files, or when no block is found, only the provider's address is known.
func (c *converter) providerSource(keys map[string]bool, region string) *inventory.SourceRef {
	order := make([]string, 0, len(keys)+1)
	for k := range keys {
		order = append(order, k)
	}
	rank := func(k string) int {
		switch {
		case region != "" && c.providerRegions[k] == region:
			return 0
		case k == "aws":
			return 1
		}
		return 2
	}
	slices.SortFunc(order, func(a, b string) int { return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b)) })
	if len(order) == 0 {
		order = append(order, "aws")
	}
	var first *inventory.SourceRef
	for _, k := range order {
		ref, block := c.providerBlock(k)
		if first == nil {
			first = ref
		}
		if block != nil {
			sp := blockSpan(block)
			ref.File, ref.StartLine, ref.EndLine = sp.file, sp.start, sp.end
			return ref
		}
	}
	return first
}

// providerBlock is the address of a provider configuration, as Terraform writes it
// (module.x.provider["registry.terraform.io/hashicorp/aws"].west), and its block in the
// .tf files if they are at hand.
func (c *converter) providerBlock(key string) (*inventory.SourceRef, *hclsyntax.Block) {
	name, full, alias, module := "aws", "", "", ""
	if pc := c.providerConfig(key); pc != nil {
		name, full, alias, module = pc.Name, pc.FullName, pc.Alias, pc.ModuleAddress
	} else if k := providerKey(key); k != "aws" {
		name, alias, _ = strings.Cut(k, ".")
	}
	if full == "" {
		full = "registry.terraform.io/hashicorp/" + name
	}
	addr := `provider["` + full + `"]`
	if alias != "" {
		addr += "." + alias
	}
	if module != "" {
		addr = module + "." + addr
	}
	ref := &inventory.SourceRef{Address: addr}
	if c.src == nil {
		return ref, nil
	}
	mi, err := parseModuleInstance(module)
	if err != nil {
		return ref, nil
	}
	m := c.src.modules[mi.static()]
	if m == nil {
		return ref, nil
	}
	for _, b := range m.providers {
		if b.Labels[0] == name && providerAlias(b) == alias {
			return ref, b
		}
	}
	return ref, nil
}
