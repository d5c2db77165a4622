package terraform

import (
	"github.com/storewatch/storewatch/inventory"
)

// sourceRef locates an instance in the configuration: its resource block and the module
// blocks that instantiate it, outermost first. Without the configuration directory only the
// address is known.
func (c *converter) sourceRef(in *instance) *inventory.SourceRef {
	ref := &inventory.SourceRef{Address: in.address}
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

// providerSource locates the default AWS provider block, where a plan's account and region
// come from: account and region findings point at it.
func (c *converter) providerSource() *inventory.SourceRef {
	ref := &inventory.SourceRef{Address: `provider["registry.terraform.io/hashicorp/aws"]`}
	if c.src == nil || c.src.modules[""] == nil {
		return ref
	}
	for _, b := range c.src.modules[""].providers {
		if b.Labels[0] == "aws" && providerAlias(b) == "" {
			sp := blockSpan(b)
			ref.File, ref.StartLine, ref.EndLine = sp.file, sp.start, sp.end
		}
	}
	return ref
}
