package policies

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/loader"

	"github.com/storewatch/storewatch/internal/fileutil"
)

// ErrPolicy is wrapped by every error about a rule file: one that does not parse, compile
// or carry valid metadata. Callers map it to "could not run".
var ErrPolicy = errors.New("policy error")

// loadModules parses the .rego files (not the _test.rego ones) of the embedded rules and of
// the user's directories.
func loadModules(userDirs []string) (map[string]*ast.Module, map[string]bool, error) {
	notRego := func(_ string, info fs.FileInfo, _ int) bool {
		return !info.IsDir() && (!strings.HasSuffix(info.Name(), ".rego") || strings.HasSuffix(info.Name(), "_test.rego"))
	}
	builtin, err := loader.NewFileLoader().
		WithFS(FS).
		WithProcessAnnotation(true).
		WithRegoVersion(ast.RegoV1).
		Filtered([]string{"."}, notRego)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: load embedded rules: %w", ErrPolicy, err)
	}
	modules := map[string]*ast.Module{}
	isBuiltin := map[string]bool{}
	for name, m := range builtin.Modules {
		modules["policies/"+strings.TrimPrefix(name, "/")] = m.Parsed
		isBuiltin["policies/"+strings.TrimPrefix(name, "/")] = true
	}
	for _, dir := range userDirs {
		info, err := os.Stat(dir)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: policy directory %w", ErrPolicy, fileutil.ReadError(dir, err))
		}
		if !info.IsDir() && !strings.HasSuffix(dir, ".rego") {
			return nil, nil, fmt.Errorf("%w: policy path %s is neither a directory nor a .rego file", ErrPolicy, dir)
		}
		res, err := loader.NewFileLoader().
			WithProcessAnnotation(true).
			WithRegoVersion(ast.RegoV1).
			Filtered([]string{dir}, notRego)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %s", ErrPolicy, describeLoadError(err))
		}
		if len(res.Modules) == 0 {
			return nil, nil, fmt.Errorf("%w: %s: %w (no .rego files)", ErrPolicy, dir, ErrNoRules)
		}
		for _, m := range res.Modules {
			modules[filepath.ToSlash(m.Name)] = m.Parsed
		}
	}
	return modules, isBuiltin, nil
}

// describeLoadError reduces OPA's loader errors to the first "file:line: code: message",
// which is what a person fixes first (the parser often reports one mistake twice).
func describeLoadError(err error) string {
	var all ast.Errors
	var loadErrs loader.Errors
	if errors.As(err, &loadErrs) {
		for _, e := range loadErrs {
			var one *ast.Error
			var many ast.Errors
			switch {
			case errors.As(e, &many):
				all = append(all, many...)
			case errors.As(e, &one):
				all = append(all, one)
			}
		}
	} else if !errors.As(err, &all) {
		return err.Error()
	}
	if len(all) == 0 {
		return err.Error()
	}
	all.Sort()
	first := all[0]
	msg := first.Code + ": " + first.Message
	if first.Location != nil {
		msg = fmt.Sprintf("%s:%d: %s", first.Location.File, first.Location.Row, msg)
	}
	if n := countLocations(all); n > 1 {
		msg += fmt.Sprintf(" (and errors at %d more places)", n-1)
	}
	return msg
}

func countLocations(errs ast.Errors) int {
	seen := map[string]bool{}
	for _, e := range errs {
		if e.Location != nil {
			seen[fmt.Sprintf("%s:%d", e.Location.File, e.Location.Row)] = true
		}
	}
	return len(seen)
}

func formatASTErrors(errs ast.Errors) string {
	errs.Sort()
	lines := make([]string, 0, len(errs))
	for _, e := range errs {
		loc := ""
		if e.Location != nil {
			loc = fmt.Sprintf("%s:%d: ", e.Location.File, e.Location.Row)
		}
		lines = append(lines, loc+e.Code+": "+e.Message)
	}
	slices.Sort(lines)
	return strings.Join(slices.Compact(lines), "\n")
}
