package terraform

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// maxSourceFileBytes bounds one .tf file: configuration files are small, and a stray huge
// file must not exhaust memory.
const maxSourceFileBytes = 16 << 20

// moduleSource is the parsed configuration of one module directory. Block ranges name files
// by their path relative to the configuration root, with forward slashes.
type moduleSource struct {
	// rel is the directory relative to the root ("." for the root module).
	rel       string
	resources map[string]*hclsyntax.Block // aws_s3_bucket.this, data.aws_iam_policy.x
	calls     map[string]*hclsyntax.Block // module blocks by name
	locals    map[string]*hclsyntax.Attribute
	variables map[string]*hclsyntax.Block
	outputs   map[string]*hclsyntax.Block
	providers []*hclsyntax.Block
}

// sources holds the parsed modules of a configuration, by static module path ("" root,
// "a", "a.b").
type sources struct {
	root    string
	modules map[string]*moduleSource
}

func newModuleSource(rel string) *moduleSource {
	return &moduleSource{
		rel:       rel,
		resources: map[string]*hclsyntax.Block{},
		calls:     map[string]*hclsyntax.Block{},
		locals:    map[string]*hclsyntax.Attribute{},
		variables: map[string]*hclsyntax.Block{},
		outputs:   map[string]*hclsyntax.Block{},
	}
}

// parseModuleFile adds the top-level blocks of one .tf file to the module. name is the
// file's path relative to the configuration root; it ends up in every range. The first
// declaration of a block wins, so override files (read last) never move a location.
func (m *moduleSource) parseModuleFile(name string, src []byte) hcl.Diagnostics {
	f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	if f == nil {
		return diags
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return diags
	}
	for _, b := range body.Blocks {
		switch {
		case b.Type == "resource" && len(b.Labels) == 2:
			addOnce(m.resources, b.Labels[0]+"."+b.Labels[1], b)
		case b.Type == "data" && len(b.Labels) == 2:
			addOnce(m.resources, "data."+b.Labels[0]+"."+b.Labels[1], b)
		case b.Type == "module" && len(b.Labels) == 1:
			addOnce(m.calls, b.Labels[0], b)
		case b.Type == "variable" && len(b.Labels) == 1:
			addOnce(m.variables, b.Labels[0], b)
		case b.Type == "output" && len(b.Labels) == 1:
			addOnce(m.outputs, b.Labels[0], b)
		case b.Type == "provider" && len(b.Labels) == 1:
			m.providers = append(m.providers, b)
		case b.Type == "locals":
			for name, a := range b.Body.Attributes {
				if _, dup := m.locals[name]; !dup {
					m.locals[name] = a
				}
			}
		}
	}
	return diags
}

func addOnce[T any](m map[string]T, k string, v T) {
	if _, dup := m[k]; !dup {
		m[k] = v
	}
}

// loadModuleDir parses the .tf files of one directory, in Terraform's order: primary files
// by name, then override files.
func loadModuleDir(ctx context.Context, root, rel string) (*moduleSource, []error, error) {
	dir := filepath.Join(root, filepath.FromSlash(rel))
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("read module directory: %w", err)
	}
	var primary, override []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".tf") || strings.HasPrefix(n, ".") {
			continue
		}
		if n == "override.tf" || strings.HasSuffix(n, "_override.tf") {
			override = append(override, n)
		} else {
			primary = append(primary, n)
		}
	}
	sort.Strings(primary)
	sort.Strings(override)
	m := newModuleSource(rel)
	var problems []error
	for _, n := range append(primary, override...) {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		src, err := readBounded(filepath.Join(dir, n))
		if err != nil {
			return nil, nil, err
		}
		// Terraform planned this configuration, so it parses; a file that does not is
		// reported and what of it parsed is still used.
		if diags := m.parseModuleFile(path.Join(rel, n), src); diags.HasErrors() {
			problems = append(problems, fmt.Errorf("parse %s: %w", path.Join(rel, n), diags))
		}
	}
	return m, problems, nil
}

func readBounded(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	defer func() { _ = f.Close() }()
	data, err := io.ReadAll(io.LimitReader(f, maxSourceFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	if len(data) > maxSourceFileBytes {
		return nil, fmt.Errorf("read configuration: %s is larger than %d MiB", name, maxSourceFileBytes>>20)
	}
	return data, nil
}

// moduleManifest is .terraform/modules/modules.json, which `terraform init` writes: where
// each module call's source was installed, relative to the root.
type moduleManifest struct {
	Modules []struct {
		Key string `json:"Key"`
		Dir string `json:"Dir"`
	} `json:"Modules"`
}

// loadSources parses the root module and every module the configuration calls whose source
// is on disk: local paths, and anything `terraform init` installed under .terraform. A
// module that cannot be found is left out and reported in the returned problems; the
// resources in it then have no location inside the module.
func loadSources(ctx context.Context, root string, cfg *configIndex) (*sources, []error) {
	s := &sources{root: root, modules: map[string]*moduleSource{}}
	rootMod, problems, err := loadModuleDir(ctx, root, ".")
	if err != nil {
		return nil, []error{err}
	}
	s.modules[""] = rootMod
	installed := map[string]string{}
	if data, err := readBounded(filepath.Join(root, ".terraform", "modules", "modules.json")); err == nil {
		var man moduleManifest
		if json.Unmarshal(data, &man) == nil {
			for _, m := range man.Modules {
				if m.Key != "" {
					installed[m.Key] = filepath.ToSlash(filepath.Clean(m.Dir))
				}
			}
		}
	}
	paths := make([]string, 0, len(cfg.calls))
	for p := range cfg.calls {
		paths = append(paths, p)
	}
	// Parents before children, so a child's relative source resolves against its parent.
	sort.Slice(paths, func(i, j int) bool {
		di, dj := strings.Count(paths[i], "."), strings.Count(paths[j], ".")
		if di != dj {
			return di < dj
		}
		return paths[i] < paths[j]
	})
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return s, append(problems, err)
		}
		rel, ok := installed[p]
		if !ok {
			parentPath := ""
			if i := strings.LastIndexByte(p, '.'); i >= 0 {
				parentPath = p[:i]
			}
			parent := s.modules[parentPath]
			src := cfg.calls[p].Source
			local := strings.HasPrefix(src, "./") || strings.HasPrefix(src, "../")
			switch {
			case !local:
				problems = append(problems, fmt.Errorf("module %s: source %q is not on disk (run terraform init in the configuration directory to install it)", p, src))
				continue
			case parent == nil:
				// terraform init installs no local path: the directory it is relative to is
				// not the configuration the plan was made from.
				problems = append(problems, fmt.Errorf("module %s: local source %q is relative to a module that is not on disk (is --tf-dir the directory the plan was made in?)", p, src))
				continue
			}
			rel = path.Clean(path.Join(parent.rel, src))
		}
		m, more, err := loadModuleDir(ctx, root, rel)
		if err != nil {
			problems = append(problems, fmt.Errorf("module %s: %w", p, err))
			continue
		}
		problems = append(problems, more...)
		s.modules[p] = m
	}
	return s, problems
}

// span is the file and lines of a block.
type span struct {
	file       string
	start, end int
}

func blockSpan(b *hclsyntax.Block) span {
	r := b.Range()
	return span{file: r.Filename, start: r.Start.Line, end: r.End.Line}
}
