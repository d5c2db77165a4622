package policies

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/cover"
	"github.com/open-policy-agent/opa/v1/loader"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"
)

// minRuleCoverage is the share of a rule file's lines its tests must exercise.
const minRuleCoverage = 90.0

// loadAll parses every embedded .rego file, tests included.
func loadAll(t testing.TB) map[string]*ast.Module {
	t.Helper()
	res, err := loader.NewFileLoader().WithFS(FS).WithProcessAnnotation(true).WithRegoVersion(ast.RegoV1).
		Filtered([]string{"."}, func(_ string, info fs.FileInfo, _ int) bool {
			return !info.IsDir() && !strings.HasSuffix(info.Name(), ".rego")
		})
	if err != nil {
		t.Fatal(err)
	}
	mods := map[string]*ast.Module{}
	for name, m := range res.Modules {
		mods[strings.TrimPrefix(name, "/")] = m.Parsed
	}
	return mods
}

func runRegoTests(ctx context.Context, mods map[string]*ast.Module, cov *cover.Cover) ([]*tester.Result, error) {
	// The tests run with the built-ins the rules have, no more.
	compiler := ast.NewCompiler().WithCapabilities(capabilities()).WithStrict(true).WithEnablePrintStatements(true)
	store := inmem.NewFromObject(map[string]any{"storewatch": map[string]any{"config": map[string]any{}}})
	runner := tester.NewRunner().
		SetCompiler(compiler).
		SetStore(store).
		SetModules(mods).
		CapturePrintOutput(true).
		RaiseBuiltinErrors(true)
	if cov != nil {
		runner = runner.SetCoverageQueryTracer(cov)
	}
	ch, err := runner.RunTests(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("run rego tests: %w", err)
	}
	var out []*tester.Result
	for r := range ch {
		out = append(out, r)
	}
	return out, nil
}

// TestRego runs every rule's _test.rego through OPA's tester and holds each rule file to a
// coverage threshold.
func TestRego(t *testing.T) {
	ctx := context.Background()
	mods := loadAll(t)
	cov := cover.New()
	results, err := runRegoTests(ctx, mods, cov)
	if err != nil {
		t.Fatal(err)
	}
	if len(results) == 0 {
		t.Fatal("no rego tests ran")
	}
	for _, r := range results {
		t.Run(r.Package+"/"+r.Name, func(t *testing.T) {
			switch {
			case r.Error != nil:
				t.Errorf("%s: error: %v\n%s", r.Location, r.Error, r.Output)
			case r.Skip:
				t.Errorf("%s: skipped tests are not allowed (todo_ prefix)", r.Location)
			case r.Fail:
				t.Errorf("%s: failed at %v\n%s", r.Location, r.FailedAt, r.Output)
			}
		})
	}
	report := cov.Report(mods)
	for _, file := range ruleFiles(mods) {
		fr := report.Files[file]
		if fr == nil {
			t.Errorf("%s: no coverage recorded", file)
			continue
		}
		if fr.Coverage < minRuleCoverage {
			t.Errorf("%s: tests cover %.1f%% of the rule, want at least %.0f%%; not covered: %v",
				file, fr.Coverage, minRuleCoverage, fr.NotCovered)
		}
	}
}

// ruleFiles lists the embedded rule files (not tests, not the library).
func ruleFiles(mods map[string]*ast.Module) []string {
	var out []string
	for f := range mods {
		if strings.HasSuffix(f, "_test.rego") || strings.HasPrefix(f, "lib/") {
			continue
		}
		out = append(out, f)
	}
	slices.Sort(out)
	return out
}

// TestEveryRuleHasTests checks the test conventions: each rule has a sibling _test.rego
// with at least one test_pass_ and one test_fail_ case, and a test_unknown_ case when it
// can say "unknown" itself.
func TestEveryRuleHasTests(t *testing.T) {
	mods := loadAll(t)
	for _, file := range ruleFiles(mods) {
		testFile := strings.TrimSuffix(file, ".rego") + "_test.rego"
		tm, ok := mods[testFile]
		if !ok {
			t.Errorf("%s has no %s", file, path.Base(testFile))
			continue
		}
		kinds := map[string]bool{}
		for _, r := range tm.Rules {
			name := r.Head.Name.String()
			for _, k := range []string{"pass", "fail", "unknown"} {
				if strings.HasPrefix(name, "test_"+k+"_") {
					kinds[k] = true
				}
			}
		}
		want := []string{"pass", "fail"}
		for _, r := range mods[file].Rules {
			if r.Head.Name.String() == "unknown" {
				want = append(want, "unknown")
				break
			}
		}
		for _, k := range want {
			if !kinds[k] {
				t.Errorf("%s has no test_%s_ case", testFile, k)
			}
		}
	}
}

// TestRuleTestsCatchBrokenRules breaks each rule two ways and checks that its own tests
// notice: with its deny emptied (a rule that never fails) and with a deny that fails every
// resource (a rule that always fails). A test suite that survives either proves nothing.
func TestRuleTestsCatchBrokenRules(t *testing.T) {
	if testing.Short() {
		t.Skip("mutation testing compiles every rule twice")
	}
	ctx := context.Background()
	mods := loadAll(t)
	for _, file := range ruleFiles(mods) {
		testFile := strings.TrimSuffix(file, ".rego") + "_test.rego"
		if _, ok := mods[testFile]; !ok {
			continue
		}
		for _, mutant := range []string{"never-fails", "always-fails"} {
			t.Run(file+"/"+mutant, func(t *testing.T) {
				mutated := map[string]*ast.Module{}
				for f, m := range mods {
					if strings.HasPrefix(f, "lib/") || f == testFile {
						mutated[f] = m
					}
				}
				mutated[file] = mutate(t, mods[file], mutant)
				results, err := runRegoTests(ctx, mutated, nil)
				if err != nil {
					t.Fatalf("the tests do not compile against the mutant: %v", err)
				}
				for _, r := range results {
					if r.Fail || r.Error != nil {
						return
					}
				}
				t.Errorf("every test of %s passes with the rule mutated to %s", file, mutant)
			})
		}
	}
}

func mutate(t testing.TB, m *ast.Module, kind string) *ast.Module {
	t.Helper()
	cp := m.Copy()
	var kept []*ast.Rule
	for _, r := range cp.Rules {
		if r.Head.Name.String() != "deny" {
			kept = append(kept, r)
		}
	}
	// The mutants build their findings from data the type checker cannot see, so that a
	// test is caught by what it asserts, not by a type error against the mutant.
	body := `deny contains x if { some x in data.storewatch.mutant.none }`
	if kind == "always-fails" {
		body = `deny contains f if {
			some coll in input
			some item in coll
			f := object.union(mutant_extra, {"id": item.id, "msg": "mutant"})
		}
		default mutant_extra := {}
		mutant_extra := data.storewatch.mutant.extra`
	}
	extra, err := ast.ParseModuleWithOpts("mutant.rego", fmt.Sprintf("package %s\n%s\n",
		strings.TrimPrefix(cp.Package.Path.String(), "data."), body), ast.ParserOptions{RegoVersion: ast.RegoV1})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range extra.Rules {
		r.Module = cp
		kept = append(kept, r)
	}
	cp.Rules = kept
	return cp
}
