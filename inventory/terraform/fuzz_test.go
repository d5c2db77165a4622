package terraform

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/storewatch/storewatch/inventory"
)

// FuzzParsePlan feeds arbitrary bytes to the plan reader and the converter. Whatever the
// input, they return a plan error or a snapshot that storewatch itself reads back; they
// never panic. Seeds: testdata/fuzz/FuzzParsePlan.
func FuzzParsePlan(f *testing.F) {
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePlan(data)
		if err != nil {
			if !errors.Is(err, ErrInvalidPlan) {
				t.Fatalf("error %v does not wrap ErrInvalidPlan", err)
			}
			return
		}
		res, err := Convert(context.Background(), p, Options{PlanFile: "plan.json"})
		if err != nil {
			if !errors.Is(err, ErrInvalidPlan) {
				t.Fatalf("convert: %v does not wrap ErrInvalidPlan", err)
			}
			return
		}
		var buf bytes.Buffer
		if err := inventory.Write(&buf, res.Snapshot); err != nil {
			t.Fatalf("write: %v", err)
		}
		if _, err := inventory.Parse(buf.Bytes()); err != nil {
			t.Fatalf("the snapshot of a plan does not validate: %v\n%s", err, buf.Bytes())
		}
	})
}

// FuzzLocate feeds arbitrary bytes to the HCL locator as a module file, then evaluates every
// local and resource body in it against an empty plan. Spans must be well formed and
// nothing may panic. Seeds: testdata/fuzz/FuzzLocate.
func FuzzLocate(f *testing.F) {
	f.Add([]byte("resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		m := newModuleSource(".")
		_ = m.parseModuleFile("main.tf", src)
		check := func(what string, b *hclsyntax.Block) {
			sp := blockSpan(b)
			if sp.file != "main.tf" || sp.start < 1 || sp.end < sp.start {
				t.Fatalf("%s: bad span %+v", what, sp)
			}
		}
		for k, b := range m.resources {
			check(k, b)
		}
		for k, b := range m.calls {
			check(k, b)
		}
		for _, b := range m.providers {
			check("provider", b)
		}
		p := &Plan{FormatVersion: "1.2"}
		c := &converter{ctx: context.Background(), plan: p, cfg: newConfigIndex(&p.Configuration),
			byAddress: map[string]*instance{}, byConfig: map[string][]*instance{}, moduleKeys: map[string][]instanceKey{}, seenModuleKeys: map[string]bool{},
			identity: map[string]map[string]*instance{}}
		ev := newEvaluator(c, &sources{root: ".", modules: map[string]*moduleSource{"": m}})
		for name := range m.locals {
			_ = safeCtyToGo(ev.local(nil, name))
		}
		for key, b := range m.resources {
			in := &instance{address: key, block: b, rc: &ResourceChange{Type: b.Labels[0]}}
			_ = safeCtyToGo(ev.instanceBody(in))
		}
	})
}
